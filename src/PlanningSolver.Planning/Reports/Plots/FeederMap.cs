using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using ScottPlot;

namespace PlanningSolver.Planning.Reports.Plots;

/// <summary>One feeder bus on the tree drawing: its parent (null at the substation), layout position, lowest voltage
/// of the day in Case 1 and that voltage's bin.</summary>
public sealed record FeederMapBus(string Id, string? Parent, int Depth, double Breadth, double MinVoltagePu, int Bin);

/// <summary>What the feeder map draws; <see cref="FeederMap.Render"/> only draws it.</summary>
/// <param name="FloorPu">The lowest voltage limit of the case (the bins are set from it).</param>
public sealed record FeederMapModel(IReadOnlyList<FeederMapBus> Buses, IReadOnlyList<MapStation> Stations, double FloorPu, ColourBins Bins);

/// <summary>
/// The radial feeder (each feeder of the case) drawn as a tree from the substation (<see cref="TreeLayout"/>, from the parent structure the
/// branches give): depth left to right, each bus coloured by its lowest voltage of the day in Case 1, the station buses
/// marked by a square with the station's name and installed kW.
/// </summary>
public static class FeederMap
{
    /// <summary>Voltage bins by headroom above the case's floor: below it, within 0.01, 0.03, 0.05 p.u., more.</summary>
    public static ColourBins VoltageBins(double floorPu)
    {
        var f = double.IsFinite(floorPu) ? floorPu : 0.9;
        string V(double v) => HumanNumber.Format(v, 2);
        return new ColourBins(
            [f, f + 0.01, f + 0.03, f + 0.05],
            [Color.FromHex("#67001F"), Color.FromHex("#D73027"), Color.FromHex("#FC8D59"), Color.FromHex("#FEE08B"), Color.FromHex("#1A9850")],
            [$"< {V(f)} p.u. (below floor)", $"{V(f)}–{V(f + 0.01)} p.u.", $"{V(f + 0.01)}–{V(f + 0.03)} p.u.", $"{V(f + 0.03)}–{V(f + 0.05)} p.u.", $"≥ {V(f + 0.05)} p.u."]);
    }

