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
}
