namespace PlanningSolver.Cli.Tests;

public sealed class SweepCommandTests
{
    private static readonly string[] Sweep = ["sweep", "ring-33", "--set", "ev_share=0.2,0.4,0.6", "--set", "demand_scale=1,1.1", "--pricing", "tou", "--uniform", "-q"];

    [Fact]
    public void A_setting_is_an_axis_and_each_point_matches_evaluate_with_that_setting()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-sweep-").FullName, "out");
        var (code, output, err) = Cli.Run("sweep", "ring-33", "--set", "pricing=tou,dlmp", "--uniform", "--json", "-q", "--out", folder);
        Assert.True(code == 0, err);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var points = doc.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(2, doc.RootElement.GetProperty("points_total").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("points_run").GetInt32());
        Assert.Equal(["tou", "dlmp"], points.Select(p => p.GetProperty("pricing").GetString()));

        // Second method: the evaluate command with --pricing gives each point's social cost.
        foreach (var point in points)
        {
            var pricing = point.GetProperty("pricing").GetString()!;
            (code, var json, err) = Cli.Run("evaluate", "ring-33", "--uniform", "--pricing", pricing, "--json", "-q");
            Assert.True(code == 0, err);
            using var single = System.Text.Json.JsonDocument.Parse(json);
            Assert.Equal(single.RootElement.GetProperty("social_cost_usd_per_day").GetDouble(), point.GetProperty("social_cost_usd_per_day").GetDouble());
            Assert.Equal(single.RootElement.GetProperty("coupling_iterations").GetInt32(), point.GetProperty("coupling_iterations").GetInt32());
        }

        Assert.NotEqual(points[0].GetProperty("social_cost_usd_per_day").GetDouble(), points[1].GetProperty("social_cost_usd_per_day").GetDouble());
        // --json carries what results.csv holds, typed.
        var rows = File.ReadAllLines(Path.Combine(folder, "results.csv"));
        Assert.StartsWith("point,pricing,status,social_cost_usd_per_day,", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("1,dlmp,converged,", rows[2], StringComparison.Ordinal);
        Assert.True(points[1].GetProperty("budget_ok").GetBoolean());
    }

    [Theory]
    [InlineData(new[] { "--set", "ev_share=0.3", "--set", "pricing=dlmp,lmp" }, "error: --set: column 'pricing': 'lmp' must be dlmp or tou")]
    [InlineData(new[] { "--set", "seed=1,2" }, "error: --set: column 'seed': 'seed' is a search setting: it changes results only with --mode plan")]
    [InlineData(new[] { "--set", "pricing=dlmp,tou", "--pricing", "tou" }, "error: --set pricing=…: pricing is swept; do not also give --pricing")]
    [InlineData(new[] { "--set", "evaluations=4,0", "--mode", "plan" }, "error: --set: column 'evaluations': '0' must be an integer >= 1")]
    public void A_bad_setting_axis_is_refused_before_any_point_runs(string[] axes, string message)
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-sweep-").FullName, "out");
        var (code, output, err) = Cli.Run(["sweep", .. axes, "-q", "--out", folder]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(message, err.Trim());
        Assert.False(File.Exists(Path.Combine(folder, "results.csv")));
    }

    [Fact]
    public void Three_shards_merged_equal_the_unsharded_sweep()
    {
        var root = Directory.CreateTempSubdirectory("ps-sweep-").FullName;
        var whole = Path.Combine(root, "whole");
        var (code, _, err) = Cli.Run([.. Sweep, "--out", whole]);
        Assert.True(code == 0, err);
        var shards = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var shard = Path.Combine(root, $"shard{i}");
            (code, _, err) = Cli.Run([.. Sweep, "--shard", $"{i}/3", "--out", shard]);
            Assert.True(code == 0, err);
            Assert.Equal(3, File.ReadAllLines(Path.Combine(shard, "results.csv")).Length); // header + 2 of the 6 points
            shards.Add(shard);
        }

        var merged = Path.Combine(root, "merged");
        (code, _, err) = Cli.Run(["merge", .. shards, "--out", merged]);
        Assert.True(code == 0, err);
        Assert.Equal(WithoutWallTime(Path.Combine(whole, "results.csv")), WithoutWallTime(Path.Combine(merged, "results.csv")));
        Assert.Equal(7, File.ReadAllLines(Path.Combine(merged, "results.csv")).Length);
    }

    [Fact]
    public void Merge_names_missing_points()
    {
        var root = Directory.CreateTempSubdirectory("ps-sweep-").FullName;
        var shard = Path.Combine(root, "shard0");
        var (code, _, err) = Cli.Run(["sweep", "ring-33", "--set", "ev_share=0.1,0.2,0.3", "--pricing", "tou", "--shard", "0/3", "--out", shard, "-q"]);
        Assert.True(code == 0, err);
        (code, _, err) = Cli.Run(["merge", shard, "--out", Path.Combine(root, "m")]);
        Assert.Equal(2, code);
        Assert.Equal("error: merge: column 'point': points 1,2 are missing (2 of 3)", err.Trim());
    }

    [Fact]
    public void The_shard_index_comes_from_the_scheduler_environment()
    {
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "2" };
        var shard = Planning.Studies.SweepShard.Parse("/4", name => env.GetValueOrDefault(name));
        Assert.Equal(new Planning.Studies.SweepShard(2, 4), shard);
        env = new() { ["JOB_COMPLETION_INDEX"] = "1" };
        Assert.Equal(new Planning.Studies.SweepShard(1, 4), Planning.Studies.SweepShard.Parse("/4", name => env.GetValueOrDefault(name)));
        Assert.Throws<Core.InputError>(() => Planning.Studies.SweepShard.Parse("5/4", _ => null));
    }

    /// <summary>wall_seconds is the last column and the only one that varies between runs.</summary>
    private static List<string> WithoutWallTime(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.EndsWith(",wall_seconds", lines[0]);
        return lines.Select(l => l[..l.LastIndexOf(',')]).ToList();
    }
}
