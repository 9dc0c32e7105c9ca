using PlanningSolver.Core;
using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

public sealed class OpfTests
{
    // With the file's bounds (0.9–1.1, substation fixed at 1.0) nothing is controllable, so the OPF must reproduce the
    // power flow (substation import 3917.68 kW, ../shared/data/matpower/README.md); DLMPs from MATPOWER's AC OPF with
    // the file's 20 $/MWh generator cost: bus 18 = 22.944, bus 33 = 22.531 $/MWh (issue 4 acceptance).
    [SharedDataFact(Case33.File)]
    public void Lp_backend_reproduces_power_flow_and_matpower_dlmps()
    {
        using var opf = new OpfSolver(Case33.Feeder);
        var result = opf.Solve();
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.Equal(3917.68, result.SubstationMw * 1000, 0.01);
        Assert.True(result.MaxRelaxationGap <= 1e-8, $"gap {result.MaxRelaxationGap}");
        Assert.False(result.RelaxationInexact);
        var dlmp = result.Buses.ToDictionary(b => b.BusId, b => b.DlmpPPerMwh);
        Assert.Equal(22.944, dlmp[18], 0.01);
        Assert.Equal(22.531, dlmp[33], 0.01);
        // At the substation one more MW costs exactly the energy price (no network in between).
        Assert.Equal(20.0, dlmp[1], 1e-9);
    }

    [SharedDataFact(Case33.File)]
    public void Lp_objective_equals_the_exact_power_flow_cost()
    {
        // Second method: the sweep power flow (exact AC) priced at 20 $/MWh.
        var pf = PowerFlow.Solve(Case33.Feeder);
        using var opf = new OpfSolver(Case33.Feeder);
        var result = opf.Solve();
        Assert.Equal(pf.SubstationMw * 20, result.ObjectivePerHour, 1e-8);
        Assert.Equal(pf.LossesMw, result.LossesMw, 1e-9);
        Assert.Equal(pf.VMinPu, result.VMinPu, 1e-9);
    }

    [SharedDataFact(Case33.File)]
    public void Dlmp_equals_a_finite_difference_of_the_optimal_cost()
    {
        // Second method for prices: perturb the load at bus 18 by ±h MW and difference the optimal cost.
        var feeder = Case33.Feeder;
        var bus = feeder.IndexOf(18);
        using var opf = new OpfSolver(feeder);
        var dlmp = opf.Solve().Buses[bus].DlmpPPerMwh;
        const double h = 1e-4;
        var p = feeder.PLoad[bus] * feeder.BaseMva;
        var q = feeder.QLoad[bus] * feeder.BaseMva;
        opf.SetLoad(bus, p + h, q);
        var up = opf.Solve().ObjectivePerHour;
        opf.SetLoad(bus, p - h, q);
        var down = opf.Solve().ObjectivePerHour;
        Assert.Equal((up - down) / (2 * h), dlmp, 1e-5);
    }

    [SharedDataFact(Case33.File)]
    public void Scip_backend_agrees_with_lp_on_the_objective()
    {
        using var lp = new OpfSolver(Case33.Feeder);
        using var scip = new OpfSolver(Case33.Feeder, new OpfOptions(OpfBackend.Scip));
        var a = lp.Solve();
        var b = scip.Solve();
        Assert.Equal(SolveStatus.Converged, b.Status);
        Assert.True(Math.Abs(a.ObjectivePerHour - b.ObjectivePerHour) <= 1e-6 * Math.Abs(a.ObjectivePerHour),
            $"LP {a.ObjectivePerHour} vs SCIP {b.ObjectivePerHour}");
        Assert.True(double.IsNaN(b.Buses[0].DlmpPPerMwh), "SCIP reports no prices");
    }

    [SharedDataFact(Case33.File)]
    public void Tight_voltage_band_with_fixed_substation_is_infeasible_and_names_the_floor()
    {
        // design.md §9: with the substation at 1.0 p.u. and bounds 0.95–1.05 the base load cannot be served;
        // the power flow puts bus 18 at 0.91309 p.u. (README), the worst bus.
        var data = Case33.Feeder.Data;
        var tight = data with
        {
            Buses = [.. data.Buses.Select(b => b.Id == data.SubstationBus ? b : b with { VMinPu = 0.95, VMaxPu = 1.05 })],
        };
        using var opf = new OpfSolver(Feeder.Build(tight));
        var result = opf.Solve();
        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.NotEmpty(result.Violations);
        Assert.All(result.Violations, v => Assert.Equal("voltage_min", v.Kind));
        Assert.Equal(18, result.Violations[0].BusId);
        Assert.Equal(0.91309, result.Violations[0].Closest, 0.00001);
        // Nothing is controllable, so the buses that cannot reach 0.95 are exactly those below it in the power flow.
        var below = PowerFlow.Solve(Case33.Feeder).Buses.Where(b => b.VPu < 0.95).Select(b => b.BusId).Order();
        Assert.Equal(below, result.Violations.Select(v => v.BusId).Order());
        Assert.StartsWith($"voltage floor 0.95 p.u. at {below.Count()} buses: 18 (best 0.9131, 0.0369 short), 17 (best", result.ViolationSummary());
    }

