using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;

namespace PlanningSolver.Planning.Output;

/// <summary>How a run uses an output folder that may already hold a run.</summary>
public enum FolderUse
{
    /// <summary>A new run: a folder with the same fingerprint is continued (nothing is recomputed), any other is refused.</summary>
    New,

    /// <summary><c>--resume</c>: the folder's run continues; only the differences the caller allows are accepted.</summary>
    Resume,

    /// <summary><c>--force</c>: the folder's earlier results (the files this command writes) are deleted first.</summary>
    Replace,
}

/// <summary>
/// An output folder, checked before anything is solved and locked while the run writes into it. A run never writes
/// into a case folder (one holding case.json) or over one of its own inputs, never mixes its results with another run's
/// (<see cref="RunRecord"/> fingerprint), and two runs never write into one folder at once (<see cref="RunLock"/>).
/// </summary>
public sealed class RunFolder : IDisposable
{
    /// <summary>The command whose runs continue with <c>--resume DIR</c> (the others are continued by running them again).</summary>
    private const string ResumableCommand = "plan";

    private readonly RunLock _lock;

    private RunFolder(string path, RunLock runLock, RunRecord? previous)
    {
        Path = path;
        _lock = runLock;
        Previous = previous;
    }

    public string Path { get; }

    /// <summary>The run the folder held before (same fingerprint, or the resumed one), null for a fresh folder.</summary>
    public RunRecord? Previous { get; }

    /// <summary>
    /// Checks the folder for <paramref name="record"/>, takes its lock and writes run.json. Every refusal is an
    /// <see cref="InputError"/> (exit code 2) naming the folder and what to do.
    /// </summary>
    /// <param name="folder">The output folder (created when absent).</param>
    /// <param name="inputs">Every file the run reads (full or relative paths); none may lie inside the folder.</param>
    /// <param name="outputs">The names of the files the command writes into the folder (deleted by <see cref="FolderUse.Replace"/>).</param>
    /// <param name="allowed">On <see cref="FolderUse.Resume"/>, the differences to the recorded run that are accepted.</param>
    public static RunFolder Open(string folder, RunRecord record, FolderUse use, IEnumerable<string> inputs, IReadOnlyCollection<string> outputs,
        Func<RunDifference, bool>? allowed = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var path = CheckPlace(folder, inputs);
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputError(path, e.Message, e);
        }

        var runLock = RunLock.Acquire(path, record.Command);
        try
        {
            var previous = Check(path, record, use, outputs, allowed ?? (_ => false));
            record.Write(path);
            return new RunFolder(path, runLock, previous);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The checks that need no lock: <paramref name="folder"/> is not a file, not a case folder, and holds none of
    /// <paramref name="inputs"/>. Returns the full path. Also used by commands that write single files.
    /// </summary>
    public static string CheckPlace(string folder, IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var path = System.IO.Path.GetFullPath(folder);
        if (File.Exists(path))
        {
            throw new InputError(path, null, null, "is a file; --out takes a folder");
        }

        if (File.Exists(System.IO.Path.Combine(path, CaseFileNames.Manifest)))
        {
            throw new InputError(path, null, null, $"holds a case ({CaseFileNames.Manifest}); results are never written into a case folder, choose another --out");
        }

        var inside = path.EndsWith(System.IO.Path.DirectorySeparatorChar) ? path : path + System.IO.Path.DirectorySeparatorChar;
        foreach (var input in inputs)
        {
            var full = System.IO.Path.GetFullPath(input);
            if (full.StartsWith(inside, StringComparison.Ordinal))
            {
                throw new InputError(path, null, null, $"holds {full}, an input of this run; results are never written next to their inputs, choose another --out");
            }
        }

        return path;
    }

    private static RunRecord? Check(string path, RunRecord record, FolderUse use, IReadOnlyCollection<string> outputs, Func<RunDifference, bool> allowed)
    {
        RunRecord? previous;
        try
        {
            previous = RunRecord.TryRead(path);
        }
        catch (InputError) when (use == FolderUse.Replace)
        {
            previous = null;
        }
        catch (InputError e) when (use == FolderUse.New)
        {
            throw new InputError(path, null, null, $"holds a run this version cannot read ({e.Problem}); choose another --out, or --force to replace it");
        }

        if (use == FolderUse.Replace)
        {
            Delete(path, outputs);
            return null;
        }

        if (previous is null)
        {
            if (use == FolderUse.Resume)
            {
                throw new InputError(System.IO.Path.Combine(path, RunRecord.FileName), null, null, "file not found (not a run folder, nothing to resume)");
            }

            var stale = outputs.Where(f => File.Exists(System.IO.Path.Combine(path, f))).ToList();
            return stale.Count == 0 ? null
                : throw new InputError(path, null, null, $"holds results ({string.Join(", ", stale.Take(3))}) without {RunRecord.FileName}, from another run; choose another --out, or --force to replace them");
        }

        if (previous.Command != record.Command)
        {
            throw new InputError(path, null, null, $"holds a {previous.Command} run, not a {record.Command} run; choose another --out, or --force to replace it");
        }

        var differences = previous.Differences(record);
        if (use == FolderUse.Resume)
        {
            var refused = differences.Where(d => !allowed(d)).ToList();
            return refused.Count == 0 ? previous
                : throw new InputError(path, null, null, $"cannot resume: {Describe(refused)}; only a larger --evaluations may change on --resume (use another --out, or --force to start over)");
        }

        return differences.Count == 0 ? previous
            : throw new InputError(path, null, null, $"holds a {previous.Command} run with other settings ({Describe(differences)}); choose another --out, {(record.Command == ResumableCommand ? "--resume it, " : "")}or --force to replace it");
    }

    private static string Describe(IReadOnlyList<RunDifference> differences) =>
        string.Join("; ", differences.Take(4).Select(d => d.ToString())) + (differences.Count > 4 ? $"; and {differences.Count - 4} more" : "");

    /// <summary>Deletes the command's own files (and run.json); other files in the folder are left alone.</summary>
    private static void Delete(string path, IReadOnlyCollection<string> outputs)
    {
        foreach (var name in outputs.Append(RunRecord.FileName))
        {
            var file = System.IO.Path.Combine(path, name);
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OutputError(file, e.Message, e);
            }
        }
    }

    public void Dispose() => _lock.Dispose();
}
