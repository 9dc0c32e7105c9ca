using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Tests;

/// <summary>
/// Algorithm B on the case's charging network (ring-33: two-layer graph, flow-dependent station links, ICEV, EV and
/// charging-EV classes) against BFW, a second method, for several plans and hours at the tariff-plus-fee prices.
/// </summary>
public sealed class AlgorithmBChargingTests
{
    private static readonly StudyCase Ring33 = CaseLoader.Load("ring-33");

    private static AssignmentRequest Request(CaseNetworks networks, ChargingPlan plan, int hour, double priceShift)
    {
        var study = networks.Study;
        var price = networks.TariffPerKwh[hour] + study.Parameters.ServiceFeePerKwh + priceShift;
        return new AssignmentRequest(networks.HourlyDemand[hour])
        {
            Stations = study.Stations.Select((s, i) => new StationState(plan.PowerKw[i], plan.IsBuilt(i) ? s.Units : 0, price + (0.01 * i))).ToArray(),
        };
    }

    /// <summary>BFW does not reach 1e-8 on every hour within its iteration limit (the small charging class's own gap
    /// stalls), so it runs to 1e-7, where its flows are accurate to ~1e-3 veh on this small network.</summary>
    [Theory]
    [InlineData(8, -1.0)]
    [InlineData(17, -1.0)]
    [InlineData(17, 150.0)]
    [InlineData(0, 50.0)]
    public void Agrees_with_bfw_for_several_plans_and_hours(int hour, double uniformKw)
    {
        var networks = new CaseNetworks(Ring33);
        var plan = uniformKw < 0 ? ChargingPlan.Uniform(Ring33) : ChargingPlan.Uniform(Ring33, uniformKw);
        var request = Request(networks, plan, hour, 0);
        var bush = new BushAssignmentSolver(networks.Assignment).Solve(request with { Stop = new StopCriteria(1e-10, 2000) });
        var bfw = new AssignmentSolver(networks.Assignment).Solve(request with { Stop = new StopCriteria(1e-7, 200_000) });
        Assert.Equal(SolveStatus.Converged, bush.Status);
        Assert.Equal(SolveStatus.Converged, bfw.Status);
        Assert.All(bush.ClassRelativeGaps, g => Assert.True(g <= 1e-10, $"class gap {g}"));
        // Off-peak links run far below capacity, where BPR is nearly flat (t' ~ 1e-5 min/veh): there a gap of 1e-7
        // leaves BFW's flows ~1 veh from the equilibrium, so the comparison is on what the gap does bound: the objective
        // and the link and station times.
        Assert.True(Math.Abs(bush.Beckmann - bfw.Beckmann) <= 1e-7 * bfw.Beckmann, $"Beckmann B {bush.Beckmann:R} vs BFW {bfw.Beckmann:R}");
        Assert.True(bush.Beckmann <= bfw.Beckmann * (1 + 1e-12), $"B's objective {bush.Beckmann:R} above BFW's {bfw.Beckmann:R}");
        for (var a = 0; a < bfw.LinkTimes.Length; a++)
        {
            Assert.True(Math.Abs(bush.LinkTimes[a] - bfw.LinkTimes[a]) <= 1e-5 * bfw.LinkTimes[a], $"link {a}: B {bush.LinkTimes[a]:R} vs BFW {bfw.LinkTimes[a]:R} min");
        }

        for (var s = 0; s < bfw.StationTimeHours.Length; s++)
        {
            Assert.True(Math.Abs(bush.StationTimeHours[s] - bfw.StationTimeHours[s]) <= 1e-5 * Math.Max(bfw.StationTimeHours[s], 1e-3), $"station {s}: B {bush.StationTimeHours[s]:R} vs BFW {bfw.StationTimeHours[s]:R} h");
        }
    }

    /// <summary>The coupled evaluation's use: one solver per hour, re-solved at slightly changed prices to 1e-10 with every
    /// class's own gap met; the station flows equal those of a cold solve at the new prices.</summary>
    [Fact]
    public void Re_solve_at_slightly_changed_prices_meets_every_class_gap_and_matches_a_cold_solve()
    {
        var networks = new CaseNetworks(Ring33);
        var plan = ChargingPlan.Uniform(Ring33);
        var stop = new StopCriteria(1e-10, 2000);
        var hour = new BushAssignmentSolver(networks.Assignment);
        var first = hour.Solve(Request(networks, plan, 17, 0) with { Stop = stop });
        var changed = Request(networks, plan, 17, 0.003) with { Stop = stop };
        var warm = hour.Solve(changed);
        var cold = new BushAssignmentSolver(networks.Assignment).Solve(changed);
        Assert.Equal(SolveStatus.Converged, first.Status);
        Assert.Equal(SolveStatus.Converged, warm.Status);
        Assert.True(warm.WarmStarted);
        Assert.All(warm.ClassRelativeGaps, g => Assert.True(g <= 1e-10, $"class gap {g}"));
        Assert.True(warm.Shifts < cold.Shifts, $"warm {warm.Shifts} shifts, cold {cold.Shifts}");
        for (var s = 0; s < cold.StationFlows.Length; s++)
        {
            Assert.True(Math.Abs(warm.StationFlows[s] - cold.StationFlows[s]) <= 1e-6, $"station {s}: warm {warm.StationFlows[s]:R} vs cold {cold.StationFlows[s]:R}");
        }
    }

