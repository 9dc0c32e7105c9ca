using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Testing;

namespace PlanningSolver.Planning.Tests;

/// <summary>An exported copy of the built-in case in a temporary folder, with helpers to break it on purpose.</summary>
public sealed class CaseCopy
{
    public CaseCopy(string name = "ring-33")
    {
        Folder = Directory.CreateTempSubdirectory("ps-case-").FullName;
        BuiltInCases.Export(name, Folder);
    }

    public string Folder { get; }

    public string PathOf(string file) => Path.Combine(Folder, file);

    /// <summary>Sets one cell: the row whose first column is <paramref name="key"/> (or the data row number when key is "#N").</summary>
    public int SetCell(string file, string key, string column, string value)
    {
        var lines = File.ReadAllLines(PathOf(file)).ToList();
        var header = lines[0].Split(',');
        var col = Array.IndexOf(header, column);
        Assert.True(col >= 0, $"{file} has no column {column}");
        var index = key.StartsWith('#') ? int.Parse(key[1..], System.Globalization.CultureInfo.InvariantCulture)
            : lines.FindIndex(1, l => l.Split(',')[0] == key);
        Assert.True(index > 0, $"{file} has no row {key}");
        var cells = lines[index].Split(',');
        cells[col] = value;
        lines[index] = string.Join(',', cells);
        File.WriteAllLines(PathOf(file), lines);
        return index + 1;
    }

    public void AppendLine(string file, string line) => File.AppendAllText(PathOf(file), line + "\n");

    public void RemoveLine(string file, Func<string, bool> match)
    {
        var lines = File.ReadAllLines(PathOf(file));
        File.WriteAllLines(PathOf(file), lines.Take(1).Concat(lines.Skip(1).Where(l => !match(l))));
    }

    public InputError LoadError() => Assert.Throws<InputError>(() => CaseLoader.Load(new FolderCaseSource(Folder)));
}

public sealed class CaseLoaderTests
{
    [Fact]
    public void The_built_in_case_loads_with_its_tables()
    {
        var study = CaseLoader.Load("ring-33");
        Assert.Equal("ring-33", study.Name);
        Assert.True(study.Nodes.Count >= 12);
        Assert.Equal(8, study.Stations.Count);
        Assert.Equal(8, study.Stations.Select(s => s.Bus).Distinct().Count());
        Assert.Equal(24, study.Profile.Count);
        Assert.Equal(24, study.Tariff.Count);
    }

    [SharedDataFact("matpower/case33bw.m")]
    public void The_feeder_tables_carry_the_baran_wu_data_as_matpower_has_it()
    {
        // Independent source: MATPOWER's case33bw.m (Baran & Wu 1989), read here with a minimal parser of its two
        // tables; the case's CSVs were typed from the paper's tables.
        var text = File.ReadAllLines(SharedData.Path("matpower/case33bw.m"));
        var study = CaseLoader.Load("ring-33");
        var busRows = Block(text, "mpc.bus = [").ToDictionary(v => v[0], v => (P: Num(v[2]), Q: Num(v[3])));
        foreach (var bus in study.Buses)
        {
            Assert.Equal(busRows[bus.Id].P, bus.LoadKw);
            Assert.Equal(busRows[bus.Id].Q, bus.LoadKvar);
        }

        var branchRows = Block(text, "mpc.branch = [").Where(v => v[10] == "1").ToList();
        Assert.Equal(branchRows.Count, study.Branches.Count);
        foreach (var row in branchRows)
        {
            var branch = study.Branches.Single(b => b.From == row[0] && b.To == row[1]);
            Assert.Equal(Num(row[2]), branch.ROhm);
            Assert.Equal(Num(row[3]), branch.XOhm);
        }

        Assert.Equal(3715, study.Buses.Sum(b => b.LoadKw), 9);
        Assert.Equal(2300, study.Buses.Sum(b => b.LoadKvar), 9);
    }

