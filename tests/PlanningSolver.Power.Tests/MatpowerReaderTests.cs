using PlanningSolver.Core;
using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

public sealed class MatpowerReaderTests
{
    private const string Minimal = """
        function mpc = tiny
        mpc.version = '2';
        mpc.baseMVA = 10;
        %% bus data
        mpc.bus = [
        	1	3	0	0	0	0	1	1	0	12.66	1	1	1;
        	2	1	100	60	0	0	1	1	0	12.66	1	1.1	0.9;
        	3	1	90	40	0	0	1	1	0	12.66	1	1.1	0.9;
        ];
        mpc.gen = [
        	1	0	0	10	-10	1	100	1	10	0	0	0	0	0	0	0	0	0	0	0	0;
        ];
        mpc.branch = [
        	1	2	0.0922	0.0470	0	0	0	0	0	0	1	-360	360;
        	2	3	0.4930	0.2511	0	0	0	0	0	0	1	-360	360;
        	1	3	2.0	2.0	0	0	0	0	0	0	0	-360	360;
        ];
        mpc.gencost = [
        	2	0	0	3	0	20	0;
        ];
        """;

    private const string Conversions = """

        [PQ, PV, REF, NONE, BUS_I, BUS_TYPE, PD, QD, GS, BS, BUS_AREA, VM, ...
            VA, BASE_KV, ZONE, VMAX, VMIN, LAM_P, LAM_Q, MU_VMAX, MU_VMIN] = idx_bus;
        [F_BUS, T_BUS, BR_R, BR_X, BR_B, RATE_A, RATE_B, RATE_C, ...
            TAP, SHIFT, BR_STATUS, PF, QF, PT, QT, MU_SF, MU_ST, ...
            ANGMIN, ANGMAX, MU_ANGMIN, MU_ANGMAX] = idx_brch;
        Vbase = mpc.bus(1, BASE_KV) * 1e3;      %% in Volts
        Sbase = mpc.baseMVA * 1e6;              %% in VA
        mpc.branch(:, [BR_R BR_X]) = mpc.branch(:, [BR_R BR_X]) / (Vbase^2 / Sbase);
        mpc.bus(:, [PD, QD]) = mpc.bus(:, [PD, QD]) / 1e3;
        """;

    [SharedDataFact(Case33.File)]
    public void Reads_case33bw_and_applies_its_unit_conversions()
    {
        // README of ../shared/data/matpower: 33 buses, 32 in-service branches (5 open tie switches), total load
        // 3715 kW / 2300 kvar, Z_base = 12.66² / 10 = 16.02756 Ω, branch 1-2 r = 0.0922 Ω.
        var data = MatpowerReader.Read(Case33.Path);
        Assert.Equal(33, data.Buses.Count);
        Assert.Equal(32, data.Branches.Count);
        Assert.Equal(3.715, data.Buses.Sum(b => b.PLoadMw), 1e-12);
        Assert.Equal(2.300, data.Buses.Sum(b => b.QLoadMvar), 1e-12);
        Assert.Equal(0.0922 / 16.02756, data.Branches[0].RPu, 1e-12);
        Assert.Equal(1, data.SubstationBus);
        Assert.Equal(20, data.EnergyPricePerMwh);
        Assert.Equal(1.0, data.SubstationVMinPu);
        Assert.Equal(1.0, data.SubstationVMaxPu);
        Assert.Empty(data.Generators);
    }

    [Fact]
    public void Without_conversion_statements_values_are_taken_as_per_unit_and_mw()
    {
        var feeder = MatpowerReader.LoadText(Minimal, "tiny.m");
        Assert.Equal(100.0 / 10, feeder.PLoad[feeder.IndexOf(2)], 12);
        Assert.Equal(0.0922, feeder.R[feeder.IndexOf(2)], 12);
        Assert.Equal(2, feeder.BusCount - 1); // the status-0 branch 1-3 is an open switch
    }

    [Fact]
    public void With_conversion_statements_values_are_converted()
    {
        var feeder = MatpowerReader.LoadText(Minimal + Conversions, "tiny.m");
        Assert.Equal(0.1 / 10, feeder.PLoad[feeder.IndexOf(2)], 12);
        Assert.Equal(0.0922 / 16.02756, feeder.R[feeder.IndexOf(2)], 12);
    }

    [Fact]
    public void A_non_number_names_file_line_and_column()
    {
        var text = Minimal.Replace("2	1	100	60", "2	1	abc	60", StringComparison.Ordinal);
        var e = Assert.Throws<InputError>(() => MatpowerReader.LoadText(text, "tiny.m"));
        Assert.Equal("tiny.m:7: column 'Pd': 'abc' is not a number", e.Message);
    }

    [Fact]
    public void A_short_row_is_rejected_with_its_line()
    {
        var text = Minimal.Replace("	3	1	90	40	0	0	1	1	0	12.66	1	1.1	0.9;", "	3	1	90	40;", StringComparison.Ordinal);
        var e = Assert.Throws<InputError>(() => MatpowerReader.LoadText(text, "tiny.m"));
        Assert.Equal("tiny.m:8: mpc.bus row has 4 columns, needs at least 13", e.Message);
    }