    /// <summary>
    /// Charging origins that must swap stations (docs/algorithm-b.md, "Station swaps"): ring-33-s4 with
    /// S2=60,S4=240,S5=350,S8=60, hours 7 and 8 at the prices an evaluation settled on (stations_hourly.csv, recorded
    /// 2026-12-02). Station delays are steep (minutes per vehicle) and the roads flat, so one bush's Newton shift moves
    /// almost nothing and the next bush moves it back: without the joint station step Algorithm B took 167 and 392
    /// iterations to 1e-12 (measured), and is held here to the iteration limit of 40 (a count of work, not a time).
    /// With the step: converged within 40 (measured 6 and 9). Second methods for the equilibrium reached: Algorithm B
    /// without the step, run to 1e-12 with a large limit, and BFW to 1e-7 (its limit on this network): the objective to 1e-6 relative, the
    /// station times to 1e-4 (steep station delays: BFW's 1e-7 leaves them ~2e-5 off, measured).
    /// </summary>
    [Theory]
    [InlineData(7, 0.3458840048855505, 0.5183097231398717, 0.6168932298580577, 0.3554886084339889)]
    [InlineData(8, 0.44021387981411075, 0.8420056547276906, 0.9415341955846738, 0.45393779724027417)]
    public void Charging_origins_that_must_swap_stations_converge_with_the_joint_station_step(int hour, double s2, double s4, double s5, double s8)
    {
        var study = CaseLoader.Load("ring-33-s4");
        var networks = new CaseNetworks(study);
        var plan = ChargingPlan.Parse(study, "S2=60,S4=240,S5=350,S8=60");
        var prices = new[] { s2, s4, s5, s8 };
        var request = new AssignmentRequest(networks.HourlyDemand[hour])
        {
            Stations = study.Stations.Select((s, i) => new StationState(plan.PowerKw[i], plan.IsBuilt(i) ? s.Units : 0, prices[i])).ToArray(),
            Stop = new StopCriteria(1e-12, 40),
        };
        var noGuard = new AlgorithmBSettings { StallIterations = 0 };
        var joint = new BushAssignmentSolver(networks.Assignment, noGuard).Solve(request);
        var plain = new BushAssignmentSolver(networks.Assignment, noGuard with { StationSwapPasses = 0 }).Solve(request);
        Assert.Equal(SolveStatus.Converged, joint.Status);
        Assert.All(joint.ClassRelativeGaps, g => Assert.True(g <= 1e-12, $"class gap {g}"));
        Assert.Equal(SolveStatus.IterationLimit, plain.Status);

        var reference = new BushAssignmentSolver(networks.Assignment, noGuard with { StationSwapPasses = 0 }).Solve(request with { Stop = new StopCriteria(1e-12, 5000) });
        Assert.Equal(SolveStatus.Converged, reference.Status);
        for (var s = 0; s < prices.Length; s++)
        {
            Assert.True(Math.Abs(joint.StationFlows[s] - reference.StationFlows[s]) <= 1e-6, $"station {s}: joint {joint.StationFlows[s]:R} vs plain {reference.StationFlows[s]:R}");
        }

        var bfw = new AssignmentSolver(networks.Assignment).Solve(request with { Stop = new StopCriteria(1e-7, 200_000) });
        Assert.Equal(SolveStatus.Converged, bfw.Status);
        Assert.True(Math.Abs(joint.Beckmann - bfw.Beckmann) <= 1e-6 * bfw.Beckmann, $"Beckmann B {joint.Beckmann:R} vs BFW {bfw.Beckmann:R}");
        for (var s = 0; s < prices.Length; s++)
        {
            Assert.True(Math.Abs(joint.StationTimeHours[s] - bfw.StationTimeHours[s]) <= 1e-4 * Math.Max(bfw.StationTimeHours[s], 1e-3), $"station {s}: B {joint.StationTimeHours[s]:R} vs BFW {bfw.StationTimeHours[s]:R} h");
        }
    }
}
