using PlanningSolver.Core;
using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

/// <summary>
/// The OPF whose responsive loads are a mix of options (the Dantzig–Wolfe master of the coupled hour) and its
/// price-taking mode. Second methods: a golden-section search over the mix weight with fresh fixed-load OPFs, fresh
/// fixed-load OPFs at the reported loads, and the floor located by bisection on fixed-load OPFs.
/// </summary>
public sealed class ResponsiveLoadOpfTests
{
    private const double TanPhi = 0.32868410517886206; // power factor 0.95
    private const double UnitMw = 0.1;

    [SharedDataFact(Case33.File)]
    public void The_cheapest_mix_of_two_options_equals_a_search_over_the_weight_with_fixed_load_opfs()
    {
        var feeder = Case33.Feeder;
        int[] buses = [feeder.IndexOf(18), feeder.IndexOf(33)];
        double[] added = [0.5, 0.5];
        // Two options of 2.5 units each (0.25 MW, no limit binds), split differently, with costs that make an interior mix
        // the cheapest.
        var a = new LoadOption([2, 0.5], 0);
        var b = new LoadOption([0.5, 2], 0.02);
        using var opf = Build(feeder, buses, added);
        opf.AddOption(a);
        opf.AddOption(b);
        var result = opf.Solve();
        Assert.True(result.Status == SolveStatus.Converged, result.Message);

        double Cost(double w)
        {
            var y = new[] { (w * a.Units[0]) + ((1 - w) * b.Units[0]), (w * a.Units[1]) + ((1 - w) * b.Units[1]) };
            return (w * a.Cost) + ((1 - w) * b.Cost) + (added[0] * y[0]) + (added[1] * y[1]) + FixedLoad(feeder, buses, y).ObjectivePerHour;
        }

        // Golden-section search on [0, 1] (the cost is convex in w).
        double lo = 0, hi = 1;
        var g = (Math.Sqrt(5) - 1) / 2;
        while (hi - lo > 1e-9)
        {
            var m1 = hi - (g * (hi - lo));
            var m2 = lo + (g * (hi - lo));
            if (Cost(m1) <= Cost(m2))
            {
                hi = m2;
            }
            else
            {
                lo = m1;
            }
        }

        var best = (lo + hi) / 2;
        Assert.True(best is > 0.01 and < 0.99, $"the test needs an interior mix, the search found w = {best}");
        Assert.Equal(Cost(best), result.Objective, 1e-7 * Math.Abs(Cost(best)));
        // The cost is flat at its minimum (quadratic in w): agreement to 1e-7 in cost fixes w only to ~1e-3.
        Assert.Equal(best, result.Weights[0], 2e-3);
        Assert.Equal(1, result.Weights.Sum(), 1e-9);

        // The grid at the mix's loads: a fresh fixed-load OPF has the same cost, voltages and (smooth here) DLMPs.
        var fresh = FixedLoad(feeder, buses, result.Units);
        Assert.Equal(fresh.ObjectivePerHour, result.GridCostPerHour, 1e-7 * Math.Abs(fresh.ObjectivePerHour));
        for (var s = 0; s < buses.Length; s++)
        {
            var bus = fresh.Buses[buses[s]];
            var marginal = (bus.DlmpPPerMwh * UnitMw) + (bus.DlmpQPerMvarh * UnitMw * TanPhi);
            Assert.True(Math.Abs(marginal - result.MarginalCostPerUnit[s]) <= 1e-6 * Math.Abs(marginal), $"load {s}: {result.MarginalCostPerUnit[s]} vs fresh {marginal}");
        }

        for (var j = 0; j < feeder.BusCount; j++)
        {
            Assert.Equal(fresh.Buses[j].VPu, result.Opf.Buses[j].VPu, 1e-7);
        }
    }

