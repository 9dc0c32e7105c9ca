using System.Text.Json;

namespace PlanningSolver.Cli.Tests.Reliability;

/// <summary>
/// Bad input that main accepted (tracker issue 13, "Bad input that is accepted today"): each must end with exit 2 and one
/// line naming the file and row or the option and value, or — for a result that is not a finite number — a failed status,
/// a message and exit 1.
/// </summary>
public sealed class BadInputTests
{
    private static string SingleLine(string err)
    {
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line, got {lines.Length}:\n{err}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        return lines[0];
    }

    [Fact]
    public void A_row_with_more_fields_than_the_header_is_refused_naming_the_row()
    {
        // "3,600" written for 3600 in the capacity cell of L02 (line 3): two fields where the header has one.
        var dir = BadCaseTests.ExportedCase("links.csv", rows =>
        {
            var capacity = Array.IndexOf(rows[0], "capacity_vph");
            rows[2] = [.. rows[2][..capacity], "3", "600", .. rows[2][(capacity + 1)..]];
        });
        var (code, output, err) = Cli.Run("validate", dir, "-q");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Matches(@"^error: .*links\.csv:3: 10 fields but the header has 9", SingleLine(err));
    }

    /// <summary>1e70 trips on one OD pair with no EVs: every link time is finite (~1e264 min) but the vehicle-hours
    /// overflow, so the travel-time cost is +Infinity. Main reported "converged" with social_cost null and exit 0.</summary>
    [Fact]
    public void An_overflowing_social_cost_is_a_failed_evaluation_with_a_message()
    {
        var dir = BadCaseTests.ExportedCase("od.csv", rows => rows[1][2] = "1e70");
        var (code, output, err) = Cli.Run("evaluate", dir, "--uniform", "--set", "ev_share=0", "--pricing", "tou", "--json", "-q");
        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("failed", doc.RootElement.GetProperty("status").GetString());
        Assert.Contains("overflow", doc.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("overflow", SingleLine(err), StringComparison.Ordinal);
    }

    /// <summary>1e300 trips: the link times themselves overflow. Main reported "converged" with nulls (no EVs) or a
    /// misleading "OPF failed" / "no path" message; the assignment now fails naming the overflowing link.</summary>
    [Fact]
    public void Overflowing_link_times_fail_the_evaluation_naming_the_overflow()
    {
        var dir = BadCaseTests.ExportedCase("od.csv", rows => rows[1][2] = "1e300");
        var (code, output, err) = Cli.Run("evaluate", dir, "--uniform", "--set", "ev_share=0", "--pricing", "tou", "--json", "-q");
        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("failed", doc.RootElement.GetProperty("status").GetString());
        Assert.Matches("road link .* overflow", SingleLine(err));
    }

    [Fact]
    public void A_plan_whose_every_evaluation_overflows_exits_1_with_the_reason()
    {
        var dir = BadCaseTests.ExportedCase("od.csv", rows => rows[1][2] = "1e70");
        var outDir = Path.Combine(Directory.CreateTempSubdirectory("ps-bad-plan-").FullName, "run");
        var (code, _, err) = Cli.Run("plan", dir, "--set", "ev_share=0", "--pricing", "tou", "--evaluations", "2", "--batch", "1", "--out", outDir, "-q");
        Assert.Equal(1, code);
        Assert.Contains("overflow", SingleLine(err), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("1e300")]
    public void Assign_with_overflowing_trips_fails_naming_the_overflow_not_an_unreachable_zone(string trips)
    {
        var dir = Directory.CreateTempSubdirectory("ps-bad-tntp-").FullName;
        File.WriteAllText(Path.Combine(dir, "net.tntp"), HostileInputTests.SyntheticNet);
        File.WriteAllText(Path.Combine(dir, "trips.tntp"), HostileInputTests.SyntheticTrips.Replace("2 : 500.0", $"2 : {trips}", StringComparison.Ordinal));
        var (code, output, err) = Cli.Run("assign", Path.Combine(dir, "net.tntp"), Path.Combine(dir, "trips.tntp"), "--json", "-q");
        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("failed", doc.RootElement.GetProperty("status").GetString());
        var line = SingleLine(err);
        Assert.Contains("overflow", line, StringComparison.Ordinal);
        Assert.DoesNotContain("no path", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("59")]
    [InlineData("100000")]
    [InlineData("0")]
    public void A_uniform_power_that_is_not_an_allowed_level_is_a_usage_error(string kw)
    {
        // ring-33's stations allow 60;90;120;180;240;350 kW (cases/ring-33/stations.csv).
        var (code, output, err) = Cli.Run("evaluate", "ring-33", "--uniform", kw, "--pricing", "tou", "-q");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"error: --uniform {kw}: not an allowed level at station S1 (allowed: 60;90;120;180;240;350 kW)", SingleLine(err));
    }

    [Fact]
    public void An_allowed_uniform_level_still_evaluates()
    {
        var (code, _, err) = Cli.Run("evaluate", "ring-33-s4", "--uniform", "350", "--pricing", "tou", "-q");
        Assert.True(code == 0, err);
    }

    public static TheoryData<string[], string> UsageErrors => new()
    {
        // Each: the command line, and what its one error line must contain (the option or the bad value).
        { ["assign", "NET", "TRIPS", "--gap", "Infinity"], "--gap: 'Infinity' is not a finite number" },
        { ["assign", "NET", "TRIPS", "--gap", "NaN"], "--gap: 'NaN' is not a finite number" },
        { ["pf", "x.m", "--load-scale", "1e400"], "--load-scale: '1e400' is not a finite number" },
        { ["--version", "extra"], "'extra'" },
        { ["validate", ""], "CASE: empty value" },
        { ["plan", "ring-33", "--sed", "3"], "unknown option '--sed' for 'planning-solver plan' (did you mean '--seed'?)" },
        { ["plan", "ring-33", "--evaluation"], "unknown option '--evaluation' for 'planning-solver plan' (did you mean '--evaluations'?)" },
        { ["evaluate", "ring-33", "--uniform", "--pricng", "tou"], "unknown option '--pricng'" },
        { ["plan", "ring-33", "--evaluations", "x"], "--evaluations: 'x' is not an integer" },
        { ["validate", "a", "b"], "unexpected argument 'b'" },
        { ["no-such-command"], "'no-such-command'" },
        // Found by the hostile-argument suite: the value of a switch was taken for the CASE.
        { ["evaluate", "ring-33", "--uniform", "--json=.."], "--json: '..' is not true or false" },
        { ["plan", "ring-33", "--exhaustive=NaN"], "--exhaustive: 'NaN' is not true or false" },
        // Found by the hostile-argument suite (seed 2): the line did not name the option.
        { ["opf", "FEEDER_M", "--vmax", "1e-6"], "--vmax 1E-06: voltage limits cross at bus 2" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void A_usage_error_is_one_line_naming_the_option_or_value_with_exit_2(string[] args, string expected)
    {
        var feeder = Path.Combine(Directory.CreateTempSubdirectory("ps-usage-").FullName, "feeder.m");
        File.WriteAllText(feeder, HostileInputTests.SyntheticFeeder);
        var (code, output, err) = Cli.Run([.. args.Select(a => a == "FEEDER_M" ? feeder : a), "-q"]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(expected, SingleLine(err), StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_after_a_double_dash_is_taken_literally_as_the_case()
    {
        var (code, _, err) = Cli.Run("validate", "-q", "--", "--not-an-option");
        Assert.Equal(2, code);
        Assert.Contains("--not-an-option: no case folder or built-in case", SingleLine(err), StringComparison.Ordinal);
    }
}
