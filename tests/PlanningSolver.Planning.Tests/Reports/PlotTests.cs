using System.Globalization;
using PlanningSolver.Planning.Reports;
using PlanningSolver.Planning.Reports.Plots;

namespace PlanningSolver.Planning.Tests.Reports;

public sealed class PlanPlotsTests
{
    [Fact]
    public void Renders_the_two_maps_and_six_plots_in_report_order_as_pngs_of_the_fixed_sizes()
    {
        var plots = PlanPlots.Render(ReportFixture.Create());

        Assert.Equal(
            [
                PlanPlots.RoadMapFile, PlanPlots.FeederMapFile, PlanPlots.StationSizesFile, PlanPlots.CostBreakdownFile, PlanPlots.StationLoadHourlyFile,
                PlanPlots.MinVoltageHourlyFile, PlanPlots.DlmpHeatmapFile, PlanPlots.ConvergenceFile,
            ],
            plots.Select(p => p.Name));
        foreach (var (name, png) in plots)
        {
            var expected = name is PlanPlots.DlmpHeatmapFile or PlanPlots.RoadMapFile or PlanPlots.FeederMapFile ? (1000, 720) : (1000, 560);
            Assert.Equal(expected, Png.Size(png));
        }
    }

    [Fact]
    public void Rendering_twice_gives_identical_bytes()
    {
        var first = PlanPlots.Render(ReportFixture.Create());
        var second = PlanPlots.Render(ReportFixture.Create());

        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Name, second[i].Name);
            Assert.True(first[i].Png.AsSpan().SequenceEqual(second[i].Png), $"{first[i].Name} differs between two renders");
        }
    }

    [Fact]
    public void A_decimal_comma_culture_draws_the_same_image()
    {
        var input = ReportFixture.Create();
        var invariant = PlanPlots.MinVoltageHourly(input);
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("1,5", 1.5.ToString(CultureInfo.CurrentCulture));
            Assert.True(invariant.AsSpan().SequenceEqual(PlanPlots.MinVoltageHourly(input)));
            Assert.Equal("de-DE", CultureInfo.CurrentCulture.Name);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Empty_results_and_history_still_render()
    {
        var input = ReportFixture.Create();
        input = input with
        {
            Best = input.Best with { Stations = [], Buses = [], Feeder = [], Links = [] },
            History = [],
        };

        foreach (var (_, png) in PlanPlots.Render(input))
        {
            Png.Size(png);
        }
    }

    [Fact]
    public void The_voltage_floor_is_the_highest_lower_limit_of_any_bus()
    {
        var input = ReportFixture.Create();
        Assert.Equal(0.9, PlanPlots.VoltageFloor(input));
    }
}

public sealed class StudyPlotsTests
{
    [Fact]
    public void Ev_share_plot_is_a_deterministic_png()
    {
        (double, double)[] points = [(0.6, 97), (0, 81), (0.2, 84), (1.0, 124)];
        var png = StudyPlots.EvShareDlmp(points);

        Assert.Equal((1000, 560), Png.Size(png));
        Assert.Equal(png, StudyPlots.EvShareDlmp(points));
        Png.Size(StudyPlots.EvShareDlmp([]));
    }

    [Fact]
    public void Feeder_load_plot_is_a_deterministic_png()
    {
        var without = Enumerable.Range(0, 24).Select(h => 2_500 + (1_500 * Math.Exp(-Math.Pow((h - 18.5) / 3, 2)))).ToArray();
        var with = without.Select((kw, h) => h is >= 17 and <= 21 ? kw - 400 : kw).ToArray();
        var png = StudyPlots.FeederLoad(without, with);

        Assert.Equal((1000, 560), Png.Size(png));
        Assert.Equal(png, StudyPlots.FeederLoad(without, with));
        Png.Size(StudyPlots.FeederLoad([], []));
    }
}
