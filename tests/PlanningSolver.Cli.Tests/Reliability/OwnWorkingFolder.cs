namespace PlanningSolver.Cli.Tests.Reliability;

/// <summary>
/// The hostile-input suites run every CLI invocation in its own temporary working folder, so a generated argument that
/// becomes a relative output path (a stray token taken as <c>cases export</c>'s DIR, a value a flag does not take) lands
/// there and is deleted, never in the test process's working folder or the repository. The working folder is process-wide
/// state, so the suites that change it form one collection that xunit runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnWorkingFolder
{
    public const string Name = "CLI runs in their own working folder";

    /// <summary>Runs <paramref name="run"/> with <paramref name="folder"/> (created) as the working folder, then restores it.</summary>
    public static T In<T>(string folder, Func<T> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(folder);
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = folder;
        try
        {
            return run();
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    /// <summary>Every entry under <paramref name="folder"/> with its size and write time, to show nothing was added, removed or changed.</summary>
    public static List<string> Snapshot(string folder) =>
        [.. new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(e => $"{Path.GetRelativePath(folder, e.FullName)}\t{(e is FileInfo f ? f.Length : -1)}\t{e.LastWriteTimeUtc.Ticks}")
            .Order(StringComparer.Ordinal)];

    /// <summary>Fails when the test process's working folder differs from <paramref name="before"/> (<see cref="Snapshot"/>).</summary>
    public static void AssertUnchanged(List<string> before, string what)
    {
        var after = Snapshot(Environment.CurrentDirectory);
        var added = after.Except(before).ToList();
        var removed = before.Except(after).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0,
            $"{what} changed the test process's working folder {Environment.CurrentDirectory}: new or changed {string.Join(", ", added.Take(10))}; gone {string.Join(", ", removed.Take(10))}");
    }
}
