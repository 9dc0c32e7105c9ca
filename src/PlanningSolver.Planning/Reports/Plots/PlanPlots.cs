using PlanningSolver.Core;
using ScottPlot;

namespace PlanningSolver.Planning.Reports.Plots;

/// <summary>
/// The PNG plots of a plan run (design.md §7): Case 1 (optimized) against Case 2 (uniform), and the search. Each method
/// returns PNG bytes rendered in memory at a fixed size; nothing is written to disk (the CLI writes the files).
/// Same input → same bytes.
/// </summary>
public static class PlanPlots
{
    public const string RoadMapFile = "road_map.png";
    public const string FeederMapFile = "feeder_map.png";
    public const string StationSizesFile = "station_sizes.png";
    public const string CostBreakdownFile = "cost_breakdown.png";
    public const string StationLoadHourlyFile = "station_load_hourly.png";
    public const string MinVoltageHourlyFile = "min_voltage_hourly.png";
    public const string DlmpHeatmapFile = "dlmp_heatmap.png";
    public const string ConvergenceFile = "convergence.png";

    private const string Case1Name = "Case 1 (optimized)";
    private const string Case2Name = "Case 2 (uniform)";

    /// <summary>The file names of <see cref="Render"/>, in report order: the two maps first (a planner looks at a map first).</summary>
    public static IReadOnlyList<string> FileNames { get; } =
    [
        RoadMapFile, FeederMapFile, StationSizesFile, CostBreakdownFile, StationLoadHourlyFile, MinVoltageHourlyFile, DlmpHeatmapFile, ConvergenceFile,
    ];

    /// <summary>Every plot of the report, in report order, as (file name, PNG bytes).</summary>
    public static IReadOnlyList<(string Name, byte[] Png)> Render(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return
        [
            (RoadMapFile, RoadMap.Render(RoadMap.Build(input))),
            (FeederMapFile, FeederMap.Render(FeederMap.Build(input))),
            (StationSizesFile, StationSizes(input)),
            (CostBreakdownFile, CostBreakdown(input)),
            (StationLoadHourlyFile, StationLoadHourly(input)),
            (MinVoltageHourlyFile, MinVoltageHourly(input)),
            (DlmpHeatmapFile, DlmpHeatmap(input)),
            (ConvergenceFile, Convergence(input)),
        ];
    }

    /// <summary>One-line captions by file name, shared by the markdown and HTML reports.</summary>
    public static string Caption(string fileName) => fileName switch
    {
        RoadMapFile => RoadMap.CaptionLead,
        FeederMapFile => FeederMap.CaptionLead,
        StationSizesFile => "Power per charging unit at each candidate station, Case 1 (optimized) vs Case 2 (uniform); 0 kW = not built.",
        CostBreakdownFile => "Daily social cost by component, Case 1 vs Case 2 (USD/day).",
        StationLoadHourlyFile => "Hourly EV charging load at each station in Case 1 (kW).",
        MinVoltageHourlyFile => "Lowest feeder voltage in each hour, Case 1 vs Case 2, against the voltage floor (p.u.).",
        DlmpHeatmapFile => "Distribution locational marginal price by feeder bus and hour in Case 1 (USD/MWh).",
        ConvergenceFile => "Optimizer history: merit of each evaluation (social cost plus constraint penalty) and the best so far.",
        _ => fileName,
    };

    /// <summary>The caption of a plot of this input: the maps add the hour drawn, the layout used and the weakest bus.</summary>
    public static string Caption(string fileName, PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return fileName switch
        {
            RoadMapFile => RoadMap.Caption(RoadMap.Build(input)),
            FeederMapFile => FeederMap.Caption(FeederMap.Build(input)),
            _ => Caption(fileName),
        };
    }

    /// <summary>kW per unit per station, Case 1 vs Case 2, grouped bars.</summary>
    public static byte[] StationSizes(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var stations = input.Study.Stations;
        var plot = PlotCanvas.Create("Charging power per unit by station", "Candidate station", "Power per unit (kW)");
        if (stations.Count == 0)
        {
            PlotCanvas.NoData(plot, "no candidate stations");
            return PlotCanvas.Png(plot);
        }

        var case1 = Values(input.Best.Plan.PowerKw, stations.Count);
        var case2 = Values(input.Uniform.Plan.PowerKw, stations.Count);
        AddGroupedBars(plot, [(Case1Name, case1, PlotCanvas.Case1), (Case2Name, case2, PlotCanvas.Case2)], kw => kw > 0 ? HumanNumber.Format(kw, 0) : "not built");
        CategoryTicks(plot, stations.Select(s => s.Id).ToArray());
        var max = case1.Concat(case2).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsY(0, max > 0 ? max * 1.15 : 1);
        PlotCanvas.LegendRight(plot);
        return PlotCanvas.Png(plot);
    }