    private static double Num(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string[]> Block(string[] lines, string start) =>
        lines.SkipWhile(l => !l.StartsWith(start, StringComparison.Ordinal)).Skip(1).TakeWhile(l => !l.StartsWith("];", StringComparison.Ordinal))
            .Select(l => l.Split('%')[0].Replace(";", "", StringComparison.Ordinal).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Where(v => v.Length > 0 && char.IsDigit(v[0][0]));

    [Fact]
    public void Missing_file_names_the_file()
    {
        var copy = new CaseCopy();
        File.Delete(copy.PathOf("links.csv"));
        var e = copy.LoadError();
        Assert.Equal(copy.PathOf("links.csv") + ": file not found", e.Message);
    }

    [Fact]
    public void Missing_column_names_the_file_the_header_line_and_the_column()
    {
        var copy = new CaseCopy();
        var lines = File.ReadAllLines(copy.PathOf("links.csv"));
        lines[0] = lines[0].Replace("capacity_vph", "cap", StringComparison.Ordinal);
        File.WriteAllLines(copy.PathOf("links.csv"), lines);
        var e = copy.LoadError();
        Assert.StartsWith(copy.PathOf("links.csv") + ":1: column 'capacity_vph': missing column", e.Message);
    }

    [Theory]
    [InlineData("links.csv", "L05", "capacity_vph", "abc", "'abc' is not a finite number")]
    [InlineData("links.csv", "L05", "t0_min", "NaN", "'NaN' is not a finite number")]
    [InlineData("buses.csv", "7", "p_kw", "1,5", "")]
    [InlineData("od.csv", "#3", "trips_per_day", "1e400", "is not a finite number")]
    public void Non_numeric_value_names_file_line_and_column(string file, string key, string column, string value, string problem)
    {
        var copy = new CaseCopy();
        if (value.Contains(',', StringComparison.Ordinal))
        {
            // A decimal comma shifts the cells: the row then has "1" in p_kw and "5" in q_kvar — legal numbers, so
            // instead check that a quoted decimal comma is rejected as a number.
            value = "\"1,5\"";
            problem = "'1,5' is not a finite number";
        }

        var line = copy.SetCell(file, key, column, value);
        var e = copy.LoadError();
        Assert.StartsWith($"{copy.PathOf(file)}:{line}: column '{column}': ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("0", "0 must be > 0")]
    [InlineData("-3600", "-3600 must be > 0")]
    public void Zero_or_negative_capacity_is_rejected(string value, string problem)
    {
        var copy = new CaseCopy();
        var line = copy.SetCell("links.csv", "L07", "capacity_vph", value);
        Assert.Equal($"{copy.PathOf("links.csv")}:{line}: column 'capacity_vph': {problem}", copy.LoadError().Message);
    }

    [Fact]
    public void Node_coordinates_are_optional()
    {
        // docs/case-format.md: x_km, y_km are for the road map only; a nodes.csv without them loads.
        var copy = new CaseCopy();
        File.WriteAllLines(copy.PathOf("nodes.csv"), File.ReadAllLines(copy.PathOf("nodes.csv")).Select(l => l.Split(',')[0]));
        var study = CaseLoader.Load(new FolderCaseSource(copy.Folder));
        Assert.Equal(17, study.Nodes.Count);
        Assert.All(study.Nodes, n => Assert.False(n.HasPosition));
    }

    [Fact]
    public void A_node_with_x_but_no_y_is_rejected()
    {
        var copy = new CaseCopy();
        var line = copy.SetCell("nodes.csv", "R3", "y_km", "");
        Assert.Equal($"{copy.PathOf("nodes.csv")}:{line}: column 'y_km': empty value: give both x_km and y_km, or neither", copy.LoadError().Message);
    }

    [Fact]
    public void Unknown_node_reference_is_rejected()
    {
        var copy = new CaseCopy();
        var line = copy.SetCell("links.csv", "L03", "to", "R99");
        Assert.Equal($"{copy.PathOf("links.csv")}:{line}: column 'to': unknown node 'R99' (not in nodes table)", copy.LoadError().Message);
    }

    [Fact]
    public void Unknown_bus_reference_in_a_branch_is_rejected()
    {
        var copy = new CaseCopy();
        var line = copy.SetCell("branches.csv", "#5", "to", "77");
        Assert.Equal($"{copy.PathOf("branches.csv")}:{line}: column 'to': unknown bus '77' (not in buses table)", copy.LoadError().Message);
    }

    [Fact]
    public void Duplicate_id_is_rejected()
    {
        var copy = new CaseCopy();
        var line = copy.SetCell("stations.csv", "S4", "station", "S2");
        Assert.Equal($"{copy.PathOf("stations.csv")}:{line}: column 'station': duplicate id 'S2'", copy.LoadError().Message);
    }

    [Fact]
    public void A_station_whose_bus_is_not_in_the_feeder_is_rejected()
    {
        var copy = new CaseCopy();
        var line = copy.SetCell("stations.csv", "S3", "bus", "40");
        Assert.Equal($"{copy.PathOf("stations.csv")}:{line}: column 'bus': bus '40' is not in the feeder ({copy.PathOf("buses.csv")})", copy.LoadError().Message);
    }

    [Fact]
    public void A_feeder_with_a_loop_is_rejected()
    {
        var copy = new CaseCopy();
        copy.AppendLine("branches.csv", "18,33,0.5,0.5,300"); // the Baran & Wu tie switch 18–33, closed
        var lines = File.ReadAllLines(copy.PathOf("branches.csv")).Length;
        Assert.Equal($"{copy.PathOf("branches.csv")}:{lines}: column 'to': branch 18–33 closes a loop: the feeder must be radial (open the tie switch by removing the row)",
            copy.LoadError().Message);
    }

    [Fact]
    public void A_feeder_with_an_island_is_rejected()
    {
        var copy = new CaseCopy();
        copy.RemoveLine("branches.csv", l => l.StartsWith("17,18,", StringComparison.Ordinal));
        var busLine = File.ReadAllLines(copy.PathOf("buses.csv")).ToList().FindIndex(l => l.StartsWith("18,", StringComparison.Ordinal)) + 1;
        Assert.Equal($"{copy.PathOf("buses.csv")}:{busLine}: column 'bus': bus '18' is not connected to the substation (an island): the feeder must be one tree",
            copy.LoadError().Message);
    }

    [Fact]
    public void An_od_pair_with_no_path_is_rejected()
    {
        var copy = new CaseCopy();
        // Cut suburb U3 off: remove every link into U3.
        copy.RemoveLine("links.csv", l => l.Split(',')[2] == "U3");
        var e = copy.LoadError();
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(copy.PathOf("od.csv"))}:\d+: column 'destination': no road path from zone \w+ to zone U3 \(disconnected OD pair\)$", e.Message);
    }

    [Fact]
    public void Unknown_parameter_in_case_json_is_rejected()
    {
        var copy = new CaseCopy();
        var json = File.ReadAllText(copy.PathOf("case.json")).Replace("\"demand_scale\"", "\"demand_scal\"", StringComparison.Ordinal);
        File.WriteAllText(copy.PathOf("case.json"), json);
        Assert.StartsWith($"{copy.PathOf("case.json")}: column 'parameters.demand_scal': unknown parameter 'demand_scal'", copy.LoadError().Message);
    }

    [Fact]
    public void A_case_json_with_a_utf8_byte_order_mark_loads_like_the_csvs_do()
    {
        // Editors on Windows save UTF-8 with a BOM; the CSV tables already accept it, case.json must too.
        var copy = new CaseCopy();
        foreach (var file in new[] { "case.json", "links.csv" })
        {
            var bytes = File.ReadAllBytes(copy.PathOf(file));
            File.WriteAllBytes(copy.PathOf(file), [0xEF, 0xBB, 0xBF, .. bytes]);
        }

        var withBom = CaseLoader.Load(new FolderCaseSource(copy.Folder));
        var builtIn = CaseLoader.Load("ring-33");
        Assert.Equal(builtIn.Name, withBom.Name);
        Assert.Equal(builtIn.Links, withBom.Links);
        Assert.Equal(builtIn.Parameters.All(), withBom.Parameters.All());
    }

    [Fact]
    public void Export_then_load_gives_the_same_case_as_the_built_in_one()
    {
        var copy = new CaseCopy();
        var fromFolder = CaseLoader.Load(new FolderCaseSource(copy.Folder));
        var builtIn = CaseLoader.Load("ring-33");
        Assert.Equal(builtIn.Links, fromFolder.Links);
        Assert.Equal(builtIn.Buses, fromFolder.Buses);
        Assert.Equal(builtIn.Parameters.All(), fromFolder.Parameters.All());
    }
}

public sealed class CaseOverridesTests
{
    [Fact]
    public void Ev_share_moves_the_class_shares_and_keeps_their_sum()
    {
        var study = CaseOverrides.Apply(CaseLoader.Load("ring-33"), ["ev_share=0.5", "demand_scale=1.1"]);
        Assert.Equal(0.5, study.Classes.Where(c => c.Kind == VehicleKind.Ev).Sum(c => c.Share), 12);
        Assert.Equal(1.0, study.Classes.Sum(c => c.Share), 12);
        Assert.Equal(1.1, study.Parameters.DemandScale);
    }

    [Theory]
    [InlineData("demand_scale=-1", "--set: column 'demand_scale': must be > 0")]
    [InlineData("ev_share=1.5", "--set: column 'ev_share': must be within [0, 1]")]
    [InlineData("no_such=1", "--set: column 'no_such': unknown parameter 'no_such'")]
    [InlineData("demand_scale=abc", "--set: column 'demand_scale': 'abc' is not a finite number")]
    [InlineData("demand_scale", "--set: 'demand_scale' is not of the form name=value")]
    public void Bad_overrides_are_input_errors_naming_the_parameter(string assignment, string message)
    {
        var e = Assert.Throws<InputError>(() => CaseOverrides.Apply(CaseLoader.Load("ring-33"), [assignment]));
        Assert.StartsWith(message, e.Message);
    }
}
