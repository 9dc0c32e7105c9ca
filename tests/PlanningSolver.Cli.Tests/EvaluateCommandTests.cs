using System.Text.Json;

namespace PlanningSolver.Cli.Tests;

public sealed class EvaluateCommandTests
{
    [Fact]
    public void Json_has_the_documented_keys_and_the_components_add_up()
    {
        var (code, output, err) = Cli.Run("evaluate", "ring-33", "--capacities", "S1=350,S2=120,S3=90,S4=180,S5=60,S6=240,S7=350,S8=60", "--pricing", "tou", "--json", "-q");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        string[] keys = ["status", "social_cost_usd_per_day", "components", "charging_revenue_usd_per_day", "grid_cost_increase_usd_per_day", "budget_ok",
            "revenue_ok", "grid_ok", "max_voltage_deviation_pu", "coupling_iterations", "coupling_gap", "capacities_kw", "wall_seconds"];
        Assert.Equal(keys, root.EnumerateObject().Select(p => p.Name).Take(keys.Length));
        Assert.Equal("converged", root.GetProperty("status").GetString());
        var sum = root.GetProperty("components").EnumerateObject().Sum(p => p.Value.GetDouble());
        Assert.Equal(root.GetProperty("social_cost_usd_per_day").GetDouble(), sum, 6);
        Assert.Equal(350, root.GetProperty("capacities_kw").GetProperty("S1").GetDouble());
    }

    [Fact]
    public void The_printed_summary_of_the_uniform_plan_is_rounded_and_the_json_keeps_full_precision()
    {
        // The uniform plan is the average level (60+90+120+180+240+350)/6 = 173.33… kW (cases/ring-33/stations.csv).
        var (code, output, err) = Cli.Run("evaluate", "ring-33", "--uniform", "--pricing", "tou", "-q");
        Assert.True(code == 0, err);
        Assert.StartsWith("ring-33: S1=173.3,S2=173.3,S3=173.3,S4=173.3,S5=173.3,S6=173.3,S7=173.3,S8=173.3 (tou pricing)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("173.33", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d[eE][+-]?\d", output);
        // Money with thousands separators and no decimals; 4,953,333 USD = 500 USD/kW · 173.33 kW · 44 units + 1,140,000
        // USD fixed costs (stations.csv).
        Assert.Contains("budget               ok (capital 4,953,333 of 7,000,000 USD)", output, StringComparison.Ordinal);
        Assert.Matches(@"social cost +\d{1,3}(,\d{3})+ USD/day", output);

        (code, var json, err) = Cli.Run("evaluate", "ring-33", "--uniform", "--pricing", "tou", "--json", "-q");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(520.0 / 3, doc.RootElement.GetProperty("capacities_kw").GetProperty("S1").GetDouble());
    }