    [SharedDataFact(Case33.File)]
    public void Soft_mode_sheds_load_instead_of_failing()
    {
        var data = Case33.Feeder.Data;
        var tight = data with
        {
            Buses = [.. data.Buses.Select(b => b.Id == data.SubstationBus ? b : b with { VMinPu = 0.95, VMaxPu = 1.05 })],
        };
        using var opf = new OpfSolver(Feeder.Build(tight), new OpfOptions(SoftLoad: true));
        var result = opf.Solve();
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.True(result.UnservedMw > 0);
        Assert.True(result.VMinPu >= 0.95 - 1e-7, $"vmin {result.VMinPu}");
    }

    [SharedDataFact(Case33.File)]
    public void Reused_solver_matches_a_fresh_one_after_load_and_price_changes()
    {
        var feeder = Case33.Feeder;
        using var reused = new OpfSolver(feeder);
        reused.Solve();
        reused.ScaleBaseLoads(1.1);
        reused.SetPrice(35);
        var a = reused.Solve();
        using var fresh = new OpfSolver(feeder);
        fresh.ScaleBaseLoads(1.1);
        fresh.SetPrice(35);
        var b = fresh.Solve();
        Assert.Equal(b.ObjectivePerHour, a.ObjectivePerHour, 1e-8);
        for (var j = 0; j < feeder.BusCount; j++)
        {
            Assert.Equal(b.Buses[j].DlmpPPerMwh, a.Buses[j].DlmpPPerMwh, 1e-6);
            Assert.Equal(b.Buses[j].VPu, a.Buses[j].VPu, 1e-8);
        }

        // And both equal the exact power flow at 1.1 × load (nothing controllable).
        var pf = PowerFlow.Solve(feeder, 1.1);
        Assert.Equal(pf.SubstationMw * 35, a.ObjectivePerHour, 1e-7);
    }

    [SharedDataFact(Case33.File)]
    public void Twenty_four_periods_give_identical_results_on_one_and_two_threads()
    {
        var feeder = Case33.Feeder;
        var inputs = Enumerable.Range(0, 24).Select(t =>
        {
            var f = 0.6 + (0.5 * Math.Sin(Math.PI * t / 24));
            return new OpfPeriodInput(
                [.. feeder.BaseLoadMw().Select(p => p * f)], [.. feeder.BaseLoadMvar().Select(q => q * f)], 15 + t);
        }).ToArray();
        var one = MultiPeriodOpf.SolveOnce(feeder, inputs, threads: 1);
        var two = MultiPeriodOpf.SolveOnce(feeder, inputs, threads: 2);
        for (var t = 0; t < 24; t++)
        {
            Assert.Equal(SolveStatus.Converged, one[t].Status);
            Assert.Equal(one[t].ObjectivePerHour, two[t].ObjectivePerHour);
            Assert.Equal(one[t].Buses.Select(b => b.DlmpPPerMwh), two[t].Buses.Select(b => b.DlmpPPerMwh));
            Assert.Equal(one[t].Buses.Select(b => b.VPu), two[t].Buses.Select(b => b.VPu));
        }
    }

    [Fact]
    public void Cheap_generator_is_dispatched_and_caps_the_price_at_its_bus()
    {
        // Two-bus feeder, 1 MW load at bus 2, a 0.5 MW generator at bus 2 costing 10 $/MWh vs 50 $/MWh at the substation:
        // the generator runs at its limit and the price at bus 2 exceeds 50 (losses), by hand-checkable KKT.
        var data = new FeederData("gen", 1, 1, 1.0, 1.0, 1.0, 50,
            [new FeederBus(1, 0, 0, 0.9, 1.1), new FeederBus(2, 1.0, 0.0, 0.9, 1.1)],
            [new FeederBranch(1, 2, 0.01, 0.01)],
            [new FeederGenerator(2, 0, 0.5, 0, 0, 10)]);
        using var opf = new OpfSolver(Feeder.Build(data));
        var result = opf.Solve();
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.True(result.Buses[1].DlmpPPerMwh > 50);
        Assert.Equal((0.5 + result.LossesMw) * 50 + (0.5 * 10), result.ObjectivePerHour, 1e-7);
    }
}