    [SharedDataFact(Case33.File)]
    public void At_a_binding_voltage_floor_the_price_taking_opf_returns_the_given_price_as_the_marginal_cost()
    {
        var feeder = Feeder.Build(Case33.Feeder.Data with
        {
            Buses = [.. Case33.Feeder.Data.Buses.Select(b => b.Id == Case33.Feeder.Data.SubstationBus ? b : b with { VMinPu = 0.9, VMaxPu = 1.1 })],
        });
        int[] buses = [feeder.IndexOf(18)];

        // The load at bus 18 that puts the lowest voltage exactly at the 0.9 floor: bisection on fixed-load OPFs.
        double lo = 0, hi = 50;
        while (hi - lo > 1e-9)
        {
            var mid = (lo + hi) / 2;
            if (FixedLoad(feeder, buses, [mid]).UnservedMw > 1e-12)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        var floor = lo;
        var left = Marginal(FixedLoad(feeder, buses, [floor - 1e-3]), buses[0]);
        var price = left + 0.5; // strictly inside the kink: above the smooth marginal cost, far below shedding
        using var opf = Build(feeder, buses, [0]);
        var result = opf.SolveAtPrices([price], [floor - 1e-3], [floor + 1e-3]);
        Assert.True(result.Status == SolveStatus.Converged, result.Message);
        Assert.Equal(floor, result.Units[0], 1e-6);
        Assert.Equal(price, result.MarginalCostPerUnit[0], 1e-6 * price);
        Assert.True(result.Opf.VMinPu >= 0.9 - 1e-7 && result.Opf.VMinPu <= 0.9 + 1e-7, $"vmin {result.Opf.VMinPu}");
    }

    /// <summary>
    /// The price taker with the total load held (issue 12: charging EVs must charge somewhere, so their prices are set only
    /// up to a common shift): a common shift of the prices changes neither the loads nor the DLMPs it returns, and the
    /// loads keep their total. Second method: the same solve at the unshifted prices (the fixed-load OPF's marginal costs
    /// at the loads). Without the total held the shifted prices push both loads to the top of their box.
    /// </summary>
    [SharedDataFact(Case33.File)]
    public void With_the_total_held_a_common_price_shift_changes_nothing()
    {
        var feeder = Case33.Feeder;
        int[] buses = [feeder.IndexOf(18), feeder.IndexOf(33)];
        double[] y = [2, 0.5];
        var fixedLoad = FixedLoad(feeder, buses, y);
        double[] marginal = [Marginal(fixedLoad, buses[0]), Marginal(fixedLoad, buses[1])];
        using var opf = Build(feeder, buses, [0, 0]);
        double[] lower = [y[0] - 1e-3, y[1] - 1e-3], upper = [y[0] + 1e-3, y[1] + 1e-3];
        var reference = opf.SolveAtPrices(marginal, lower, upper, total: y.Sum());
        Assert.True(reference.Status == SolveStatus.Converged, reference.Message);
        Assert.Equal(y.Sum(), reference.Units.Sum(), 1e-9);
        foreach (var level in new[] { -30.0, 70.0 })
        {
            var shifted = opf.SolveAtPrices([marginal[0] + level, marginal[1] + level], lower, upper, total: y.Sum());
            Assert.True(shifted.Status == SolveStatus.Converged, shifted.Message);
            for (var s = 0; s < 2; s++)
            {
                Assert.Equal(reference.Units[s], shifted.Units[s], 1e-9);
                Assert.Equal(reference.MarginalCostPerUnit[s], shifted.MarginalCostPerUnit[s], 1e-6 * Math.Abs(marginal[s]));
            }
        }

        var free = opf.SolveAtPrices([marginal[0] + 70, marginal[1] + 70], lower, upper);
        Assert.Equal(upper[0], free.Units[0], 1e-9);
        Assert.Equal(upper[1], free.Units[1], 1e-9);
    }

    /// <summary>
    /// Cutting stopped short of the cone tolerance (here by a limit of one cut round, as a stall does on paper-8's larger
    /// masters): the master still returns its point, with status iteration limit and a message saying it is not
    /// certified, so the coupled hour can price its next column from it; its marginal costs are finite and its cost is
    /// within 5 % of the converged master's (second method: the same options cut to the tolerance).
    /// </summary>
    [SharedDataFact(Case33.File)]
    public void A_master_whose_cutting_stops_short_returns_its_point_marked_uncertified()
    {
        var feeder = Case33.Feeder;
        int[] buses = [feeder.IndexOf(18), feeder.IndexOf(33)];
        double[] added = [0.5, 0.5];
        using var converged = Build(feeder, buses, added);
        converged.AddOption(new LoadOption([2, 0.5], 0));
        converged.AddOption(new LoadOption([0.5, 2], 0.02));
        var optimum = converged.Solve();
        Assert.Equal(SolveStatus.Converged, optimum.Status);

        var loads = buses.Select((b, s) => new ResponsiveLoad(b, UnitMw, UnitMw * TanPhi, added[s])).ToArray();
        using var cut = new ResponsiveLoadOpf(feeder, loads, new OpfOptions(SoftLoad: true, MaxCutRounds: 1));
        cut.SetBaseLoads(feeder.PLoad.Select(p => p * feeder.BaseMva).ToArray(), feeder.QLoad.Select(q => q * feeder.BaseMva).ToArray());
        cut.AddOption(new LoadOption([2, 0.5], 0));
        cut.AddOption(new LoadOption([0.5, 2], 0.02));
        var stopped = cut.Solve();

        Assert.Equal(SolveStatus.IterationLimit, stopped.Status);
        Assert.Contains("not a certified one", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(feeder.BusCount, stopped.Opf.Buses.Count);
        Assert.Equal(1, stopped.Weights.Sum(), 1e-9);
        Assert.All(stopped.MasterMarginalPerUnit, m => Assert.True(double.IsFinite(m), $"marginal {m}"));
        Assert.True(Math.Abs(stopped.Objective - optimum.Objective) <= 0.05 * Math.Abs(optimum.Objective), $"{stopped.Objective} vs {optimum.Objective}");
    }

    private static ResponsiveLoadOpf Build(Feeder feeder, int[] buses, double[] added)
    {
        var loads = buses.Select((b, s) => new ResponsiveLoad(b, UnitMw, UnitMw * TanPhi, added[s])).ToArray();
        var opf = new ResponsiveLoadOpf(feeder, loads, new OpfOptions(SoftLoad: true));
        opf.SetBaseLoads(feeder.PLoad.Select(p => p * feeder.BaseMva).ToArray(), feeder.QLoad.Select(q => q * feeder.BaseMva).ToArray());
        return opf;
    }

    private static double Marginal(OpfResult opf, int bus) =>
        (opf.Buses[bus].DlmpPPerMwh * UnitMw) + (opf.Buses[bus].DlmpQPerMvarh * UnitMw * TanPhi);

    private static OpfResult FixedLoad(Feeder feeder, int[] buses, double[] units)
    {
        using var opf = new OpfSolver(feeder, new OpfOptions(SoftLoad: true));
        var p = feeder.PLoad.Select(v => v * feeder.BaseMva).ToArray();
        var q = feeder.QLoad.Select(v => v * feeder.BaseMva).ToArray();
        for (var s = 0; s < buses.Length; s++)
        {
            p[buses[s]] += UnitMw * units[s];
            q[buses[s]] += UnitMw * TanPhi * units[s];
        }

        opf.SetLoads(p, q);
        var result = opf.Solve();
        Assert.True(result.Status == SolveStatus.Converged, $"fixed-load OPF {result.Status.ToText()}");
        return result;
    }
}
