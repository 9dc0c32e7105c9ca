using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlanningSolver.Cli.Tests;

public sealed class PlanCommandTests
{
    private const string Case = "ring-33";

    [Fact]
    public void Same_seed_gives_the_same_results_with_one_and_two_threads()
    {
        var one = Run("--threads", "1", "--batch", "2");
        var two = Run("--threads", "2", "--batch", "2");
        Assert.Equal(WithoutTimings(File.ReadAllText(Path.Combine(one, "summary.json"))), WithoutTimings(File.ReadAllText(Path.Combine(two, "summary.json"))));
        Assert.Equal(CsvWithoutTimings(Path.Combine(one, "evaluations.csv")), CsvWithoutTimings(Path.Combine(two, "evaluations.csv")));
        foreach (var file in new[] { "stations.csv", "stations_hourly.csv", "buses_hourly.csv", "links_hourly.csv", "report.md" })
        {
            if (file == "report.md")
            {
                continue; // carries the wall time in its header line
            }

            Assert.Equal(File.ReadAllBytes(Path.Combine(one, file)), File.ReadAllBytes(Path.Combine(two, file)));
        }
    }

    [Fact]
    public void A_resumed_run_neither_loses_nor_repeats_an_evaluation()
    {
        var full = Run("--threads", "2");
        var interrupted = Run("--threads", "2");
        // Simulate a kill after three evaluations: keep the header and three rows, drop the rest and the final files.
        var lines = File.ReadAllLines(Path.Combine(interrupted, "evaluations.csv"));
        File.WriteAllLines(Path.Combine(interrupted, "evaluations.csv"), lines.Take(4));
        File.Delete(Path.Combine(interrupted, "summary.json"));

        var (code, output, err) = Cli.Run("plan", "--resume", interrupted, "--json", "-q");
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(output)!;
        Assert.Equal(lines.Length - 4, summary["new_evaluations"]!.GetValue<int>());
        Assert.Equal(CsvWithoutTimings(Path.Combine(full, "evaluations.csv")), CsvWithoutTimings(Path.Combine(interrupted, "evaluations.csv")));
        var plans = File.ReadAllLines(Path.Combine(interrupted, "evaluations.csv")).Skip(1).Select(l => string.Join(",", l.Split(',').Skip(3).Take(8))).ToList();
        Assert.Equal(plans.Count, plans.Distinct().Count());
    }

    [Fact]
    public void Summary_has_the_documented_keys_and_case_1_is_the_best_feasible_evaluation()
    {
        var folder = Run("--threads", "2");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        string[] keys = ["case", "seed", "evaluations", "best", "uniform", "equal_power", "saving_usd_per_day", "plan_dependent_uniform_usd_per_day", "saving_share_of_plan_dependent",
            "saving_how_much_usd_per_day", "saving_where_usd_per_day", "wall_seconds"];
        Assert.Equal(keys, doc.RootElement.EnumerateObject().Select(p => p.Name).Take(keys.Length));

        // Second reading of the same run: the lowest merit among the feasible rows of evaluations.csv is Case 1's plan.
        var lines = File.ReadAllLines(Path.Combine(folder, "evaluations.csv"));
        var header = lines[0].Split(',').ToList();
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var feasible = rows.Where(r => r[header.IndexOf("feasible")] == "true").ToList();
        var chosen = (feasible.Count > 0 ? feasible : rows).MinBy(r => double.Parse(r[header.IndexOf("merit_usd_per_day")], System.Globalization.CultureInfo.InvariantCulture))!;
        var best = doc.RootElement.GetProperty("best");
        foreach (var column in header.Where(h => h.StartsWith("kw_", StringComparison.Ordinal)))
        {
            Assert.Equal(double.Parse(chosen[header.IndexOf(column)], System.Globalization.CultureInfo.InvariantCulture),
                best.GetProperty("capacities_kw").GetProperty(column[3..]).GetDouble());
        }

        var saving = doc.RootElement.GetProperty("saving_usd_per_day").GetDouble();
        Assert.Equal(doc.RootElement.GetProperty("uniform").GetProperty("social_cost_usd_per_day").GetDouble() - best.GetProperty("social_cost_usd_per_day").GetDouble(), saving, 6);
        foreach (var png in new[] { "road_map.png", "feeder_map.png", "station_sizes.png", "cost_breakdown.png", "station_load_hourly.png", "min_voltage_hourly.png", "dlmp_heatmap.png", "convergence.png" })
        {
            Assert.True(new FileInfo(Path.Combine(folder, png)).Length > 1000, png);
            Assert.Contains(png, File.ReadAllText(Path.Combine(folder, "report.md")));
        }
    }