public sealed class ZeroResistanceTests
{
    [Fact]
    public void Current_of_a_lossless_branch_is_recovered_from_its_flows()
    {
        // Branch 2-3 has r = 0: ℓ carries no cost in the relaxation, so the OPF reports ℓ = (P² + Q²)/v instead.
        // Second method: the sweep power flow (exact AC), since nothing here is controllable.
        var data = new FeederData("lossless", 1, 1, 1.0, 1.0, 1.0, 30,
            [new FeederBus(1, 0, 0, 0.9, 1.1), new FeederBus(2, 0.2, 0.1, 0.8, 1.1), new FeederBus(3, 0.3, 0.2, 0.8, 1.1)],
            [new FeederBranch(1, 2, 0.02, 0.04), new FeederBranch(2, 3, 0.0, 0.03)],
            []);
        var feeder = Feeder.Build(data);
        var pf = PowerFlow.Solve(feeder);
        using var opf = new OpfSolver(feeder);
        var result = opf.Solve();
        Assert.Equal(PlanningSolver.Core.SolveStatus.Converged, result.Status);
        Assert.Equal(pf.SubstationMw * 30, result.ObjectivePerHour, 1e-8);
        Assert.Equal(pf.Branches[1].CurrentPu, result.Branches[1].CurrentPu, 1e-7);
        Assert.Equal(pf.Buses[2].VPu, result.Buses[2].VPu, 1e-7);
        Assert.Equal(0.0, result.Branches[1].RelaxationGap);
    }
}

public sealed class MultiPeriodModelTests
{
    [SharedDataTheory(Case33.File)]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_periods_in_one_model_solve_to_the_sum_of_separate_solves(bool dualSimplexAfterCuts)
    {
        // The formulation is reusable inside a larger model (the base of a storage-coupled day): two uncoupled periods
        // in one CuttingPlaneModel must cost exactly what two separate OpfSolvers cost, with the joint model's later cut
        // rounds on the primal or on the dual simplex. The second method is the two separate OpfSolvers (each its own
        // model, the dual simplex in its later cut rounds as every hourly OPF).
        var feeder = Case33.Feeder;
        using var model = new CuttingPlaneModel("use_preprocessing:false") { DualSimplexAfterCuts = dualSimplexAfterCuts };
        var a = DistFlowFormulation.Add(model, feeder, prefix: "t0_");
        var b = DistFlowFormulation.Add(model, feeder, prefix: "t1_");
        var p = feeder.PLoad.ToArray();
        var q = feeder.QLoad.ToArray();
        for (var j = 0; j < feeder.BusCount; j++)
        {
            DistFlowFormulation.SetLoad(model, b, j, p[j] * 0.5, q[j] * 0.5);
        }

        DistFlowFormulation.SetPrice(model, feeder, b, 40);
        // Seeded at the power flow of a fifth (a tenth) of the loads, so the first LP is far off the cones and cut rounds follow.
        var seed = new double[model.VariableCount];
        DistFlowFormulation.WritePowerFlowPoint(feeder, a, [.. p.Select(x => x * 0.2)], [.. q.Select(x => x * 0.2)], 1.0, seed);
        DistFlowFormulation.WritePowerFlowPoint(feeder, b, [.. p.Select(x => x * 0.1)], [.. q.Select(x => x * 0.1)], 1.0, seed);
        model.Seed(seed);
        var joint = model.Solve(1e-9, 100);
        Assert.True(joint.Log.Count > 2, $"only {joint.Log.Count} LPs: no later cut round ran");

        using var first = new OpfSolver(feeder);
        using var second = new OpfSolver(feeder);
        second.ScaleBaseLoads(0.5);
        second.SetPrice(40);
        Assert.Equal(first.Solve().ObjectivePerHour + second.Solve().ObjectivePerHour, joint.Objective, 1e-8);
        Assert.Equal(20.0, joint.RowDuals[a.PBalance[0]] / feeder.BaseMva, 1e-9);
        Assert.Equal(40.0, joint.RowDuals[b.PBalance[0]] / feeder.BaseMva, 1e-9);
    }
}

public sealed class ControlledOpfTests
{
    private static Feeder WithSubstationRange() =>
        Feeder.Build(Case33.Feeder.Data with { SubstationVMinPu = 0.95, SubstationVMaxPu = 1.05 });

