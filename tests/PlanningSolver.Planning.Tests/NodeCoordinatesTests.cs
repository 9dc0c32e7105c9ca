using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Testing;

namespace PlanningSolver.Planning.Tests;

/// <summary>
/// Issue 14, <c>cases import --nodes</c>: node coordinates from a TNTP node file or a GeoJSON point file, in km for the
/// report's maps. The real files of ../shared/data (Anaheim's GeoJSON, Sioux Falls' node file) and small files written
/// here for each format variant and each bad input.
/// </summary>
public sealed class NodeCoordinatesTests : IDisposable
{
    private const string Anaheim = "tntp/Anaheim/anaheim_nodes.geojson";
    private const string SiouxFalls = "tntp/SiouxFalls/SiouxFalls_node.tntp";

    private readonly string _dir = Directory.CreateTempSubdirectory("ps-nodes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Great-circle distance on the sphere of radius R (haversine formula): the second method for the projection.</summary>
    private static double HaversineKm(double lon1, double lat1, double lon2, double lat2)
    {
        static double Rad(double deg) => deg * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2));
        return 2 * NodeCoordinatesReader.EarthRadiusKm * Math.Asin(Math.Sqrt(a));
    }

    private static double Distance((double XKm, double YKm) a, (double XKm, double YKm) b) => Math.Sqrt(Math.Pow(a.XKm - b.XKm, 2) + Math.Pow(a.YKm - b.YKm, 2));

    /// <summary>Anaheim spans 0.12° of latitude about 33.82°: the projection's error (tan φ̄ · |φ − φ̄|) stays under 0.1 %.</summary>
    [SharedDataFact(Anaheim)]
    public void Anaheim_geojson_gives_all_416_nodes_and_distances_match_the_great_circle_within_a_tenth_of_a_percent()
    {
        var path = SharedData.Path(Anaheim);
        // 416 nodes: ../shared/data/tntp/Anaheim/README.md.
        var read = NodeCoordinatesReader.Read(path, 416, unit: null, kmPerPlanarUnit: 1);
        Assert.Equal(CoordinateUnit.Degrees, read.Unit);
        Assert.Equal(416, read.PositionsKm.Count);
        Assert.Equal(0, read.PositionsKm.Values.Min(p => p.XKm), 9);
        Assert.Equal(0, read.PositionsKm.Values.Min(p => p.YKm), 9);

        var raw = NodeCoordinatesReader.ReadGeoJson(File.ReadAllText(path), path).ToDictionary(p => p.Node);
        // Node 1 is the file's first feature: [-117.880141713707729, 33.871155530597115] on its line 5.
        Assert.Equal(-117.880141713707729, raw[1].X, 12);
        Assert.Equal(33.871155530597115, raw[1].Y, 12);
        Assert.Equal(5, raw[1].Line);
        foreach (var (a, b) in new[] { (1, 2), (1, 416), (3, 300), (38, 39) })
        {
            var planar = Distance(read.PositionsKm[a], read.PositionsKm[b]);
            var sphere = HaversineKm(raw[a].X, raw[a].Y, raw[b].X, raw[b].Y);
            Assert.True(Math.Abs(planar - sphere) <= 1e-3 * sphere, $"nodes {a}-{b}: projected {planar:F4} km, great circle {sphere:F4} km");
        }

        // The city spans about 22 km east-west: a sanity bound on the projection's scale, not a reference value.
        Assert.InRange(read.PositionsKm.Values.Max(p => p.XKm), 10, 40);
    }

    [SharedDataFact(SiouxFalls)]
    public void Sioux_falls_tntp_node_file_with_its_header_reads_as_longitude_latitude()
    {
        var path = SharedData.Path(SiouxFalls);
        var raw = NodeCoordinatesReader.ReadTntp(File.ReadAllText(path), path);
        // First data line of the file: "1	-96.77041974	43.61282792	;" (line 2, after the "Node X Y ;" header).
        Assert.Equal(new NodePoint(1, -96.77041974, 43.61282792, 2), raw[0]);
        Assert.Equal(24, raw.Count);
        var read = NodeCoordinatesReader.Read(path, 24, unit: null, kmPerPlanarUnit: 0.0003048);
        Assert.Equal(CoordinateUnit.Degrees, read.Unit);
        var p1 = raw.Single(p => p.Node == 1);
        var p2 = raw.Single(p => p.Node == 2);
        var sphere = HaversineKm(p1.X, p1.Y, p2.X, p2.Y);
        // The east-west scale is exact only at the mean latitude; off it, the relative error is about tan φ̄ · |φ − φ̄|
        // (radians): nodes 1 and 2 lie 0.06° north of the mean 43.545°, so 0.95 · 0.00105 ≈ 0.1 %.
        Assert.True(Math.Abs(Distance(read.PositionsKm[1], read.PositionsKm[2]) - sphere) <= 1.5e-3 * sphere);
    }

    [Fact]
    public void Tntp_variants_header_or_none_comments_semicolons_tabs_and_spaces_read_the_same_points()
    {
        string[] variants =
        [
            "Node\tX\tY\t;\n1\t10\t20\t;\n2\t30\t40\t;\n",
            "node x y\n1 10 20\n2 30 40\n",
            "~ node coordinates\n1  10  20 ;\n~ a comment between lines\n\n2\t30\t40\n",
            "1,10,20\r\n2,30,40\r\n",
        ];
        foreach (var text in variants)
        {
            var points = NodeCoordinatesReader.ReadTntp(text, "n.tntp");
            Assert.Equal([(1, 10.0, 20.0), (2, 30.0, 40.0)], points.Select(p => (p.Node, p.X, p.Y)));
        }
    }

    [Fact]
    public void Planar_coordinates_are_scaled_by_the_unit_and_auto_takes_out_of_range_values_as_planar()
    {
        // Values beyond ±180/±90 cannot be degrees: auto reads them as planar, here feet (0.3048 m).
        var path = Write("ft.tntp", "Node X Y ;\n1 0 0 ;\n2 10000 0 ;\n3 0 5000 ;\n");
        var read = NodeCoordinatesReader.Read(path, 3, unit: null, kmPerPlanarUnit: 0.0003048);
        Assert.Equal(CoordinateUnit.Planar, read.Unit);
        Assert.Equal(3.048, read.PositionsKm[2].XKm, 12);
        Assert.Equal(1.524, read.PositionsKm[3].YKm, 12);

        // Small planar values would pass for degrees: --node-units km says what they are.
        var km = Write("km.tntp", "1 0 0\n2 4 3\n");
        Assert.Equal(CoordinateUnit.Degrees, NodeCoordinatesReader.Read(km, 2, null, 1).Unit);
        var planar = NodeCoordinatesReader.Read(km, 2, CoordinateUnit.Planar, 1);
        Assert.Equal(5, Distance(planar.PositionsKm[1], planar.PositionsKm[2]), 12);
    }

    [Fact]
    public void Geojson_takes_the_node_from_properties_id_properties_node_or_the_feature_id()
    {
        // One degree of latitude is R·π/180 = 111.19508 km; at the equator one degree of longitude is the same.
        var path = Write("n.geojson", """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"id": 1}, "geometry": {"type": "Point", "coordinates": [0, 0]}},
              {"type": "Feature", "properties": {"node": "2"}, "geometry": {"type": "Point", "coordinates": [0, 1, 12.5]}},
              {"type": "Feature", "id": 3, "properties": null, "geometry": {"type": "Point", "coordinates": [1, 0]}}
            ]}
            """);
        var read = NodeCoordinatesReader.Read(path, 3, null, 1);
        var kmPerDegree = NodeCoordinatesReader.EarthRadiusKm * Math.PI / 180;
        Assert.Equal(kmPerDegree, read.PositionsKm[2].YKm, 9);
        // About the mean latitude 1/3°: cos(1/3°) = 0.99998308.
        Assert.Equal(kmPerDegree * Math.Cos(Math.PI / 540), read.PositionsKm[3].XKm, 9);
        Assert.Equal(0, read.PositionsKm[1].XKm);
    }

    [Theory]
    [InlineData("1 10 20\n2 30\n", 2, "y", "missing")]
    [InlineData("1 10 20\n2 abc 40\n", 2, "x", "must be a finite number, got 'abc'")]
    [InlineData("1 10 20\n-2 30 40\n", 2, "node", "must be a node number >= 1, got '-2'")]
    [InlineData("1 10 20\n1 30 40\n", 2, "node", "node 1 is given twice (also line 1)")]
    [InlineData("1 10 20\n2 30 40\n3 5 5\n", 3, "node", "node 3 is not in the network (nodes 1..2)")]
    [InlineData("1 10 NaN\n2 30 40\n", 1, "y", "must be a finite number, got 'NaN'")]
    public void A_bad_tntp_node_file_names_the_file_line_and_field(string text, int line, string field, string problem)
    {
        var path = Write("bad.tntp", text);
        var e = Assert.Throws<InputError>(() => NodeCoordinatesReader.Read(path, 2, null, 1));
        Assert.Equal((path, line, field), (e.File, e.Line, e.Field));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_node_is_named()
    {
        var path = Write("few.tntp", "1 10 20\n3 30 40\n");
        var e = Assert.Throws<InputError>(() => NodeCoordinatesReader.Read(path, 4, null, 1));
        Assert.Equal("node", e.Field);
        Assert.Equal("no coordinates for nodes 2, 4 (2 of the network's 4)", e.Problem);
    }

    [Theory]
    [InlineData("""{"type": "Feature", "features": []}""", 1, "type", "not a GeoJSON FeatureCollection")]
    [InlineData("""{"type": "FeatureCollection"}""", 1, "features", "missing")]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": [\n{\"properties\": {\"id\": 1}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [0, 0]}},\n{\"properties\": {\"id\": 2}, \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[0, 0], [1, 1]]}}]}",
        3, "geometry.type", "feature 2: node 2: must be \"Point\"")]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": [\n{\"properties\": {\"id\": 1}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [0]}}]}",
        2, "geometry.coordinates", "must be [longitude, latitude]")]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": [\n{\"properties\": {\"name\": \"a\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [0, 0]}}]}",
        2, "properties.id", "feature 1: missing")]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": [\n{\"properties\": {\"id\": 1.5}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [0, 0]}}]}",
        2, "properties.id", "must be a node number >= 1, got 1.5")]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": [\n{\"properties\": {\"id\": 1}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [200, 0]}}]}",
        2, "x", "is not a longitude in [-180, 180]")]
    [InlineData("{\"type\": \"FeatureCollection\",\n \"features\": [,]}", 2, null, "not valid JSON")]
    public void A_bad_geojson_file_names_the_file_line_and_field(string text, int line, string? field, string problem)
    {
        var path = Write("bad.geojson", text);
        var e = Assert.Throws<InputError>(() => NodeCoordinatesReader.Read(path, 1, null, 1));
        Assert.Equal((path, line, field), (e.File, e.Line, e.Field));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }
}
