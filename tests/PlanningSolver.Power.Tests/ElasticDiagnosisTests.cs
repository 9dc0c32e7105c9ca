using System.Text.Json;
using PlanningSolver.Cli;
using PlanningSolver.Core;

namespace PlanningSolver.Power.Tests;

/// <summary>
/// Issue 14: an OPF whose limits cannot be met says which limits and by how much, and the elastic re-solve finds a
/// point whenever the feeder can carry the load at all (relaxing substation import limits too). The feeder is a weak
/// 4-branch chain written here (case85's situation: its power flow sits below 0.9 p.u., so the default limits fail
/// and <c>--vmin 0.8</c> solves). Nothing on it is controllable (fixed substation voltage, no generators), so the
/// elastic point must be the power flow itself: the independent reference for every figure below.
/// </summary>
public sealed class ElasticDiagnosisTests
{
    private const string Weak = """
        function mpc = weak
        mpc.version = '2';
        mpc.baseMVA = 1;
        mpc.bus = [
        	1	3	0	0	0	0	1	1	0	12.66	1	1	1;
        	2	1	1200	900	0	0	1	1	0	12.66	1	1.1	0.9;
        	3	1	1200	900	0	0	1	1	0	12.66	1	1.1	0.9;
        	4	1	1200	900	0	0	1	1	0	12.66	1	1.1	0.9;
        	5	1	1200	900	0	0	1	1	0	12.66	1	1.1	0.9;
        ];
        mpc.gen = [
        	1	0	0	10	-10	1	100	1	10	0	0	0	0	0	0	0	0	0	0	0	0;
        ];
        mpc.branch = [
        	1	2	1.0	0.7	0	0	0	0	0	0	1	-360	360;
        	2	3	1.0	0.7	0	0	0	0	0	0	1	-360	360;
        	3	4	1.0	0.7	0	0	0	0	0	0	1	-360	360;
        	4	5	1.0	0.7	0	0	0	0	0	0	1	-360	360;
        ];
        mpc.gencost = [
        	2	0	0	3	0	20	0;
        ];
        [PQ, PV, REF, NONE, BUS_I, BUS_TYPE, PD, QD, GS, BS, BUS_AREA, VM, VA, BASE_KV, ZONE, VMAX, VMIN] = idx_bus;
        [F_BUS, T_BUS, BR_R, BR_X, BR_B, RATE_A, RATE_B, RATE_C, TAP, SHIFT, BR_STATUS] = idx_brch;
        Vbase = mpc.bus(1, BASE_KV) * 1e3;
        Sbase = mpc.baseMVA * 1e6;
        mpc.branch(:, [BR_R BR_X]) = mpc.branch(:, [BR_R BR_X]) / (Vbase^2 / Sbase);
        mpc.bus(:, [PD, QD]) = mpc.bus(:, [PD, QD]) / 1e3;
        """;

    private static Feeder Load(double scale = 1)
    {
        var feeder = MatpowerReader.LoadText(Weak, "weak.m");
        var d = feeder.Data;
        return Feeder.Build(d with { Buses = [.. d.Buses.Select(b => b with { PLoadMw = b.PLoadMw * scale, QLoadMvar = b.QLoadMvar * scale })] });
    }

    [Fact]
    public void Default_limits_fail_naming_the_floors_and_their_shortfall_and_vmin_0_8_solves()
    {
        var feeder = Load();
        var pf = PowerFlow.Solve(feeder);
        Assert.True(pf.VMinPu is > 0.8 and < 0.9, $"the test feeder must sit between 0.8 and 0.9 p.u., got {pf.VMinPu}");
        using var opf = new OpfSolver(feeder);
        var result = opf.Solve();
        Assert.Equal(SolveStatus.Infeasible, result.Status);
        var below = pf.Buses.Where(b => b.VPu < 0.9).ToList();
        Assert.Equal(below.Select(b => b.BusId).Order(), result.Violations.Select(v => v.BusId).Order());
        foreach (var v in result.Violations)
        {
            var exact = below.Single(b => b.BusId == v.BusId).VPu;
            Assert.Equal("voltage_min", v.Kind);
            Assert.Equal(exact, v.Closest, 1e-5);
            Assert.Equal(0.9 - exact, v.Shortfall, 1e-5);
        }

        var worst = below.MinBy(b => b.VPu)!;
        Assert.StartsWith(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"voltage floor 0.9 p.u. at {below.Count} buses: {worst.BusId} (best {worst.VPu:0.####}, {0.9 - worst.VPu:0.####} short)"),
            result.ViolationSummary());

        var d = feeder.Data;
        using var relaxed = new OpfSolver(Feeder.Build(d with { Buses = [.. d.Buses.Select(b => b.Id == d.SubstationBus ? b : b with { VMinPu = 0.8 })] }));
        var solved = relaxed.Solve();
        Assert.Equal(SolveStatus.Converged, solved.Status);
        Assert.Equal(pf.VMinPu, solved.VMinPu, 1e-5);
    }

    [Fact]
    public void A_substation_import_limit_is_relaxed_and_named_with_the_power_it_would_need()
    {
        // Twice the load: load 9.6 MW plus losses exceeds the file's 10 MW Pmax; before issue 14 the elastic re-solve
        // kept the import limits hard and reported no limit at all.
        var feeder = Load(2);
        var pf = PowerFlow.Solve(feeder);
        Assert.Equal(SolveStatus.Converged, pf.Status);
        Assert.True(pf.SubstationMw > 10, $"the doubled load must exceed Pmax, import {pf.SubstationMw} MW");
        using var opf = new OpfSolver(feeder);
        var result = opf.Solve();
        Assert.Equal(SolveStatus.Infeasible, result.Status);
        var import = Assert.Single(result.Violations, v => v.Kind == "substation_p_max");
        Assert.Equal(10, import.Limit, 12);
        Assert.Equal(pf.SubstationMw, import.Closest, 1e-4);
        Assert.Equal(pf.SubstationMw - 10, import.Shortfall, 1e-4);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"substation Pmax 10 MW at bus 1 (needs {pf.SubstationMw:0.####} MW, {pf.SubstationMw - 10:0.####} over)"), result.ViolationSummary());
        Assert.Contains(result.Violations, v => v.Kind == "voltage_min");
    }

    [Fact]
    public void The_cli_names_the_limits_in_one_line_and_solves_with_vmin_0_8()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ps-weak-").FullName, "weak.m");
        File.WriteAllText(path, Weak);
        var (code, _, err) = Run("opf", path);
        Assert.Equal(1, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith("error: OPF infeasible: cannot meet voltage floor 0.9 p.u. at 2 buses: 5 (best 0.8718, 0.0282 short)", err);
        var (okCode, output, _) = Run("opf", path, "--vmin", "0.8", "--json");
        Assert.Equal(0, okCode);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("converged", doc.RootElement.GetProperty("status").GetString());
        var (bigCode, bigOut, _) = Run("opf", path, "--load-scale", "2", "--json");
        Assert.Equal(1, bigCode);
        using var big = JsonDocument.Parse(bigOut);
        var first = big.RootElement.GetProperty("violations").EnumerateArray().First(v => v.GetProperty("kind").GetString() == "substation_p_max");
        Assert.Equal(10, first.GetProperty("limit_mw").GetDouble(), 12);
        Assert.True(first.GetProperty("shortfall_mw").GetDouble() > 2);
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
