using PlanningSolver.Core;
using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

/// <summary>
/// The trailing-statement and layout variants of MATPOWER's radial cases (issue 14): case33bw/case69/case85 (ohms and
/// kW with comments between the statements), case118zh/case136ma (rows without ';', commented-out tie rows inside the
/// matrix, 100 MVA base, a substation voltage range), case141 (kVA loads split by a power-factor variable). Only
/// case33bw, case69 and case141 are in ../shared/data; the others are shown by small files written here in their style.
/// </summary>
public sealed class MatpowerVariantsTests
{
    private const string Indices = """
        [PQ, PV, REF, NONE, BUS_I, BUS_TYPE, PD, QD, GS, BS, BUS_AREA, VM, ...
            VA, BASE_KV, ZONE, VMAX, VMIN, LAM_P, LAM_Q, MU_VMAX, MU_VMIN] = idx_bus;
        [F_BUS, T_BUS, BR_R, BR_X, BR_B, RATE_A, RATE_B, RATE_C, ...
            TAP, SHIFT, BR_STATUS, PF, QF, PT, QT, MU_SF, MU_ST, ...
            ANGMIN, ANGMAX, MU_ANGMIN, MU_ANGMAX] = idx_brch;

        """;

    private static string Feeder(string busRows, string branchRows, double baseMva = 10) => $$"""
        function mpc = variant
        mpc.version = '2';
        mpc.baseMVA = {{Invariant.Format(baseMva)}};
        mpc.bus = [  %% (loads in kW or kVA here, converted below)
        {{busRows}}
        ];
        mpc.gen = [
        	1	0	0	10	-10	1	100	1	10	0	0	0	0	0	0	0	0	0	0	0	0;
        ];
        mpc.branch = [  %% (r and x specified in ohms here, converted to p.u. below)
        {{branchRows}}
        ];
        mpc.gencost = [
        	2	0	0	3	0	20	0;
        ];

        """;

    private const string ThreeBuses = """
        	1	3	0	0	0	0	1	1	0	12.66	1	1	1;
        	2	1	100	60	0	0	1	1	0	12.66	1	1.1	0.9;
        	3	1	90	40	0	0	1	1	0	12.66	1	1.1	0.9;
        """;

    private const string TwoBranches = """
        	1	2	0.0922	0.0470	0	0	0	0	0	0	1	-360	360;
        	2	3	0.4930	0.2511	0	0	0	0	0	0	1	-360	360;
        """;

    private const string OhmsAndKw = """
        Vbase = mpc.bus(1, BASE_KV) * 1e3;      %% in Volts
        Sbase = mpc.baseMVA * 1e6;              %% in VA
        mpc.branch(:, [BR_R BR_X]) = mpc.branch(:, [BR_R BR_X]) / (Vbase^2 / Sbase);
        mpc.bus(:, [PD, QD]) = mpc.bus(:, [PD, QD]) / 1e3;

        """;

    private static FeederData Read(string text) => MatpowerReader.LoadText(text, "variant.m").Data;

    [Fact]
    public void Case141_style_power_factor_variable_splits_kva_into_kw_and_kvar()
    {
        // case141: Pd holds kVA at power factor 0.85; QD = S·sin(acos 0.85) is computed from PD before PD = S·0.85.
        // Hand values for S = 100 kVA: P = 85 kW, Q = 100·√(1 − 0.85²) = 52.6783 kvar.
        var text = Feeder(ThreeBuses, TwoBranches) + Indices + OhmsAndKw
            + "pf = 0.85;\nmpc.bus(:, QD) = mpc.bus(:, PD) * sin(acos(pf));\nmpc.bus(:, PD) = mpc.bus(:, PD) * pf;\n";
        var bus2 = Read(text).Buses[1];
        Assert.Equal(0.085, bus2.PLoadMw, 12);
        Assert.Equal(0.1 * Math.Sqrt(1 - (0.85 * 0.85)), bus2.QLoadMvar, 12);
        Assert.Equal(0.0922 / (12.66 * 12.66 / 10), Read(text).Branches[0].RPu, 12);
    }

    [Fact]
    public void Case85_style_comments_between_the_statements_do_not_matter()
    {
        var plain = Read(Feeder(ThreeBuses, TwoBranches) + Indices + OhmsAndKw);
        var commented = Read(Feeder(ThreeBuses, TwoBranches) + "\n%% convert branch impedances from Ohms to p.u.\n" + Indices
            + OhmsAndKw.Replace("\nmpc.bus(:, [PD, QD]) =", "\n\n%% convert loads from kW to MW\nmpc.bus(:, [PD, QD]) =", StringComparison.Ordinal));
        Assert.Equal(plain.Buses, commented.Buses);
        Assert.Equal(plain.Branches, commented.Branches);
    }

    [Fact]
    public void Case118zh_style_rows_without_semicolons_and_commented_tie_rows_read_like_terminated_rows()
    {
        var bare = Feeder(ThreeBuses.Replace(";", "", StringComparison.Ordinal),
            TwoBranches.Replace(";", "", StringComparison.Ordinal) + "    \n%     3\t1\t0.5258\t0.2925\t0\t0\t0\t0\t0\t0\t1\t-360\t360\n", baseMva: 100);
        var terminated = Feeder(ThreeBuses, TwoBranches, baseMva: 100);
        var a = Read(bare + Indices + OhmsAndKw);
        var b = Read(terminated + Indices + OhmsAndKw);
        Assert.Equal(b.Buses, a.Buses);
        Assert.Equal(b.Branches, a.Branches);
        Assert.Equal(2, a.Branches.Count);
        Assert.Equal(0.0922 / (12.66 * 12.66 / 100), a.Branches[0].RPu, 12); // Z_base at 100 MVA
    }

