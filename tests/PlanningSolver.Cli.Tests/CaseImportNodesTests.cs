using System.Globalization;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Testing;

namespace PlanningSolver.Cli.Tests;

/// <summary>
/// Issue 14, <c>cases import --nodes</c>: node coordinates for the report's maps. ring-33's own coordinates written as a
/// TNTP node file come back in the imported nodes.csv (the second method is ring-33's nodes.csv); Anaheim's GeoJSON file
/// gives every node a position; bad files and options are one line, exit 2.
/// </summary>
public sealed class CaseImportNodesTests
{
    /// <summary>ring-33's nodes.csv coordinates (km) as a TNTP node file, numbered as the import numbers the nodes.</summary>
    private static string WriteRing33Nodes(string folder)
    {
        var study = CaseLoader.Load("ring-33");
        var networks = new CaseNetworks(study);
        var path = Path.Combine(folder, "ring33_node.tntp");
        File.WriteAllLines(path, ["Node\tX\tY\t;", .. study.Nodes.Select(n => string.Create(CultureInfo.InvariantCulture, $"{networks.NodeNumber[n.Id]}\t{n.XKm!.Value:R}\t{n.YKm!.Value:R}\t;"))]);
        return path;
    }

    private static Dictionary<string, (double X, double Y)> NodesCsv(string caseFolder) =>
        File.ReadLines(Path.Combine(caseFolder, "nodes.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => (double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture)));

    [Fact]
    public void Ring33_coordinates_written_as_a_tntp_node_file_come_back_in_the_imported_nodes_csv()
    {
        var sources = CaseImportTests.WriteRing33Sources(Directory.CreateTempSubdirectory("ps-import-src-").FullName);
        var nodes = WriteRing33Nodes(sources);
        var target = Path.Combine(Directory.CreateTempSubdirectory("ps-import-").FullName, "ring33-nodes");
        // ring-33's coordinates are km and all lie within ±180/±90, so auto would take them for degrees: say km.
        var (code, _, err) = Cli.Run(CaseImportTests.ImportArgs(sources, target, "--nodes", nodes, "--node-units", "km"));
        Assert.True(code == 0, err);

        var study = CaseLoader.Load("ring-33");
        var networks = new CaseNetworks(study);
        var imported = NodesCsv(target);
        Assert.Equal(study.Nodes.Count, imported.Count);
        foreach (var node in study.Nodes)
        {
            var (x, y) = imported[networks.NodeNumber[node.Id].ToString(CultureInfo.InvariantCulture)];
            Assert.Equal(node.XKm!.Value, x, 12);
            Assert.Equal(node.YKm!.Value, y, 12);
        }

        Assert.Contains("- Node coordinates: from `ring33_node.tntp`, TNTP node file, planar x, y (not longitude/latitude) × 1 to km", File.ReadAllText(Path.Combine(target, "README.md")), StringComparison.Ordinal);
        Assert.Contains("| node coordinates | `" + nodes + "` |", File.ReadAllText(Path.Combine(target, "README.md")), StringComparison.Ordinal);
        Assert.Equal(0, Cli.Run("validate", target, "-q").Code);
    }

    [Fact]
    public void Without_nodes_the_imported_nodes_have_no_coordinates()
    {
        // Before: every node was written at (0, 0), so the report drew the whole network on one point.
        var sources = CaseImportTests.WriteRing33Sources(Directory.CreateTempSubdirectory("ps-import-src-").FullName);
        var target = Path.Combine(Directory.CreateTempSubdirectory("ps-import-").FullName, "ring33-plain");
        var (code, _, err) = Cli.Run(CaseImportTests.ImportArgs(sources, target));
        Assert.True(code == 0, err);
        Assert.All(File.ReadLines(Path.Combine(target, "nodes.csv")).Skip(1), l => Assert.Matches("^[^,]+,,,", l));
        Assert.All(CaseLoader.Load(target).Nodes, n => Assert.False(n.HasPosition));
    }

    [Theory]
    [InlineData("1\t0\t0\t;\n2\t0\n", ":2: column 'y': missing")]
    [InlineData("1 0 0\n999 1 1\n", ":2: column 'node': node 999 is not in the network")]
    public void A_bad_node_file_is_one_line_naming_file_row_and_field_and_writes_nothing(string text, string expected)
    {
        var sources = CaseImportTests.WriteRing33Sources(Directory.CreateTempSubdirectory("ps-import-src-").FullName);
        var nodes = Path.Combine(sources, "bad_node.tntp");
        File.WriteAllText(nodes, text);
        var target = Path.Combine(Directory.CreateTempSubdirectory("ps-import-").FullName, "bad");
        var (code, _, err) = Cli.Run(CaseImportTests.ImportArgs(sources, target, "--nodes", nodes));
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(nodes + expected, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void An_unknown_node_unit_is_a_usage_error()
    {
        var sources = CaseImportTests.WriteRing33Sources(Directory.CreateTempSubdirectory("ps-import-src-").FullName);
        var target = Path.Combine(Directory.CreateTempSubdirectory("ps-import-").FullName, "unit");
        var (code, _, err) = Cli.Run(CaseImportTests.ImportArgs(sources, target, "--nodes", WriteRing33Nodes(sources), "--node-units", "yd"));
        Assert.Equal(2, code);
        Assert.Equal("error: --node-units must be one of auto, deg, km, m, mi, ft, got 'yd'", err.Trim());
    }

    [SharedDataFact("tntp/Anaheim/Anaheim_net.tntp", "tntp/Anaheim/Anaheim_trips.tntp", "tntp/Anaheim/anaheim_nodes.geojson", "matpower/case69.m")]
    public void Anaheim_imported_with_its_geojson_nodes_has_a_position_for_every_node()
    {
        var dir = Directory.CreateTempSubdirectory("ps-import-anaheim-").FullName;
        var stations = Path.Combine(dir, "stations.csv");
        File.WriteAllText(stations, "station,node,feeder,bus,units,levels_kw,fixed_cost\nS1,50,f69,10,4,0;60;120,100000\nS2,120,f69,30,4,0;60;120,100000\n");
        var target = Path.Combine(dir, "anaheim");
        var (code, _, err) = Cli.Run("cases", "import", target, "--network", SharedData.Path("tntp/Anaheim/Anaheim_net.tntp"),
            "--trips", SharedData.Path("tntp/Anaheim/Anaheim_trips.tntp"), "--nodes", SharedData.Path("tntp/Anaheim/anaheim_nodes.geojson"),
            "--length-unit", "ft", "--feeder", "f69=" + SharedData.Path("matpower/case69.m"), "--stations", stations, "-q");
        Assert.True(code == 0, err);
        var study = CaseLoader.Load(target);
        Assert.Equal(416, study.Nodes.Count);
        Assert.All(study.Nodes, n => Assert.True(n.HasPosition, n.Id));
        // Node 1, the first feature ([-117.880141713707729, 33.871155530597115]), is north-east of the south-west corner.
        var first = study.Nodes.Single(n => n.Id == "1");
        Assert.True(first.XKm > 0 && first.YKm > 0);
        Assert.Contains("GeoJSON points, longitude/latitude (degrees) projected to km", File.ReadAllText(Path.Combine(target, "README.md")), StringComparison.Ordinal);
    }
}
