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
    /// <summary>Extensions of the files the tool reads (cases, networks, feeders, node files) and writes as results: a log
    /// appended to one of them would corrupt it.</summary>
    private static readonly string[] DataExtensions = [".csv", ".json", ".m", ".tntp", ".geojson", ".md", ".html", ".png"];

    /// <summary>
    /// The log file (<c>--log-file</c>): appended to, so an existing log is fine, but not a folder, a file in a case folder,
    /// or an existing data or result file (by its extension). Returns the full path, or throws an <see cref="InputError"/>.
    /// </summary>
    public static string CheckLog(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = Path.GetFullPath(file);
        if (Directory.Exists(path))
        {
            throw new InputError(path, null, null, "is a folder; --log-file takes a file name");
        }

        var folder = Path.GetDirectoryName(path);
        if (folder is not null && File.Exists(Path.Combine(folder, CaseFileNames.Manifest)))
        {
            throw new InputError(path, null, null, $"is in a case folder ({CaseFileNames.Manifest}); the log is never written into a case folder, choose another --log-file");
        }

        if (File.Exists(path) && DataExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
        {
            throw new InputError(path, null, null, "is a data or result file; the log is appended to --log-file, choose a log file (e.g. run.log)");
        }

        return path;
    }

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