    /// <summary>The five social-cost components, Case 1 vs Case 2, grouped bars (USD/day).</summary>
    public static byte[] CostBreakdown(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var names = new[] { "Travel time", "Charging time", "Fuel", "Investment", "Grid operation" };
        var case1 = Components(input.Best.Components);
        var case2 = Components(input.Uniform.Components);
        var title = $"Daily social cost: {HumanNumber.Format(input.Best.SocialCost, 0)} (Case 1) vs {HumanNumber.Format(input.Uniform.SocialCost, 0)} (Case 2) USD/day";
        var plot = PlotCanvas.Create(title, "Cost component", "Cost (USD/day)");
        AddGroupedBars(plot, [(Case1Name, case1, PlotCanvas.Case1), (Case2Name, case2, PlotCanvas.Case2)], usd => HumanNumber.Format(usd, 0));
        CategoryTicks(plot, names);
        var finite = case1.Concat(case2).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        var (min, max) = (Math.Min(0, finite.Min()), Math.Max(0, finite.Max()));
        var span = max - min > 0 ? max - min : 1;
        plot.Axes.SetLimitsY(min < 0 ? min - (0.1 * span) : 0, max + (0.12 * span));
        PlotCanvas.LegendRight(plot);
        return PlotCanvas.Png(plot);
    }

    /// <summary>Hourly EV charging load per station in Case 1, one line per station.</summary>
    public static byte[] StationLoadHourly(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plot = PlotCanvas.Create("Hourly EV charging load by station, Case 1 (optimized)", "Hour of day", "Charging load (kW)");
        var byStation = input.Best.Stations.ToLookup(s => s.Station, StringComparer.Ordinal);
        var index = 0;
        foreach (var station in input.Study.Stations)
        {
            var hours = byStation[station.Id].OrderBy(s => s.Hour).ToList();
            if (hours.Count > 0)
            {
                var line = plot.Add.ScatterLine(hours.Select(h => (double)h.Hour).ToArray(), hours.Select(h => h.LoadKw).ToArray(), PlotCanvas.SeriesColor(index));
                line.LineWidth = 2;
                line.LinePattern = PlotCanvas.SeriesPattern(index);
                line.MarkerShape = MarkerShape.FilledCircle;
                line.MarkerSize = 5;
                line.LegendText = station.Id;
            }

            index++;
        }

        if (input.Best.Stations.Count == 0)
        {
            PlotCanvas.NoData(plot, "no station results");
            return PlotCanvas.Png(plot);
        }

        PlotCanvas.HourTicks(plot);
        var max = input.Best.Stations.Select(s => s.LoadKw).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsY(0, max > 0 ? max * 1.08 : 1);
        PlotCanvas.LegendRight(plot);
        return PlotCanvas.Png(plot);
    }

    /// <summary>The voltage floor drawn on the minimum-voltage plot: the highest lower limit of any bus (the binding one).</summary>
    public static double VoltageFloor(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Study.Buses.Count == 0 ? double.NaN : input.Study.Buses.Max(b => b.VMinPu);
    }

    private static readonly LinePattern[] FeederPatterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <summary>Minimum feeder voltage per hour (per feeder), Case 1 and Case 2, with the voltage floor.</summary>
    public static byte[] MinVoltageHourly(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plot = PlotCanvas.Create("Lowest feeder voltage by hour", "Hour of day", "Minimum voltage (p.u.)");
        var values = new List<double>();
        foreach (var (name, result, color, shape) in new[]
        {
            (Case1Name, input.Best, PlotCanvas.Case1, MarkerShape.FilledCircle),
            (Case2Name, input.Uniform, PlotCanvas.Case2, MarkerShape.FilledSquare),
        })
        {
            // One line per feeder (a case of several feeders: dashed, dotted, … after the first).
            var feeders = result.Feeder.GroupBy(f => f.Feeder, StringComparer.Ordinal).ToList();
            for (var k = 0; k < feeders.Count; k++)
            {
                var hours = feeders[k].OrderBy(f => f.Hour).ToList();
                var line = plot.Add.ScatterLine(hours.Select(h => (double)h.Hour).ToArray(), hours.Select(h => h.VMinPu).ToArray(), color);
                line.LineWidth = 2;
                line.MarkerShape = shape;
                line.MarkerSize = 6;
                line.LinePattern = FeederPatterns[k % FeederPatterns.Length];
                line.LegendText = feeders.Count == 1 ? name : $"{name}, feeder {feeders[k].Key}";
                values.AddRange(hours.Select(h => h.VMinPu).Where(double.IsFinite));
            }
        }

        var floor = VoltageFloor(input);
        if (double.IsFinite(floor))
        {
            var limit = plot.Add.HorizontalLine(floor, 2, PlotCanvas.Limit, LinePattern.Dashed);
            limit.LegendText = $"voltage floor ({HumanNumber.Format(floor, 3)} p.u.)";
            values.Add(floor);
        }

        if (values.Count == 0)
        {
            PlotCanvas.NoData(plot, "no feeder results");
            return PlotCanvas.Png(plot);
        }

        PlotCanvas.HourTicks(plot);
        var (min, max) = (values.Min(), values.Max());
        var pad = Math.Max(0.1 * (max - min), 0.002);
        plot.Axes.SetLimitsY(min - pad, max + pad);
        PlotCanvas.LegendRight(plot);
        return PlotCanvas.Png(plot);
    }

