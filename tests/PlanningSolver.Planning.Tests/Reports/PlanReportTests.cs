using System.Text.RegularExpressions;
using PlanningSolver.Planning.Reports;
using PlanningSolver.Planning.Reports.Plots;

namespace PlanningSolver.Planning.Tests.Reports;

public sealed class PlanReportTests
{
    private static readonly string[] PlotNames =
    [
        PlanPlots.RoadMapFile, PlanPlots.FeederMapFile, PlanPlots.StationSizesFile, PlanPlots.CostBreakdownFile, PlanPlots.StationLoadHourlyFile,
        PlanPlots.MinVoltageHourlyFile, PlanPlots.DlmpHeatmapFile, PlanPlots.ConvergenceFile,
    ];

    /// <summary>Tiny stand-in PNGs: the report only embeds the bytes, it never decodes them.</summary>
    private static (string Name, byte[] Png)[] FakePlots() =>
        PlotNames.Select((name, i) => (name, new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', (byte)i })).ToArray();

    [Fact]
    public void Markdown_shows_the_saving_computed_by_hand()
    {
        // Social costs from the fixture: Case 2 562,022.45 − Case 1 552,100.48 = 9,921.97 USD/day;
        // 9,921.97 / 562,022.45 = 1.7654 % → "1.77".
        var input = ReportFixture.Create();
        Assert.Equal(9_921.97, PlanReport.Saving(input), 6);
        Assert.Equal(1.7654, PlanReport.SavingPercent(input), 4);

        var markdown = PlanReport.Markdown(input, PlotNames);

        Assert.Contains("Case 1 costs 9,921.97 USD/day less than Case 2 (1.77 % of Case 2's social cost)", markdown, StringComparison.Ordinal);
        Assert.Contains("| **Social cost (USD/day)** | **552,100.48** | **562,022.45** | **-9,921.97** |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_shows_the_saving_as_a_share_of_the_plan_dependent_costs()
    {
        // Case 2's charging time + investment + grid operation = 26,000.00 + 2,022.45 + 16,900.00 = 44,922.45 USD/day;
        // 9,921.97 / 44,922.45 = 22.087 % → "22.09"; Case 1's: 23,456.78 + 2,100.50 + 15,432.10 = 40,989.38.
        var input = ReportFixture.Create();
        Assert.Equal(0.220869, input.Comparison.SavingShareOfPlanDependent, 6);
        var markdown = PlanReport.Markdown(input, PlotNames);
        Assert.Contains("| Plan-dependent costs: charging time + investment + grid operation (USD/day) | 40,989.38 | 44,922.45 | -3,933.07 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| **Saving / Case 2's plan-dependent costs (%)** | **22.09** |", markdown, StringComparison.Ordinal);
        // Installed power of the fixture's Case 1 on ring-33 (units 6,6,4,6,4,6,8,4): 2,100 + 0 + 480 + 1,440 + 240 + 1,080 + 2,800 + 360 = 8,500 kW.
        Assert.Contains("| Installed power (kW) | 8,500.00 |", markdown, StringComparison.Ordinal);
        Assert.Contains("Every station Case 1 builds serves charging.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_separates_how_much_from_where_with_Case_2_prime()
    {
        // Case 2′: 8,500 kW / 44 units = 193 kW per unit; 180 kW gives 7,920 (580 short), 240 kW 10,560 (2,060 over) → 180.
        // How much = Case 2 − Case 2′ = 562,022.45 − 557,050.00 = 4,972.45; where = 557,050.00 − 552,100.48 = 4,949.52.
        var input = ReportFixture.CreateWithEqualPower();
        Assert.All(input.EqualPower!.Plan.PowerKw, kw => Assert.Equal(180, kw));
        Assert.Equal(4_972.45, input.Comparison.HowMuch, 6);
        Assert.Equal(4_949.52, input.Comparison.Where, 6);
        var markdown = PlanReport.Markdown(input, PlotNames);
        Assert.Contains("Case 2 − Case 2′ = +4,972 USD/day is what the amount of power changes (how much); Case 2′ − Case 1 = +4,950 USD/day what its placement changes (where).", markdown, StringComparison.Ordinal);
        Assert.Contains("| Case 2′ (uniform, Case 1's installed power) | 7,920 | 25,000 | 2,050 | 16,000 | 514,000 | 557,050 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_flags_a_built_station_that_serves_nothing()
    {
        var input = ReportFixture.Create();
        var best = input.Best with
        {
            Stations = input.Best.Stations.Select(h => h.Station is "S3" or "S5" ? h with { Flow = 0, LoadKw = 0, LoadKvar = 0 } : h).ToList(),
        };
        var markdown = PlanReport.Markdown(input with { Best = best }, PlotNames);
        Assert.Contains("Flagged: Case 1 builds S3, S5 but no charging vehicle uses them all day (below 1 kWh/day): capital that serves nothing.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_has_every_cost_component_and_check_of_both_cases()
    {
        var markdown = PlanReport.Markdown(ReportFixture.Create(), PlotNames);

        Assert.Contains("| Travel time (USD/day) | 412,345.67 | 418,000.00 | -5,654.33 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Charging time (USD/day) | 23,456.78 | 26,000.00 | -2,543.22 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Fuel (USD/day) | 98,765.43 | 99,100.00 | -334.57 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Investment (USD/day) | 2,100.50 | 2,022.45 | +78.05 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Grid operation (USD/day) | 15,432.10 | 16,900.00 | -1,467.90 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Revenue check | ok | revenue below grid cost increase |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Grid check | ok | violated: voltage 0.8950 p.u. at bus 18 in hour 19 \\< 0.9 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Coupling iterations | 7 | 7 |", markdown, StringComparison.Ordinal);
        // Issue 13: the average DLMP is USD/MWh here as in summary.json (the fixture's 123.4 USD/MWh in both cases).
        Assert.Contains("| Average DLMP at station buses (USD/MWh) | 123.40 | 123.40 |", markdown, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d[eE][+-]?\d", markdown); // no exponent in a table a person reads (the coupling gap is 3.2e-4)
        // S1: 6 units at 350 kW; fixture load 0.5 · 2,100 kW · (0.15 + 0.6 sin²(π(h+0)/24)) sums to 0.5 · 2,100 · (3.6 + 7.2) = 11,340 kWh.
        Assert.Contains("| S1 | R1 | 3 | 6 | 350.0 | 173.3 | 2,100.0 | 11,340 | 787.5 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| S2 | R2 | 6 | 6 | 0 (not built) | 173.3 | 0.0 | 0 | 0.0 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_plot_is_referenced_in_the_markdown_and_embedded_in_the_html()
    {
        var input = ReportFixture.Create();
        var plots = FakePlots();
        var markdown = PlanReport.Markdown(input, PlotNames);
        var html = PlanReport.Html(input, plots);

        foreach (var (name, png) in plots)
        {
            Assert.Contains($"]({name})", markdown, StringComparison.Ordinal);
            Assert.Contains(PlanPlots.Caption(name), markdown, StringComparison.Ordinal);
            Assert.Contains($"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"", html, StringComparison.Ordinal);
            Assert.Contains($"({name})", html, StringComparison.Ordinal);
        }

        Assert.Equal(plots.Length, Regex.Count(html, "<img "));
    }

    [Fact]
    public void Html_is_self_contained()
    {
        var html = PlanReport.Html(ReportFixture.Create(), FakePlots());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("src=\"(?!data:image/png;base64,)", html);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_special_characters_in_the_case_description_are_escaped()
    {
        const string Description = "Feeder <b>A</b> & \"ring\" <script>alert('x')</script>";
        var input = ReportFixture.Create(Description);

        var html = PlanReport.Html(input, FakePlots());
        var markdown = PlanReport.Markdown(input, PlotNames);

        Assert.Contains("<p>Feeder &lt;b&gt;A&lt;/b&gt; &amp; &quot;ring&quot; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("Feeder \\<b\\>A\\</b\\> \\& \"ring\" \\<script\\>alert('x')\\</script\\>", markdown, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?<!\\)<", markdown);
    }

    [Fact]
    public void Markdown_table_cells_cannot_be_broken_by_pipes_or_newlines()
    {
        var input = ReportFixture.Create();
        input = input with { Uniform = input.Uniform with { GridProblem = "a | b\nc" } };

        var markdown = PlanReport.Markdown(input, PlotNames);

        Assert.Contains("| Grid check | ok | violated: a \\| b c |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_more_expensive_case_1_is_reported_as_a_negative_saving()
    {
        var input = ReportFixture.Create();
        input = input with { Best = input.Uniform, Uniform = input.Best };

        var markdown = PlanReport.Markdown(input, PlotNames);

        // Case 2 is now the 552,100.48 plan: 9,921.97 / 552,100.48 = 1.7971 % → "1.80".
        Assert.Contains("Case 1 costs 9,921.97 USD/day more than Case 2 (1.80 % of Case 2's social cost)", markdown, StringComparison.Ordinal);
        Assert.Contains("| **Saving vs Case 2 (USD/day)** | **-9,921.97** |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_input_gives_the_same_text()
    {
        var plots = FakePlots();
        Assert.Equal(PlanReport.Markdown(ReportFixture.Create(), PlotNames), PlanReport.Markdown(ReportFixture.Create(), PlotNames));
        Assert.Equal(PlanReport.Html(ReportFixture.Create(), plots), PlanReport.Html(ReportFixture.Create(), plots));
    }
}