    [SharedDataFact(Case33.File)]
    public void A_free_substation_voltage_goes_to_its_ceiling_and_prices_match_finite_differences()
    {
        // With the substation free in 0.95–1.05 the cheapest point raises it to 1.05 (losses fall as 1/V²): several cut
        // rounds and a polish. Second method for the prices at this non-trivial optimum: central finite differences.
        var feeder = WithSubstationRange();
        using var opf = new OpfSolver(feeder);
        var result = opf.Solve();
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.True(result.Log.Count > 1);
        Assert.Equal(1.05, result.Buses[0].VPu, 1e-9);
        Assert.True(result.MaxRelaxationGap <= 1e-8, $"gap {result.MaxRelaxationGap}");
        // Exactness: the OPF point is the exact power flow with the substation at 1.05.
        var pf = PowerFlow.Solve(feeder, feeder.PLoad.ToArray(), feeder.QLoad.ToArray(), 1.05);
        Assert.Equal(pf.LossesMw, result.LossesMw, 1e-8);
        foreach (var id in new[] { 18, 33 })
        {
            var bus = feeder.IndexOf(id);
            var p = feeder.PLoad[bus] * feeder.BaseMva;
            var q = feeder.QLoad[bus] * feeder.BaseMva;
            const double h = 1e-4;
            using var probe = new OpfSolver(feeder);
            probe.SetLoad(bus, p + h, q);
            var up = probe.Solve().ObjectivePerHour;
            probe.SetLoad(bus, p - h, q);
            var down = probe.Solve().ObjectivePerHour;
            Assert.Equal((up - down) / (2 * h), result.Buses[bus].DlmpPPerMwh, 1e-5);
            probe.SetLoad(bus, p, q + h);
            var qUp = probe.Solve().ObjectivePerHour;
            probe.SetLoad(bus, p, q - h);
            var qDown = probe.Solve().ObjectivePerHour;
            Assert.Equal((qUp - qDown) / (2 * h), result.Buses[bus].DlmpQPerMvarh, 1e-5);
        }
    }

    [SharedDataFact(Case33.File)]
    public void Reused_solver_with_controls_matches_a_fresh_one()
    {
        var feeder = WithSubstationRange();
        using var reused = new OpfSolver(feeder);
        reused.Solve();
        reused.ScaleBaseLoads(1.2);
        reused.Solve();
        reused.ScaleBaseLoads(0.8);
        reused.SetPrice(45);
        var a = reused.Solve();
        using var fresh = new OpfSolver(feeder);
        fresh.ScaleBaseLoads(0.8);
        fresh.SetPrice(45);
        var b = fresh.Solve();
        Assert.Equal(b.ObjectivePerHour, a.ObjectivePerHour, 1e-8);
        for (var j = 0; j < feeder.BusCount; j++)
        {
            Assert.Equal(b.Buses[j].DlmpPPerMwh, a.Buses[j].DlmpPPerMwh, 1e-6);
            Assert.Equal(b.Buses[j].VPu, a.Buses[j].VPu, 1e-8);
        }
    }
}

public sealed class CurrentLimitTests
{
    private static FeederData TwoBus(double rateMva, params FeederGenerator[] gens) => new(
        "rated", 1, 1, 1.0, 1.0, 1.0, 50,
        [new FeederBus(1, 0, 0, 0.9, 1.1), new FeederBus(2, 1.0, 0.0, 0.8, 1.1)],
        [new FeederBranch(1, 2, 0.01, 0.01, RateMva: rateMva)],
        gens);

    [Fact]
    public void An_overloaded_branch_is_named_when_infeasible()
    {
        // 1 MW cannot pass a 0.5 MVA (0.5 p.u. current at base 1 MVA) branch; nothing else can serve it.
        using var opf = new OpfSolver(Feeder.Build(TwoBus(0.5)));
        var result = opf.Solve();
        Assert.Equal(SolveStatus.Infeasible, result.Status);
        var v = Assert.Single(result.Violations);
        Assert.Equal("current_max", v.Kind);
        Assert.Equal(1, v.FromBus);
        Assert.Equal(2, v.BusId);
        Assert.Equal(0.5, v.Limit, 12);
        Assert.StartsWith("current limit 0.5 p.u. on branch 1-2", result.ViolationSummary());
    }

    [Fact]
    public void A_binding_current_limit_dispatches_the_local_generator_and_lifts_the_local_price_to_its_cost()
    {
        // A 100 $/MWh generator at bus 2 covers what the 0.6 MVA branch cannot carry: it is marginal, so the price at
        // bus 2 equals its cost (KKT: the generator is strictly between its limits).
        using var opf = new OpfSolver(Feeder.Build(TwoBus(0.6, new FeederGenerator(2, 0, 1.0, -1, 1, 100))));
        var result = opf.Solve();
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.Equal(0.6, result.Branches[0].CurrentPu, 1e-7);
        Assert.Equal(100, result.Buses[1].DlmpPPerMwh, 1e-6);
        Assert.Equal(50, result.Buses[0].DlmpPPerMwh, 1e-9);
    }
}
