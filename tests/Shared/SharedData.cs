namespace PlanningSolver.Testing;

/// <summary>
/// Finds the reference data folder <c>../shared/data</c> beside the repository (or <c>PLANNING_SOLVER_SHARED_DATA</c>).
/// Tests read it in place and are skipped with a message where it is absent; its files are never copied into the repo.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The data folder, or null when it is not there.</summary>
    public static string? Folder => Root.Value;

    /// <summary>Full path of a file under the data folder, e.g. <c>Path("tntp/SiouxFalls/SiouxFalls_net.tntp")</c>.</summary>
    public static string Path(string relative) =>
        System.IO.Path.Combine(Folder ?? throw new InvalidOperationException("shared data folder is absent"), relative);

    public static bool Has(string relative) => Folder is not null && File.Exists(System.IO.Path.Combine(Folder, relative));

    public static string SkipReason(string relative) =>
        $"reference data '../shared/data/{relative}' is absent (set PLANNING_SOLVER_SHARED_DATA or place shared/ beside the repository)";

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("PLANNING_SOLVER_SHARED_DATA") is { Length: > 0 } env && Directory.Exists(env))
        {
            return env;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { System.IO.Path.Combine(dir.FullName, "shared", "data"), System.IO.Path.Combine(dir.FullName, "..", "shared", "data") })
            {
                if (Directory.Exists(candidate))
                {
                    return System.IO.Path.GetFullPath(candidate);
                }
            }
        }

        return null;
    }
}

/// <summary>Locates the repository root (the folder holding PlanningSolver.sln).</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PlanningSolver.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PlanningSolver.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Folder => Root.Value;

    public static string Path(string relative) => System.IO.Path.Combine(Folder, relative);
}