    /// <summary>DLMP by bus (rows, in case order from the top) and hour (columns) for Case 1, in USD/MWh, with a colour bar.</summary>
    public static byte[] DlmpHeatmap(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plot = PlotCanvas.Create("DLMP by feeder bus and hour, Case 1 (optimized)", "Hour of day", "Feeder bus");
        var buses = input.Study.Buses.Select(b => b.Id).ToArray();
        if (buses.Length == 0 || input.Best.Buses.Count == 0)
        {
            PlotCanvas.NoData(plot, "no bus results");
            return PlotCanvas.Png(plot, PlotCanvas.Width, PlotCanvas.TallHeight);
        }

        var row = buses.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var hours = Cases.StudyCase.Hours;
        var cells = new double[buses.Length, hours];
        for (var r = 0; r < buses.Length; r++)
        {
            for (var c = 0; c < hours; c++)
            {
                cells[r, c] = double.NaN;
            }
        }

        foreach (var b in input.Best.Buses)
        {
            if (row.TryGetValue(b.Bus, out var r) && b.Hour >= 0 && b.Hour < hours)
            {
                cells[r, b.Hour] = b.DlmpPPerKwh * 1000;
            }
        }

        // Row 0 of the intensity array is drawn at the top, so bus k sits at y = n − 1 − k.
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Extent = new CoordinateRect(-0.5, hours - 0.5, -0.5, buses.Length - 0.5);
        heatmap.NaNCellColor = Colors.LightGray;
        var finite = input.Best.Buses.Select(b => b.DlmpPPerKwh * 1000).Where(double.IsFinite).ToList();
        if (finite.Count > 0 && finite.Max() - finite.Min() < 1e-9)
        {
            heatmap.ManualRange = new ScottPlot.Range(finite[0] - 1, finite[0] + 1);
        }

        var colorbar = plot.Add.ColorBar(heatmap);
        colorbar.Label = "DLMP (USD/MWh)";
        colorbar.LabelStyle.FontSize = 15;
        colorbar.LabelStyle.FontName = PlotCanvas.FontName;

        PlotCanvas.HourTicks(plot, 1);
        var step = buses.Length > 40 ? (buses.Length + 39) / 40 : 1;
        var ticks = Enumerable.Range(0, buses.Length).Where(k => k % step == 0).ToArray();
        plot.Axes.Left.SetTicks(ticks.Select(k => (double)(buses.Length - 1 - k)).ToArray(), ticks.Select(k => buses[k]).ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.SetLimitsY(-0.5, buses.Length - 0.5);
        return PlotCanvas.Png(plot, PlotCanvas.Width, PlotCanvas.TallHeight);
    }

    /// <summary>
    /// Optimizer history: merit per evaluation (feasible and infeasible markers differ), the best-so-far line and Case 2's
    /// social cost for reference. Penalised merits far above the feasible range are drawn on the top edge (▲) so they do
    /// not flatten the rest of the plot.
    /// </summary>
    public static byte[] Convergence(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var history = input.History.OrderBy(h => h.Evaluation).ToList();
        var feasibleCount = history.Count(h => h.Feasible);
        var title = $"Optimizer convergence: {HumanNumber.Format(history.Count)} evaluations, {HumanNumber.Format(feasibleCount)} feasible";
        var plot = PlotCanvas.Create(title, "Evaluation", "Merit (USD/day)");
        if (history.Count == 0)
        {
            PlotCanvas.NoData(plot, "no optimizer history");
            return PlotCanvas.Png(plot);
        }

        // The visible range: feasible merits, Case 1 and Case 2 social costs; everything else only if nothing feasible.
        var core = history.Where(h => h.Feasible).Select(h => h.Merit)
            .Append(input.Best.SocialCost).Append(input.Uniform.SocialCost).Where(double.IsFinite).ToList();
        if (core.Count == 0)
        {
            core = history.Select(h => h.Merit).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        }

        var (lo, hi) = (Math.Min(core.Min(), history.Select(h => h.Merit).Where(double.IsFinite).DefaultIfEmpty(core.Min()).Min()), core.Max());
        var span = hi - lo > 0 ? hi - lo : Math.Max(Math.Abs(hi) * 0.05, 1);
        var cap = hi + (0.5 * span);

        AddMarkers(plot, history.Where(h => h.Feasible && h.Merit <= cap), MarkerShape.FilledCircle, PlotCanvas.Case1, "feasible");
        AddMarkers(plot, history.Where(h => !h.Feasible && h.Merit <= cap), MarkerShape.Eks, PlotCanvas.Limit, "infeasible");
        var clipped = history.Where(h => !(h.Merit <= cap)).ToList();
        if (clipped.Count > 0)
        {
            var top = plot.Add.Markers(clipped.Select(h => (double)h.Evaluation).ToArray(), clipped.Select(_ => cap).ToArray(), MarkerShape.FilledTriangleUp, 8, PlotCanvas.Limit);
            top.LegendText = $"infeasible, merit > {HumanNumber.Format(cap, 0)}";
        }

        var best = plot.Add.ScatterLine(history.Select(h => (double)h.Evaluation).ToArray(), history.Select(h => Math.Min(h.BestSoFar, cap)).ToArray(), PlotCanvas.Good);
        best.ConnectStyle = ConnectStyle.StepHorizontal;
        best.LineWidth = 2.5f;
        best.MarkerSize = 0;
        best.LegendText = "best so far";

        if (double.IsFinite(input.Uniform.SocialCost))
        {
            var uniform = plot.Add.HorizontalLine(input.Uniform.SocialCost, 1.5f, PlotCanvas.Neutral, LinePattern.Dashed);
            uniform.LegendText = $"{Case2Name}: {HumanNumber.Format(input.Uniform.SocialCost, 0)}";
        }

        var first = history[0].Evaluation;
        var last = history[^1].Evaluation;
        var xPad = Math.Max(0.5, 0.02 * (last - first));
        plot.Axes.SetLimitsX(first - xPad, last + xPad);
        plot.Axes.SetLimitsY(lo - (0.08 * span), cap + (0.06 * span));
        PlotCanvas.LegendRight(plot);
        return PlotCanvas.Png(plot);
    }

    private static void AddMarkers(Plot plot, IEnumerable<OptimizerStep> steps, MarkerShape shape, Color color, string legend)
    {
        var list = steps.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var markers = plot.Add.Markers(list.Select(h => (double)h.Evaluation).ToArray(), list.Select(h => h.Merit).ToArray(), shape, shape == MarkerShape.Eks ? 9 : 7, color);
        markers.LegendText = legend;
    }

    private static double[] Components(Evaluation.CostBreakdown c) => [c.TravelTime, c.ChargingTime, c.Fuel, c.Investment, c.GridOperation];

    private static double[] Values(IReadOnlyList<double> values, int count) =>
        Enumerable.Range(0, count).Select(i => i < values.Count ? values[i] : double.NaN).ToArray();

    /// <summary>Two or more bars per category (category k at x = k), each series in its colour, value labels on top.</summary>
    private static void AddGroupedBars(Plot plot, IReadOnlyList<(string Name, double[] Values, Color Color)> series, Func<double, string> label)
    {
        const double GroupWidth = 0.8;
        var width = GroupWidth / series.Count;
        for (var s = 0; s < series.Count; s++)
        {
            var (name, values, color) = series[s];
            var bars = new List<Bar>();
            for (var k = 0; k < values.Length; k++)
            {
                if (!double.IsFinite(values[k]))
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = k - (GroupWidth / 2) + (width * (s + 0.5)),
                    Value = values[k],
                    Size = width * 0.92,
                    FillColor = color,
                    LineWidth = 0,
                    Label = label(values[k]),
                });
            }

            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = name;
            plottable.ValueLabelStyle.FontSize = 11;
            plottable.ValueLabelStyle.FontName = PlotCanvas.FontName;
        }
    }

    private static void CategoryTicks(Plot plot, string[] labels)
    {
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(k => (double)k).ToArray(), labels);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MinorTickStyle.Length = 0;
        plot.Axes.SetLimitsX(-0.6, labels.Length - 0.4);
    }
}