    public static FeederMapModel Build(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var study = input.Study;
        var floor = study.Buses.Count > 0 ? study.Buses.Min(b => b.VMinPu) : double.NaN;
        var bins = VoltageBins(floor);
        if (study.Buses.Count == 0)
        {
            return new FeederMapModel([], RoadMap.Stations(input), floor, bins);
        }

        var index = study.Buses.Select((b, i) => (b.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        // Several feeders: each drawn as its own tree, stacked one below the other in feeder order.
        var roots = study.FeederIds.Select(f => index[study.SubstationOf(f).Id]).ToArray();
        var (parent, children) = ParentsFromBranches(study, index, roots);
        var layout = new (int Depth, double Breadth)[study.Buses.Count];
        var offset = 0.0;
        foreach (var (feeder, root) in study.FeederIds.Zip(roots))
        {
            var own = Enumerable.Range(0, study.Buses.Count).Where(i => study.Buses[i].FeederId == feeder).ToList();
            var part = TreeLayout.Compute(root, children);
            foreach (var i in own)
            {
                layout[i] = (part[i].Depth, part[i].Breadth + offset);
            }

            offset += own.Max(i => part[i].Breadth) + 1;
        }

        var lowest = input.Best.Buses.GroupBy(b => b.Bus, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(b => b.VPu), StringComparer.Ordinal);
        var buses = new List<FeederMapBus>();
        for (var i = 0; i < study.Buses.Count; i++)
        {
            if (!roots.Contains(i) && parent[i] < 0)
            {
                continue; // not connected to the substation (a validated case has none)
            }

            var v = lowest.TryGetValue(study.Buses[i].Id, out var value) ? value : double.NaN;
            buses.Add(new FeederMapBus(study.Buses[i].Id, parent[i] >= 0 ? study.Buses[parent[i]].Id : null, layout[i].Depth, layout[i].Breadth, v, bins.Bin(v)));
        }

        return new FeederMapModel(buses, RoadMap.Stations(input), floor, bins);
    }

    /// <summary>The parent of each bus (−1 at a root) and its children in branch-file order, walking out from the roots.</summary>
    private static (int[] Parent, List<int>[] Children) ParentsFromBranches(StudyCase study, Dictionary<string, int> index, int[] roots)
    {
        var n = study.Buses.Count;
        var neighbours = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        foreach (var branch in study.Branches)
        {
            if (index.TryGetValue(branch.From, out var a) && index.TryGetValue(branch.To, out var b))
            {
                neighbours[a].Add(b);
                neighbours[b].Add(a);
            }
        }

        var parent = Enumerable.Repeat(-1, n).ToArray();
        var children = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var seen = new bool[n];
        var queue = new Queue<int>();
        foreach (var root in roots)
        {
            queue.Enqueue(root);
            seen[root] = true;
        }

        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            foreach (var v in neighbours[u].Where(v => !seen[v]))
            {
                seen[v] = true;
                parent[v] = u;
                children[u].Add(v);
                queue.Enqueue(v);
            }
        }

        return (parent, children);
    }

    public static string Caption(FeederMapModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weakest = model.Buses.Where(b => double.IsFinite(b.MinVoltagePu)).MinBy(b => b.MinVoltagePu);
        var lowest = weakest is null ? string.Empty : $" Lowest: {HumanNumber.Format(weakest.MinVoltagePu, 4)} p.u. at bus {weakest.Id}.";
        return CaptionLead + lowest;
    }

    internal const string CaptionLead =
        "Feeder as a tree from the substation (tidy layout of the radial branches): each bus coloured by its lowest voltage of the day in Case 1 (optimized); squares mark the buses of the charging stations.";

    public static byte[] Render(FeederMapModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var plot = PlotCanvas.Create("Feeder: lowest voltage of the day by bus, Case 1 (optimized)", "Branches from the substation", string.Empty);
        if (model.Buses.Count == 0)
        {
            PlotCanvas.NoData(plot, "no feeder buses");
            return PlotCanvas.Png(plot, PlotCanvas.Width, PlotCanvas.TallHeight);
        }

        var at = model.Buses.ToDictionary(b => b.Id, b => ((double)b.Depth, -b.Breadth), StringComparer.Ordinal);
        var edge = Color.FromHex("#9E9E9E");
        foreach (var bus in model.Buses.Where(b => b.Parent is not null))
        {
            var (a, b) = (at[bus.Parent!], at[bus.Id]);
            var line = plot.Add.Line(a.Item1, a.Item2, b.Item1, b.Item2);
            line.LineColor = edge;
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }

        var labelled = model.Buses.Count <= 60;
        foreach (var bus in model.Buses)
        {
            var p = at[bus.Id];
            var marker = plot.Add.Marker(p.Item1, p.Item2, bus.Parent is null ? MarkerShape.FilledDiamond : MarkerShape.FilledCircle, bus.Parent is null ? 16 : 11, model.Bins.Colour(bus.Bin));
            marker.MarkerLineColor = Color.FromHex("#404040");
            marker.MarkerLineWidth = 0.8f;
            if (labelled || bus.Parent is null)
            {
                RoadMap.Label(plot, bus.Parent is null ? bus.Id + " (substation)" : bus.Id, p, -9, 9, Color.FromHex("#404040"));
            }
        }

        foreach (var group in model.Stations.Where(s => at.ContainsKey(s.Bus)).GroupBy(s => s.Bus, StringComparer.Ordinal))
        {
            var p = at[group.Key];
            plot.Add.Marker(p.Item1, p.Item2, MarkerShape.OpenSquare, 22, PlotCanvas.Case1).MarkerLineWidth = 2;
            var text = string.Join(", ", group.Select(s => s.InstalledKw > 0 ? $"{s.Id} {HumanNumber.Format(s.InstalledKw, 0)} kW" : $"{s.Id} not built"));
            RoadMap.Label(plot, text, p, 13, 10, PlotCanvas.Case1);
        }

        for (var bin = 0; bin < model.Bins.Count; bin++)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = model.Bins.Labels[bin],
                LineWidth = 0,
                MarkerShape = MarkerShape.FilledCircle,
                MarkerSize = 11,
                MarkerFillColor = model.Bins.Colour(bin),
                MarkerLineColor = Color.FromHex("#404040"),
            });
        }

        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "station bus",
            LineWidth = 0,
            MarkerShape = MarkerShape.OpenSquare,
            MarkerSize = 14,
            MarkerLineColor = PlotCanvas.Case1,
            MarkerLineWidth = 2,
        });

        plot.HideGrid();
        var maxDepth = model.Buses.Max(b => b.Depth);
        var maxBreadth = model.Buses.Max(b => b.Breadth);
        plot.Axes.SetLimits(-1.3, maxDepth + 0.8, -maxBreadth - 0.6, 0.6);
        var step = Math.Max(1, (maxDepth + 19) / 20);
        var depths = Enumerable.Range(0, maxDepth + 1).Where(d => d % step == 0).ToArray();
        plot.Axes.Bottom.SetTicks(depths.Select(d => (double)d).ToArray(), depths.Select(d => Invariant.Format(d)).ToArray());
        plot.Axes.Left.TickLabelStyle.IsVisible = false;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Left.MinorTickStyle.Length = 0;
        PlotCanvas.LegendRight(plot);
        return PlotCanvas.Png(plot, PlotCanvas.Width, PlotCanvas.TallHeight);
    }
}