    [Fact]
    public void Two_reference_buses_are_rejected()
    {
        var text = Minimal.Replace("3	1	90	40", "3	3	90	40", StringComparison.Ordinal);
        var e = Assert.Throws<InputError>(() => MatpowerReader.LoadText(text, "tiny.m"));
        Assert.StartsWith("tiny.m:8: column 'type': bus 3 is a second reference (type 3) bus", e.Message);
    }

    [Fact]
    public void A_closed_loop_is_rejected_with_the_branch_line()
    {
        // Closing the tie switch 1-3 (status 1) makes a loop 1-2-3-1.
        var text = Minimal.Replace("1	3	2.0	2.0	0	0	0	0	0	0	0", "1	3	2.0	2.0	0	0	0	0	0	0	1", StringComparison.Ordinal);
        var e = Assert.Throws<InputError>(() => MatpowerReader.LoadText(text, "tiny.m"));
        // In file order 1-2 and 2-3 form the tree; the closed tie switch 1-3 (line 16) is the branch that closes the loop.
        Assert.Equal("tiny.m:16: column 'mpc.branch': branch 1-3 closes a loop; a radial feeder needs exactly one path from the substation to every bus", e.Message);
    }

    [Fact]
    public void An_island_is_rejected_with_the_bus_line()
    {
        // Opening branch 2-3 leaves bus 3 without a path to the substation.
        var text = Minimal.Replace("2	3	0.4930	0.2511	0	0	0	0	0	0	1", "2	3	0.4930	0.2511	0	0	0	0	0	0	0", StringComparison.Ordinal);
        var e = Assert.Throws<InputError>(() => MatpowerReader.LoadText(text, "tiny.m"));
        Assert.Equal("tiny.m:8: column 'mpc.bus': bus 3 is not connected to substation bus 1 (1 bus(es) form an island)", e.Message);
    }

    [Fact]
    public void An_unknown_rewrite_of_a_case_matrix_is_rejected_not_ignored()
    {
        var text = Minimal + "\nmpc.bus(2, 3) = 5;\n";
        var e = Assert.Throws<InputError>(() => MatpowerReader.LoadText(text, "tiny.m"));
        Assert.Contains("unsupported statement", e.Message);
    }

    [Fact]
    public void A_missing_base_is_rejected()
    {
        var text = Minimal.Replace("mpc.baseMVA = 10;", "", StringComparison.Ordinal);
        var e = Assert.Throws<InputError>(() => MatpowerReader.LoadText(text, "tiny.m"));
        Assert.Equal("tiny.m: column 'baseMVA': mpc.baseMVA is missing or not a positive number", e.Message);
    }
}

public sealed class FeederTopologyTests
{
    private static FeederData Data(params FeederBranch[] branches) => new(
        "t", 1, 1, 1, 1, 1, 0,
        [new FeederBus(1, 0, 0, 0.9, 1.1), new FeederBus(2, 0.1, 0, 0.9, 1.1), new FeederBus(3, 0.1, 0, 0.9, 1.1), new FeederBus(4, 0.1, 0, 0.9, 1.1)],
        branches,
        []);

    [Fact]
    public void Indexes_buses_breadth_first_from_the_substation()
    {
        var feeder = Feeder.Build(Data(new FeederBranch(3, 4, 0.01, 0.01), new FeederBranch(1, 2, 0.01, 0.01), new FeederBranch(2, 3, 0.01, 0.01)));
        Assert.Equal([1, 2, 3, 4], feeder.Ids);
        Assert.Equal(-1, feeder.Parent(0));
        Assert.Equal(2, feeder.Parent(3));
        Assert.Equal(0, feeder.ParentBranchPosition[3]); // branch 3-4, given reversed order, feeds bus 4
    }

    [Fact]
    public void A_loop_names_the_closing_branch()
    {
        var e = Assert.Throws<FeederTopologyException>(() => Feeder.Build(Data(
            new FeederBranch(1, 2, 0.01, 0.01), new FeederBranch(2, 3, 0.01, 0.01), new FeederBranch(3, 4, 0.01, 0.01), new FeederBranch(4, 2, 0.01, 0.01))));
        Assert.Contains("closes a loop", e.Message);
        Assert.NotNull(e.BranchPosition);
    }

    [Fact]
    public void An_island_names_a_bus_in_it()
    {
        var e = Assert.Throws<FeederTopologyException>(() => Feeder.Build(Data(new FeederBranch(1, 2, 0.01, 0.01), new FeederBranch(3, 4, 0.01, 0.01))));
        Assert.Equal(2, e.BusPosition);
        Assert.StartsWith("bus 3 is not connected to substation bus 1", e.Message);
    }

    [Fact]
    public void A_branch_to_an_unknown_bus_is_rejected()
    {
        var e = Assert.Throws<FeederTopologyException>(() => Feeder.Build(Data(new FeederBranch(1, 9, 0.01, 0.01))));
        Assert.Equal(0, e.BranchPosition);
        Assert.Contains("unknown bus 9", e.Message);
    }
}