    [Fact]
    public void Out_writes_every_table()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-eval-").FullName, "out");
        var (code, _, err) = Cli.Run("evaluate", "ring-33", "--uniform", "--pricing", "tou", "--out", folder, "-q");
        Assert.True(code == 0, err);
        foreach (var file in new[]
        {
            "summary.json", "cost_breakdown.csv", "stations_hourly.csv", "buses_hourly.csv", "links_hourly.csv", "feeder_hourly.csv", "branches_hourly.csv", "coupling_log.csv",
        })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        }

        // The headers of docs/outputs.md.
        Assert.Equal(
            "hour,station,flow_ev_per_h,load_kw,load_kvar,price_usd_per_kwh,energy_price_usd_per_kwh,reactive_price_usd_per_kwh,fee_usd_per_kwh,time_at_station_h",
            File.ReadLines(Path.Combine(folder, "stations_hourly.csv")).First());
        Assert.Equal(1 + (24 * 8), File.ReadLines(Path.Combine(folder, "stations_hourly.csv")).Count());
        Assert.Equal("hour,feeder,bus,v_pu,dlmp_p_usd_per_mwh,dlmp_q_usd_per_mvarh", File.ReadLines(Path.Combine(folder, "buses_hourly.csv")).First());
        Assert.Equal(
            "hour,link,icev_flow_veh_per_h,ev_flow_veh_per_h,charging_before_flow_veh_per_h,charging_after_flow_veh_per_h,time_min",
            File.ReadLines(Path.Combine(folder, "links_hourly.csv")).First());
        Assert.Equal("hour,feeder,from_bus,to_bus,p_kw,q_kvar,current_a,limit_a,loading,binding", File.ReadLines(Path.Combine(folder, "branches_hourly.csv")).First());
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void The_average_station_dlmp_and_the_peak_load_of_the_json_are_those_of_the_hourly_tables_in_their_units()
    {
        // Issue 13: the average DLMP was USD/kWh in the JSON and USD/MWh in the report. Second method: the hourly tables,
        // DLMP_p at each station's bus (buses_hourly.csv) averaged over stations and hours.
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-eval-").FullName, "out");
        var (code, output, err) = Cli.Run("evaluate", "ring-33", "--uniform", "--pricing", "tou", "--out", folder, "--json", "-q");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        static double N(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var busOf = Planning.Cases.CaseLoader.Load("ring-33").Stations.ToDictionary(s => s.Id, s => s.Bus);
        var dlmp = Rows(Path.Combine(folder, "buses_hourly.csv")).ToDictionary(r => (r["hour"], r["bus"]), r => N(r["dlmp_p_usd_per_mwh"]));
        var stations = Rows(Path.Combine(folder, "stations_hourly.csv"));
        var average = stations.Average(r => dlmp[(r["hour"], busOf[r["station"]])]);
        Assert.Equal(average, doc.RootElement.GetProperty("average_station_dlmp_usd_per_mwh").GetDouble(), 9);
        var peak = Rows(Path.Combine(folder, "feeder_hourly.csv")).Max(r => N(r["import_kw"]));
        Assert.Equal(peak, doc.RootElement.GetProperty("peak_substation_kw").GetDouble(), 9);
    }

    [Theory]
    [InlineData("tou")]
    [InlineData("dlmp")]
    public void The_assignment_shifts_of_the_json_are_the_hours_sums_and_under_tou_each_hours_single_assignment(string pricing)
    {
        // Issue 15: a warm re-solve's work is its Newton shifts. Second method: the per-hour and per-iteration tables.
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-eval-").FullName, "out");
        var (code, output, err) = Cli.Run("evaluate", "ring-33", "--uniform", "--pricing", pricing, "--out", folder, "--json", "-q");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var hourly = Rows(Path.Combine(folder, "feeder_hourly.csv"));
        var total = doc.RootElement.GetProperty("assignment_shifts").GetInt64();
        Assert.True(total > 0, "the coupled evaluation's assignments are Algorithm B's, which shift flows");
        Assert.Equal(hourly.Sum(r => long.Parse(r["assignment_shifts"], System.Globalization.CultureInfo.InvariantCulture)), total);
        Assert.Equal(
            hourly.Sum(r => int.Parse(r["assignment_iterations"], System.Globalization.CultureInfo.InvariantCulture)),
            doc.RootElement.GetProperty("assignment_iterations").GetInt32());
        if (pricing == "tou")
        {
            // One pass per hour: the log's single row is the hour's only assignment.
            var log = Rows(Path.Combine(folder, "coupling_log.csv"));
            Assert.Equal(24, log.Count);
            Assert.Equal(hourly.Select(r => (r["hour"], r["assignment_shifts"])), log.Select(r => (r["hour"], r["assignment_shifts"])));
        }
    }

    /// <summary>A CSV output's rows as column → text (the outputs have no quoted fields).</summary>
    private static List<Dictionary<string, string>> Rows(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    [Theory]
    [InlineData(new[] { "evaluate" }, "error: give the plan: --capacities S1=KW,… or --uniform [KW]")]
    [InlineData(new[] { "evaluate", "ring-33", "--uniform", "--capacities", "S1=60" }, "error: give either --capacities or --uniform, not both")]
    [InlineData(new[] { "evaluate", "ring-33", "--uniform", "--set", "ev_share=2" }, "error: --set: column 'ev_share': must be within [0, 1]")]
    [InlineData(new[] { "evaluate", "ring-33", "--uniform", "--pricing", "lmp" }, "error: --pricing must be dlmp or tou, got 'lmp'")]
    [InlineData(new[] { "evaluate", "ring-33", "--uniform", "-5" }, "error: --uniform: power per unit must be a finite number >= 0 kW, got -5")]
    public void Bad_usage_is_one_line_and_exit_code_2(string[] args, string message)
    {
        var (code, output, err) = Cli.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(message, err.Trim());
    }
}
