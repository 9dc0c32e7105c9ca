using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using ScottPlot;

namespace PlanningSolver.Planning.Reports.Plots;

/// <summary>One directed road link on the map at the drawn hour: volume (all classes, veh/h), capacity and its bin.</summary>
public sealed record RoadMapLink(string Id, string From, string To, double VolumeVph, double CapacityVph, int Bin)
{
    /// <summary>Volume/capacity x/c (NaN when the link has no result for the hour).</summary>
    public double VolumeCapacity => VolumeVph / CapacityVph;
}

/// <summary>A candidate station on a map: where it is and its installed power m_s·P_s in Case 1 (0 = not built).</summary>
public sealed record MapStation(string Id, string Node, string Bus, double InstalledKw);

/// <summary>What the road map draws, computed from the report input; <see cref="RoadMap.Render"/> only draws it.</summary>
/// <param name="Hour">The drawn hour: the evening peak (<see cref="RoadMap.EveningPeakHour"/>).</param>
/// <param name="FromCoordinates">True when every node has x_km, y_km; false when the nodes sit on a circle in file order.</param>
public sealed record RoadMapModel(
    int Hour,
    bool FromCoordinates,
    IReadOnlyDictionary<string, (double X, double Y)> Positions,
    IReadOnlyList<RoadMapLink> Links,
    IReadOnlyList<MapStation> Stations);

/// <summary>
/// The road network of Case 1 at the evening peak hour: each directed link coloured by its volume/capacity bin and as
/// wide as its volume (two-way roads as two parallel lines, each on the right of its direction of travel), and each
/// station as a disc whose area is proportional to its installed kW.
/// </summary>
public static class RoadMap
{
    /// <summary>Volume/capacity bins: free flow, moderate, near capacity, at capacity (BPR delay rising fast), over.</summary>
    public static ColourBins VolumeCapacityBins { get; } = new(
        [0.5, 0.8, 1.0, 1.2],
        [Color.FromHex("#1A9850"), Color.FromHex("#91CF60"), Color.FromHex("#FEE08B"), Color.FromHex("#FC8D59"), Color.FromHex("#D73027")],
        ["v/c < 0.5", "v/c 0.5–0.8", "v/c 0.8–1.0", "v/c 1.0–1.2", "v/c ≥ 1.2"]);

    /// <summary>Networks with more nodes than this (a city from TNTP, e.g. Anaheim's 416) label only the station nodes:
    /// every id would cover the map.</summary>
    public const int MaxLabelledNodes = 60;

    /// <summary>The nodes whose id the map prints: all of them on a small network, else those with a station.</summary>
    public static IReadOnlySet<string> LabelledNodes(RoadMapModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Positions.Count <= MaxLabelledNodes
            ? model.Positions.Keys.ToHashSet(StringComparer.Ordinal)
            : model.Stations.Select(s => s.Node).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Hours from which the evening peak is taken (12:00–24:00).</summary>
    public const int EveningFromHour = 12;

    /// <summary>The evening peak: the afternoon/evening hour with the largest demand share f_t (the earliest on a tie;
    /// <see cref="EveningFromHour"/> for a case without a profile).</summary>
    public static int EveningPeakHour(StudyCase study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var evening = study.Profile.Where(p => p.Hour >= EveningFromHour).ToList();
        var pool = evening.Count > 0 ? evening : study.Profile;
        return pool.Count == 0 ? EveningFromHour : pool.OrderByDescending(p => p.DemandShare).ThenBy(p => p.Hour).First().Hour;
    }

    public static RoadMapModel Build(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var study = input.Study;
        var hour = EveningPeakHour(study);
        var fromCoordinates = study.Nodes.Count > 0 && study.Nodes.All(n => n.HasPosition);
        var positions = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        for (var i = 0; i < study.Nodes.Count; i++)
        {
            var node = study.Nodes[i];
            var angle = (Math.PI / 2) - (2 * Math.PI * i / study.Nodes.Count); // clockwise from north, file order
            positions[node.Id] = fromCoordinates ? (node.XKm!.Value, node.YKm!.Value) : (Math.Cos(angle), Math.Sin(angle));
        }

        var volumes = input.Best.Links.Where(l => l.Hour == hour)
            .GroupBy(l => l.Link, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.IcevFlow + l.EvFlow), StringComparer.Ordinal);
        var links = study.Links.Select(l =>
        {
            var volume = volumes.TryGetValue(l.Id, out var v) ? v : double.NaN;
            return new RoadMapLink(l.Id, l.From, l.To, volume, l.CapacityVph, VolumeCapacityBins.Bin(volume / l.CapacityVph));
        }).ToList();
        return new RoadMapModel(hour, fromCoordinates, positions, links, Stations(input));
    }