    [Fact]
    public void The_text_summary_is_rounded_and_ends_with_the_path_of_report_html()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-plan-").FullName, "out");
        var (code, output, err) = Cli.Run("plan", Case, "--evaluations", "4", "--seed", "3", "--pricing", "tou", "--out", folder, "-q");
        Assert.True(code == 0, err);

        var last = output.TrimEnd().Split('\n')[^1];
        Assert.Equal("  report               " + Path.GetFullPath(Path.Combine(folder, "report.html")), last);
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
        Assert.DoesNotMatch(@"\d[eE][+-]?\d", output);
        Assert.Matches(@"Case 1 plan +S1=\d+(\.\d)?,S2=", output);
        Assert.Matches(@"saving +-?[\d,]+ USD/day \(-?[\d.]+ % of Case 2's charging time \+ investment \+ grid operation\)", output);
        Assert.Matches(@"unused stations +(none|S\d.* \(built, no charging all day\))\n", output);
    }

    [Fact]
    public void On_the_default_case_Case_2_is_buildable_and_Case_2_prime_has_the_nearest_installed_power()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-plan-").FullName, "out");
        var (code, _, err) = Cli.Run("plan", "--evaluations", "4", "--seed", "3", "--pricing", "tou", "--out", folder, "-q");
        Assert.True(code is 0 or 1, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        var root = doc.RootElement;
        Assert.Equal("paper-8", root.GetProperty("case").GetString());
        // Case 2: uniform_kw = 180 kW, an allowed level of every station (cases/paper-8/stations.csv).
        Assert.All(root.GetProperty("uniform").GetProperty("capacities_kw").EnumerateObject(), p => Assert.Equal(180, p.Value.GetDouble()));
        // Case 2′: one level at all 16 units, the allowed level whose 16·P is nearest Case 1's installed power.
        var installed = root.GetProperty("best").GetProperty("installed_kw").GetDouble();
        double[] levels = [60, 90, 120, 180, 240, 350];
        var nearest = levels.OrderBy(kw => Math.Abs((16 * kw) - installed)).ThenBy(kw => kw).First();
        var equal = root.TryGetProperty("equal_power", out var e) ? e : root.GetProperty("uniform");
        Assert.All(equal.GetProperty("capacities_kw").EnumerateObject(), p => Assert.Equal(nearest, p.Value.GetDouble()));
        var saving = root.GetProperty("saving_usd_per_day").GetDouble();
        Assert.Equal(saving, root.GetProperty("saving_how_much_usd_per_day").GetDouble() + root.GetProperty("saving_where_usd_per_day").GetDouble(), 6);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("best").GetProperty("unused_stations").ValueKind);
    }

    private static string Run(params string[] extra)
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-plan-").FullName, "out");
        // TOU pricing keeps each evaluation to one coupling pass; what is tested here does not depend on the pricing.
        var (code, _, err) = Cli.Run(["plan", Case, "--evaluations", "6", "--seed", "3", "--pricing", "tou", "--out", folder, "-q", .. extra]);
        Assert.True(code == 0, err);
        return folder;
    }

    private static string WithoutTimings(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("wall_seconds");
        return node.ToJsonString();
    }

    private static List<string> CsvWithoutTimings(string path)
    {
        var lines = File.ReadAllLines(path);
        var drop = Array.IndexOf(lines[0].Split(','), "wall_seconds");
        return lines.Select(l => string.Join(",", l.Split(',').Where((_, i) => i != drop))).ToList();
    }
}
