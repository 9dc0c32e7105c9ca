namespace PlanningSolver.Cli.Tests.Integrity;

/// <summary>
/// Issue 13, one naming rule: the cost columns now carry their unit (docs/outputs.md, "Naming rule"). A run folder
/// written before, whose evaluations.csv or results.csv has the old names, is refused in one line that names the file
/// and the old column (exit 2), never half-read; its file is left as it was.
/// </summary>
public sealed class OldColumnNamesTests
{
    private static readonly string[] Plan = ["plan", "ring-33", "--evaluations", "2", "--pricing", "tou", "--threads", "2", "-q"];

    /// <summary>The header as the earlier version wrote it (the renaming of docs/outputs.md undone).</summary>
    private static void RestoreOldHeader(string file)
    {
        var lines = File.ReadAllLines(file);
        var renamed = Planning.Output.OutputNames.Renamed.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        lines[0] = string.Join(",", lines[0].Split(',').Select(c => renamed.GetValueOrDefault(c, c)));
        Assert.StartsWith("order,batch,kind", lines[0], StringComparison.Ordinal);
        File.WriteAllLines(file, lines);
    }

    [Fact]
    public void A_plan_folder_with_the_old_cost_columns_is_refused_naming_the_file_and_column()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-oldnames-").FullName, "out");
        var (code, _, err) = Cli.Run([.. Plan, "--out", folder]);
        Assert.True(code == 0, err);
        var evaluations = Path.Combine(folder, "evaluations.csv");
        Assert.Contains("social_cost_usd_per_day", File.ReadLines(evaluations).First(), StringComparison.Ordinal);
        RestoreOldHeader(evaluations);
        var old = File.ReadAllText(evaluations);

        foreach (var args in new[] { [.. Plan, "--out", folder], new[] { "plan", "--resume", folder, "-q" } })
        {
            (code, _, err) = Cli.Run(args);
            Assert.Equal(2, code);
            Assert.Single(err.Trim().Split('\n'));
            Assert.Contains(evaluations, err, StringComparison.Ordinal);
            Assert.Contains("'social_cost' is now 'social_cost_usd_per_day'", err, StringComparison.Ordinal);
            Assert.Equal(old, File.ReadAllText(evaluations));
        }

        // --archive reads a file of the same case; an old one is refused the same way, named.
        var other = Path.Combine(Path.GetDirectoryName(folder)!, "other");
        (code, _, err) = Cli.Run([.. Plan, "--archive", evaluations, "--out", other]);
        Assert.Equal(2, code);
        Assert.Contains(evaluations, err, StringComparison.Ordinal);
        Assert.Contains("'social_cost'", err, StringComparison.Ordinal);

        // --force starts over with the new names.
        (code, _, err) = Cli.Run([.. Plan, "--out", folder, "--force"]);
        Assert.True(code == 0, err);
        Assert.Contains("merit_usd_per_day", File.ReadLines(evaluations).First(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_folder_with_the_old_cost_columns_is_refused()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-oldnames-").FullName, "sweep");
        string[] sweep = ["sweep", "ring-33", "--set", "ev_share=0.2", "--pricing", "tou", "--uniform", "--threads", "2", "-q", "--out", folder];
        var (code, _, err) = Cli.Run(sweep);
        Assert.True(code == 0, err);
        var results = Path.Combine(folder, "results.csv");
        var lines = File.ReadAllLines(results);
        lines[0] = lines[0].Replace("social_cost_usd_per_day", "social_cost", StringComparison.Ordinal);
        File.WriteAllLines(results, lines);

        (code, _, err) = Cli.Run(sweep);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(results, err, StringComparison.Ordinal);
        Assert.Contains("'social_cost' is now 'social_cost_usd_per_day'", err, StringComparison.Ordinal);
    }
}