    /// <summary>The stations of Case 1 with their installed kW (units × kW per unit).</summary>
    public static IReadOnlyList<MapStation> Stations(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var powers = input.Best.Plan.PowerKw;
        return input.Study.Stations
            .Select((s, i) => new MapStation(s.Id, s.Node, s.Bus, i < powers.Count ? s.Units * powers[i] : double.NaN))
            .ToList();
    }

    /// <summary>The figure caption: what is drawn, the hour, and where the node positions come from.</summary>
    public static string Caption(RoadMapModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layout = model.FromCoordinates
            ? "Node positions from nodes.csv (x_km, y_km)."
            : "nodes.csv gives no coordinates, so the nodes are placed on a circle in file order (a schematic, not a map).";
        var labels = model.Positions.Count > MaxLabelledNodes ? $" Node ids are printed at the station nodes only ({model.Positions.Count} nodes)." : "";
        return $"{CaptionLead} Hour {model.Hour:00}:00–{model.Hour + 1:00}:00 (the evening peak of the demand profile). {layout}{labels}";
    }

    internal const string CaptionLead =
        "Road network, Case 1 (optimized): each link coloured by volume/capacity and as wide as its volume; stations as discs with area proportional to installed kW.";

    public static byte[] Render(RoadMapModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var plot = PlotCanvas.Create(
            $"Road network at {model.Hour:00}:00, Case 1 (optimized)",
            model.FromCoordinates ? "x (km)" : "schematic layout (no coordinates)",
            model.FromCoordinates ? "y (km)" : string.Empty);
        if (model.Positions.Count == 0)
        {
            PlotCanvas.NoData(plot, "no road nodes");
            return PlotCanvas.Png(plot, PlotCanvas.Width, PlotCanvas.TallHeight);
        }

        var xs = model.Positions.Values.Select(p => p.X).ToList();
        var ys = model.Positions.Values.Select(p => p.Y).ToList();
        var span = Math.Max(Math.Max(xs.Max() - xs.Min(), ys.Max() - ys.Min()), 1e-9);
        var offset = 0.008 * span;
        var maxVolume = model.Links.Select(l => l.VolumeVph).Where(double.IsFinite).DefaultIfEmpty(0).Max();

        foreach (var link in model.Links)
        {
            if (!model.Positions.TryGetValue(link.From, out var a) || !model.Positions.TryGetValue(link.To, out var b))
            {
                continue;
            }

            var (dx, dy) = (b.X - a.X, b.Y - a.Y);
            var length = Math.Sqrt((dx * dx) + (dy * dy));
            if (length == 0)
            {
                continue;
            }

            // Right-hand side of the direction of travel, so the two directions of a road sit side by side.
            var (ox, oy) = (offset * dy / length, -offset * dx / length);
            var line = plot.Add.Line(a.X + ox, a.Y + oy, b.X + ox, b.Y + oy);
            line.LineColor = VolumeCapacityBins.Colour(link.Bin);
            line.LineWidth = double.IsFinite(link.VolumeVph) && maxVolume > 0 ? (float)(1.5 + (6.5 * link.VolumeVph / maxVolume)) : 1f;
            line.MarkerSize = 0;
        }

        // Disc diameter in pixels: area ∝ installed kW, the largest station 40 px across.
        var maxKw = model.Stations.Select(s => s.InstalledKw).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        float Diameter(MapStation s) => s.InstalledKw > 0 && maxKw > 0 ? (float)(40 * Math.Sqrt(s.InstalledKw / maxKw)) : 10f;
        var discs = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var station in model.Stations)
        {
            discs[station.Node] = Math.Max(discs.GetValueOrDefault(station.Node), Diameter(station));
        }

