using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Tests;

/// <summary>
/// The several-feeder case layout (docs/case-format.md): a <c>feeder</c> column in buses.csv (and optionally in
/// stations.csv), feeders.csv with each feeder's own voltage base and substation voltage, bus ids unique over the case.
/// Bad input is one error naming the file, the line and the column.
/// </summary>
public sealed class SeveralFeederCaseTests
{
    /// <summary>ring-33 exported, with feeder B (a copy of its feeder, bus ids prefixed <c>B</c>) in the same tables.</summary>
    private static CaseCopy TwoFeederFolder()
    {
        var copy = new CaseCopy();
        var buses = File.ReadAllLines(copy.PathOf("buses.csv"));
        File.WriteAllLines(copy.PathOf("buses.csv"),
            [buses[0] + ",feeder", .. buses.Skip(1).Select(l => l + ",A"), .. buses.Skip(1).Select(l => "B" + l + ",B")]);
        var branches = File.ReadAllLines(copy.PathOf("branches.csv"));
        File.WriteAllLines(copy.PathOf("branches.csv"), [.. branches, .. branches.Skip(1).Select(l => "B" + string.Join(",B", l.Split(',', 2)))]);
        File.WriteAllLines(copy.PathOf("feeders.csv"), ["feeder,base_kv,substation_voltage", "A,,", "B,11,1.02"]);
        return copy;
    }

    [Fact]
    public void A_case_of_two_feeders_loads_with_each_feeders_own_bases()
    {
        var copy = TwoFeederFolder();
        copy.SetCell("stations.csv", "S8", "bus", "B" + CaseLoader.Load("ring-33").Stations.Single(s => s.Id == "S8").Bus);
        var study = CaseLoader.Load(new FolderCaseSource(copy.Folder));
        Assert.Equal(["A", "B"], study.FeederIds);
        Assert.Equal(66, study.Buses.Count);
        Assert.Equal(12.66, study.BaseKvOf("A"));
        Assert.Equal(11, study.BaseKvOf("B"));
        Assert.Equal(1.02, study.SubstationVoltageOf("B"));
        var networks = new CaseNetworks(study);
        Assert.Equal(2, networks.Feeder.Trees.Count);
        Assert.Equal(1, networks.StationFeeder[study.Stations.Count - 1]);
        // Ohms to p.u. on each feeder's own base: Z_base = kV² / MVA (docs/case-format.md), by hand for branch 1–2.
        var first = study.Branches[0];
        Assert.Equal(first.ROhm / (12.66 * 12.66 / 10), networks.Feeder.Trees[0].Branches[0].RPu, 15);
        Assert.Equal(first.ROhm / (11.0 * 11.0 / 10), networks.Feeder.Trees[1].Branches[0].RPu, 15);
    }

    [Fact]
    public void A_branch_between_two_feeders_is_refused()
    {
        var copy = TwoFeederFolder();
        copy.AppendLine("branches.csv", "18,B18,0.1,0.1,");
        var e = copy.LoadError();
        Assert.EndsWith("branches.csv", e.File, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllLines(copy.PathOf("branches.csv")).Length, e.Line);
        Assert.Equal("to", e.Field);
        Assert.Contains("joins feeder 'A' to feeder 'B'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_feeder_needs_one_substation()
    {
        var copy = TwoFeederFolder();
        var line = copy.SetCell("buses.csv", "B1", "kind", "load");
        var e = copy.LoadError();
        Assert.EndsWith("buses.csv", e.File, StringComparison.Ordinal);
        Assert.Equal(line, e.Line); // the first bus of feeder B, B1, now a load
        Assert.Equal("kind", e.Field);
        Assert.Contains("found 0 (feeder 'B')", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_station_naming_another_feeder_than_its_buses_is_refused()
    {
        var copy = TwoFeederFolder();
        var stations = File.ReadAllLines(copy.PathOf("stations.csv"));
        File.WriteAllLines(copy.PathOf("stations.csv"), [stations[0] + ",feeder", .. stations.Skip(1).Select((l, i) => l + (i == 2 ? ",B" : ",A"))]);
        var e = copy.LoadError();
        Assert.EndsWith("stations.csv", e.File, StringComparison.Ordinal);
        Assert.Equal(4, e.Line);
        Assert.Equal("feeder", e.Field);
        Assert.Contains("is on feeder 'A', not 'B'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Feeders_csv_and_buses_csv_must_name_the_same_feeders()
    {
        var extra = TwoFeederFolder();
        extra.AppendLine("feeders.csv", "C,,");
        var e = extra.LoadError();
        Assert.EndsWith("feeders.csv", e.File, StringComparison.Ordinal);
        Assert.Equal(4, e.Line);
        Assert.Equal("feeder", e.Field);
        Assert.Contains("feeder 'C' has no bus", e.Problem, StringComparison.Ordinal);

        var unlisted = TwoFeederFolder();
        var line = unlisted.SetCell("buses.csv", "B7", "feeder", "");
        var f = unlisted.LoadError();
        Assert.EndsWith("buses.csv", f.File, StringComparison.Ordinal);
        Assert.Equal(line, f.Line);
        Assert.Equal("feeder", f.Field);
        Assert.Contains("feeder 'main' is not in", f.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_island_in_the_second_feeder_names_its_bus_and_feeder()
    {
        var copy = TwoFeederFolder();
        copy.RemoveLine("branches.csv", l => l.StartsWith("B6,B7,", StringComparison.Ordinal));
        var e = copy.LoadError();
        Assert.EndsWith("buses.csv", e.File, StringComparison.Ordinal);
        Assert.Equal("bus", e.Field);
        Assert.Contains("of feeder 'B' (an island)", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_feeder_voltage_names_its_row()
    {
        var copy = TwoFeederFolder();
        copy.SetCell("feeders.csv", "B", "substation_voltage", "2");
        var e = copy.LoadError();
        Assert.EndsWith("feeders.csv", e.File, StringComparison.Ordinal);
        Assert.Equal(3, e.Line);
        Assert.Equal("substation_voltage", e.Field);
    }
}
