using System.Text.RegularExpressions;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Reports;
using PlanningSolver.Planning.Reports.Plots;

namespace PlanningSolver.Planning.Tests.Reports;

public sealed class RoadMapTests
{
    [Fact]
    public void The_evening_peak_of_ring_33_is_17_00()
    {
        // cases/ring-33/README.md: "a slightly higher evening peak (8.8 % at 17:00)" — the largest share after noon.
        Assert.Equal(17, RoadMap.EveningPeakHour(CaseLoader.Load("ring-33")));
    }

    [Fact]
    public void Link_colours_follow_the_volume_capacity_ratios_of_the_peak_hour()
    {
        var input = ReportFixture.Create();
        var model = RoadMap.Build(input);

        Assert.Equal(17, model.Hour);
        Assert.Equal(input.Study.Links.Count, model.Links.Count);
        // The fixture's volume/capacity at 17:00 is 0.2·(1 + l mod 7): v/c from the drawn volume must match it.
        for (var l = 0; l < model.Links.Count; l++)
        {
            Assert.Equal(ReportFixture.PeakVolumeCapacity(l), model.Links[l].VolumeCapacity, 9);
        }

        // The most loaded link (v/c 1.4) gets the top bin, the least loaded (0.2) the bottom one, and a more loaded
        // link never gets a lower bin than a less loaded one.
        var most = model.Links.MaxBy(l => l.VolumeCapacity)!;
        var least = model.Links.MinBy(l => l.VolumeCapacity)!;
        Assert.Equal(RoadMap.VolumeCapacityBins.Top, most.Bin);
        Assert.Equal(0, least.Bin);
        var ordered = model.Links.OrderBy(l => l.VolumeCapacity).Select(l => l.Bin).ToList();
        Assert.Equal(ordered.Order().ToList(), ordered);
        // Hand-binned against the edges 0.5, 0.8, 1.0, 1.2: 0.2, 0.4 → 0; 0.6 → 1; 0.8 → 2; 1.0 → 3; 1.2, 1.4 → 4.
        Assert.Equal([0, 0, 1, 2, 3, 4, 4], model.Links.Take(7).Select(l => l.Bin));
    }

    [Fact]
    public void A_link_with_no_result_is_drawn_as_no_data()
    {
        var input = ReportFixture.Create();
        var missing = input.Study.Links[0].Id;
        input = input with { Best = input.Best with { Links = input.Best.Links.Where(l => l.Link != missing).ToList() } };

        var link = RoadMap.Build(input).Links[0];
        Assert.True(double.IsNaN(link.VolumeCapacity));
        Assert.Equal(-1, link.Bin);
    }

    [Fact]
    public void Stations_are_sized_by_their_installed_kw_in_case_1()
    {
        // Fixture Case 1: S1 at 350 kW with 6 units (cases/ring-33/stations.csv) → 2,100 kW; S2 not built → 0.
        var stations = RoadMap.Build(ReportFixture.Create()).Stations;
        Assert.Equal(2_100, stations.Single(s => s.Id == "S1").InstalledKw);
        Assert.Equal(0, stations.Single(s => s.Id == "S2").InstalledKw);
        Assert.Equal("R1", stations.Single(s => s.Id == "S1").Node);
    }

    [Fact]
    public void Node_positions_come_from_nodes_csv()
    {
        var model = RoadMap.Build(ReportFixture.Create());
        Assert.True(model.FromCoordinates);
        // cases/ring-33/nodes.csv: R3 at (4.0, 0.0) km, U2 at (7.071, 7.071) km.
        Assert.Equal((4.0, 0.0), model.Positions["R3"]);
        Assert.Equal((7.071, 7.071), model.Positions["U2"]);
        Assert.Contains("Node positions from nodes.csv", RoadMap.Caption(model), StringComparison.Ordinal);
    }

    [Fact]
    public void A_city_sized_network_labels_only_the_station_nodes_and_the_caption_says_so()
    {
        var input = ReportFixture.Create();
        var small = RoadMap.Build(input);
        // ring-33's 17 nodes are all labelled.
        Assert.Equal(17, RoadMap.LabelledNodes(small).Count);
        Assert.DoesNotContain("station nodes only", RoadMap.Caption(small), StringComparison.Ordinal);

        // 61 nodes (one above RoadMap.MaxLabelledNodes): only the eight station nodes R1–R8 keep their id.
        var extra = Enumerable.Range(0, 61 - input.Study.Nodes.Count).Select(i => new RoadNode($"X{i}", 20 + i, 20, "extra", 100 + i));
        input = input with { Study = input.Study with { Nodes = [.. input.Study.Nodes, .. extra] } };
        var large = RoadMap.Build(input);
        Assert.Equal(61, large.Positions.Count);
        Assert.Equal(["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"], RoadMap.LabelledNodes(large).Order(StringComparer.Ordinal));
        Assert.Contains("Node ids are printed at the station nodes only (61 nodes).", RoadMap.Caption(large), StringComparison.Ordinal);
        Assert.Equal((1000, 720), Png.Size(RoadMap.Render(large)));
    }