        var nodeColour = Color.FromHex("#404040");
        var labelled = LabelledNodes(model);
        var nodeSize = labelled.Count == model.Positions.Count ? 6f : 3f;
        foreach (var (id, p) in model.Positions)
        {
            plot.Add.Marker(p.X, p.Y, MarkerShape.FilledCircle, nodeSize, nodeColour);
            if (labelled.Contains(id))
            {
                Label(plot, id, p, (discs.GetValueOrDefault(id, nodeSize) / 2) + 3, 10, nodeColour);
            }
        }

        foreach (var station in model.Stations)
        {
            if (!model.Positions.TryGetValue(station.Node, out var p))
            {
                continue;
            }

            var built = station.InstalledKw > 0;
            var size = Diameter(station);
            var disc = plot.Add.Marker(p.X, p.Y, built ? MarkerShape.FilledCircle : MarkerShape.OpenCircle, size, PlotCanvas.Case1.WithAlpha(built ? 0.5 : 1.0));
            disc.MarkerLineColor = PlotCanvas.Case1;
            disc.MarkerLineWidth = 1.5f;
            var text = built ? $"{station.Id} {HumanNumber.Format(station.InstalledKw, 0)} kW" : $"{station.Id} not built";
            Label(plot, text, p, -((size / 2) + 3), 11, PlotCanvas.Case1);
        }

        for (var bin = 0; bin < VolumeCapacityBins.Count; bin++)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = VolumeCapacityBins.Labels[bin],
                LineColor = VolumeCapacityBins.Colour(bin),
                LineWidth = 5,
                MarkerShape = MarkerShape.None,
            });
        }

        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "station (area ∝ kW)",
            LineWidth = 0,
            MarkerShape = MarkerShape.FilledCircle,
            MarkerSize = 14,
            MarkerFillColor = PlotCanvas.Case1.WithAlpha(0.55),
            MarkerLineColor = PlotCanvas.Case1,
        });
        if (model.Links.Any(l => l.Bin < 0))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "no flow result", LineColor = ColourBins.NoData, LineWidth = 3, MarkerShape = MarkerShape.None });
        }

        plot.HideGrid();
        var pad = 0.08 * span;
        plot.Axes.SetLimits(xs.Min() - pad, xs.Max() + pad, ys.Min() - pad, ys.Max() + pad);
        plot.Axes.SquareUnits();
        if (!model.FromCoordinates)
        {
            plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
            plot.Axes.Left.TickLabelStyle.IsVisible = false;
        }

        PlotCanvas.LegendRight(plot);
        return PlotCanvas.Png(plot, PlotCanvas.Width, PlotCanvas.TallHeight);
    }

    /// <summary>A label centred below (positive <paramref name="offsetY"/>, pixels) or above (negative) a point.</summary>
    internal static void Label(Plot plot, string text, (double X, double Y) at, float offsetY, float size, Color colour)
    {
        var label = plot.Add.Text(text, at.X, at.Y);
        label.Alignment = offsetY >= 0 ? Alignment.UpperCenter : Alignment.LowerCenter;
        label.OffsetY = offsetY;
        label.LabelStyle.FontSize = size;
        label.LabelStyle.FontName = PlotCanvas.FontName;
        label.LabelStyle.ForeColor = colour;
    }
}