    [Fact]
    public void Case136ma_style_substation_voltage_range_is_read_from_the_reference_bus()
    {
        var text = Feeder(ThreeBuses.Replace("1	3	0	0	0	0	1	1	0	12.66	1	1	1", "1	3	0	0	0	0	1	1	0	13.8	1	1.05	0.95", StringComparison.Ordinal), TwoBranches, 100)
            + Indices + OhmsAndKw;
        var data = Read(text);
        Assert.Equal((0.95, 1.05), (data.SubstationVMinPu, data.SubstationVMaxPu));
        Assert.Equal(0.0922 / (13.8 * 13.8 / 100), data.Branches[0].RPu, 12); // Vbase from bus 1's 13.8 kV
    }

    [Fact]
    public void Element_wise_operators_ranges_and_scalar_broadcasts_follow_matlab()
    {
        // 3:4 is [PD QD]; ./ and .* act per cell; a scalar right side fills every listed column; -2^2 = -4 in MATLAB.
        var text = Feeder(ThreeBuses, TwoBranches) + Indices
            + "k = -2^2 + 5;\nmpc.bus(:, 3:4) = mpc.bus(:, [PD QD]) ./ (1e3 .* k);\nmpc.bus(2:end, VMIN) = 0.9;\n";
        var e = Assert.Throws<InputError>(() => Read(text)); // a row range is not a whole-column statement
        Assert.Contains("unsupported statement", e.Message);
        var data = Read(Feeder(ThreeBuses, TwoBranches) + Indices
            + "k = -2^2 + 5;\nmpc.bus(:, 3:4) = mpc.bus(:, [PD QD]) ./ (1e3 .* k);\nmpc.bus(:, [VMAX, VMIN]) = 1.05 - 0.1;\n");
        Assert.Equal((0.1, 0.06), (data.Buses[1].PLoadMw, data.Buses[1].QLoadMvar));
        Assert.Equal(0.95, data.Buses[2].VMinPu, 12);
        Assert.Equal(0.95, data.Buses[2].VMaxPu, 12);
    }

    [Fact]
    public void The_right_side_is_evaluated_for_every_row_before_any_row_is_written()
    {
        // Dividing by bus 2's own load: with row-by-row writing, bus 3 would be divided by an already-rewritten 1.
        var data = Read(Feeder(ThreeBuses, TwoBranches) + Indices + "mpc.bus(:, PD) = mpc.bus(:, PD) / mpc.bus(2, PD);\n");
        Assert.Equal((1.0, 0.9), (data.Buses[1].PLoadMw, data.Buses[2].PLoadMw));
    }

    [Theory]
    [InlineData("mpc.bus(:, PD) = mpc.bus(:, PD) / 0;", 5, "non-finite value")]
    [InlineData("mpc.bus(:, PD) = mpc.bus(:, PD) * cosh(2);", 24, "unknown function 'cosh'")]
    [InlineData("mpc.bus(:, [PD QD]) = mpc.bus(:, [PD QD VM]);", 24, "gives 3 columns for 2 target columns")]
    [InlineData("x = mpc.bus(:, PD);", 24, "used where one number is needed")]
    [InlineData("mpc.bus(:, NOPE) = 1;", 24, "unknown column name 'NOPE'")]
    public void A_statement_that_cannot_be_evaluated_names_its_line(string statement, int line, string problem)
    {
        var text = Feeder(ThreeBuses, TwoBranches) + Indices + statement + "\n";
        var e = Assert.Throws<InputError>(() => Read(text));
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message);
    }

    // Reference: MATPOWER 8.1.1-dev runpf under Octave 7.3.0, default tolerance (../shared/data/matpower/README.md).
    [SharedDataTheory("matpower/case33bw.m", "matpower/case69.m", "matpower/case141.m")]
    [InlineData("case33bw", 202.677, 135.141, 0.91309, 18, 3.9177)]
    [InlineData("case69", 224.992, 102.158, 0.90919, 65, 4.0271)]
    [InlineData("case141", 632.696, 467.650, 0.92786, 87, 12.5773)]
    public void Power_flow_of_the_public_radial_cases_matches_matpower_runpf(string name, double lossKw, double lossKvar, double vMin, int vMinBus, double substationMw)
    {
        var pf = PowerFlow.Solve(MatpowerReader.Load(SharedData.Path($"matpower/{name}.m")));
        Assert.Equal(SolveStatus.Converged, pf.Status);
        Assert.Equal(lossKw, pf.LossesMw * 1000, 0.0005);
        Assert.Equal(lossKvar, pf.LossesMvar * 1000, 0.0005);
        Assert.Equal(vMin, pf.VMinPu, 0.000005);
        Assert.Equal(vMinBus, pf.VMinBus);
        Assert.Equal(substationMw, pf.SubstationMw, 0.00005);
    }
}