    [Fact]
    public void Without_coordinates_the_nodes_sit_on_a_circle_and_the_caption_says_so()
    {
        var input = ReportFixture.Create();
        input = input with { Study = input.Study with { Nodes = input.Study.Nodes.Select(n => n with { XKm = null, YKm = null }).ToList() } };

        var model = RoadMap.Build(input);
        Assert.False(model.FromCoordinates);
        // 17 nodes on the unit circle, the first at the top (north), then clockwise in file order.
        Assert.Equal(0, model.Positions["C"].X, 12);
        Assert.Equal(1, model.Positions["C"].Y, 12);
        Assert.All(model.Positions.Values, p => Assert.Equal(1, Math.Sqrt((p.X * p.X) + (p.Y * p.Y)), 12));
        Assert.True(model.Positions["R1"].X > 0);
        var caption = PlanPlots.Caption(PlanPlots.RoadMapFile, input);
        Assert.Contains("no coordinates", caption, StringComparison.Ordinal);
        Assert.Contains("circle in file order", caption, StringComparison.Ordinal);
        Assert.Equal((1000, 720), Png.Size(RoadMap.Render(model)));
    }
}

public sealed class FeederMapTests
{
    [Fact]
    public void The_tree_follows_the_branches_of_the_33_bus_feeder()
    {
        var model = FeederMap.Build(ReportFixture.Create());
        var bus = model.Buses.ToDictionary(b => b.Id);

        // Baran & Wu (1989) topology (cases/ring-33/branches.csv): laterals 2–19, 3–23, 6–26 off the trunk 1–18.
        Assert.Equal(33, model.Buses.Count);
        Assert.Null(bus["1"].Parent);
        Assert.Equal("2", bus["19"].Parent);
        Assert.Equal("3", bus["23"].Parent);
        Assert.Equal("6", bus["26"].Parent);
        Assert.Equal("17", bus["18"].Parent);
        Assert.Equal(17, bus["18"].Depth);
        Assert.Equal(0, bus["1"].Depth);
        // A chain keeps one breadth: the trunk 7..18 and the lateral 26..33 are straight lines, apart.
        Assert.All(Enumerable.Range(7, 12), k => Assert.Equal(bus["7"].Breadth, bus[k.ToString(System.Globalization.CultureInfo.InvariantCulture)].Breadth));
        Assert.All(Enumerable.Range(26, 8), k => Assert.Equal(bus["26"].Breadth, bus[k.ToString(System.Globalization.CultureInfo.InvariantCulture)].Breadth));
        Assert.NotEqual(bus["7"].Breadth, bus["26"].Breadth);
    }

    [Fact]
    public void Each_bus_shows_its_lowest_voltage_of_the_day_binned_against_the_floor()
    {
        var input = ReportFixture.Create();
        var model = FeederMap.Build(input);

        foreach (var bus in model.Buses)
        {
            var lowest = input.Best.Buses.Where(b => b.Bus == bus.Id).Min(b => b.VPu);
            Assert.Equal(lowest, bus.MinVoltagePu);
            Assert.Equal(model.Bins.Bin(lowest), bus.Bin);
        }

        // Floor 0.90 (buses.csv): bins < 0.90, 0.90–0.91, 0.91–0.93, 0.93–0.95, ≥ 0.95.
        Assert.Equal(0.9, model.FloorPu);
        Assert.Equal(0, model.Bins.Bin(0.895));
        Assert.Equal(1, model.Bins.Bin(0.905));
        Assert.Equal(4, model.Bins.Bin(1.0));
        var weakest = model.Buses.MinBy(b => b.MinVoltagePu)!;
        Assert.Equal(model.Buses.Min(b => b.Bin), weakest.Bin);
        Assert.Contains($"at bus {weakest.Id}", FeederMap.Caption(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Tidy_layout_centres_parents_and_gives_leaves_consecutive_places()
    {
        // Hand-drawn tree: 0 → {1, 2}; 1 → {3, 4}; 2 → {5}. Leaves 3, 4, 5 at 0, 1, 2; node 1 at (0+1)/2; node 2 over its
        // only child at 2; the root at (0.5 + 2)/2 = 1.25.
        IReadOnlyList<int>[] children = [[1, 2], [3, 4], [5], [], [], []];
        var layout = TreeLayout.Compute(0, children);

        Assert.Equal([0, 1, 1, 2, 2, 2], layout.Select(p => p.Depth));
        Assert.Equal([1.25, 0.5, 2, 0, 1, 2], layout.Select(p => p.Breadth));
        Assert.Throws<ArgumentException>(() => TreeLayout.Compute(0, [[1, 2], [2], []]));
    }
}

public sealed class ReportMapsTests
{
    [Fact]
    public void The_report_shows_both_maps_first_with_their_captions()
    {
        var input = ReportFixture.Create();
        var plots = PlanPlots.Render(input);
        var markdown = PlanReport.Markdown(input, plots.Select(p => p.Name).ToList());
        var html = PlanReport.Html(input, plots);

        Assert.Equal(PlanPlots.RoadMapFile, plots[0].Name);
        Assert.Equal(PlanPlots.FeederMapFile, plots[1].Name);
        foreach (var (name, png) in plots.Take(2))
        {
            Assert.Contains($"]({name})", markdown, StringComparison.Ordinal);
            Assert.Contains($"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("Hour 17:00–18:00", markdown, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"Lowest: 0\.\d{4} p\.u\. at bus \d+"), html);
    }
}
