using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;

namespace PlanningSolver.Planning.Output;

/// <summary>
/// The checks before a command that writes one result file (<c>pf --out FILE</c>) solves anything: the path is not a
/// folder, not one of the run's inputs, not inside a case folder, and not an existing file unless the user asked to
/// replace it. The file itself is then written with <see cref="AtomicFile"/> (temporary name, then rename).
/// </summary>
public static class OutputFile
{
    /// <summary>Returns the full path, or throws an <see cref="InputError"/> naming it.</summary>
    /// <param name="option">The option that names the file, for the message (<c>--flows-out</c>, …).</param>
    public static string Check(string file, IEnumerable<string> inputs, bool replace, string option = "--out")
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(inputs);
        var path = Path.GetFullPath(file);
        if (Directory.Exists(path))
        {
            throw new InputError(path, null, null, $"is a folder; {option} takes a file name here");
        }

        if (inputs.Any(input => string.Equals(Path.GetFullPath(input), path, StringComparison.Ordinal)))
        {
            throw new InputError(path, null, null, $"is an input of this run; results never overwrite their inputs, choose another {option}");
        }

        var folder = Path.GetDirectoryName(path);
        if (folder is not null && File.Exists(Path.Combine(folder, CaseFileNames.Manifest)))
        {
            throw new InputError(path, null, null, $"is in a case folder ({CaseFileNames.Manifest}); results are never written into a case folder, choose another {option}");
        }

        if (File.Exists(path) && !replace)
        {
            throw new InputError(path, null, null, $"exists; choose another {option}, or --force to replace it");
        }

        return path;
    }
}
