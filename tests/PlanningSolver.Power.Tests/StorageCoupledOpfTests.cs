using PlanningSolver.Core;
using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

public sealed class StorageCoupledOpfTests
{
    // Two buses joined by a lossless branch (r = x = 0), 1 MW load at bus 2 in both hours, prices 10 and 30 $/MWh, one
    // storage site at bus 2 with discharge ≤ 0.5 MW and recharge ≤ 0.8 MW. By hand: discharge the full 0.5 MW in the
    // expensive hour and recharge the same energy in the cheap one; imports 1.5 and 0.5 MW, cost 10·1.5 + 30·0.5 = 30 $
    // (40 $ without storage). The marginal load of each hour is bought at the substation: DLMPs 10 and 30 $/MWh.
    private static readonly Feeder TwoBus = Feeder.Build(new FeederData(
        "two-bus", 1.0, 1, 1.0, 1.0, 1.0, 20,
        [new FeederBus(1, 0, 0, 0.9, 1.1), new FeederBus(2, 1.0, 0, 0.9, 1.1)],
        [new FeederBranch(1, 2, 0, 0)],
        []));

    private static OpfPeriodInput[] TwoHours() =>
        [new OpfPeriodInput([0, 1.0], [0, 0], 10), new OpfPeriodInput([0, 1.0], [0, 0], 30)];

    [Fact]
    public void Storage_discharges_in_the_expensive_hour_and_recharges_in_the_cheap_one()
    {
        var site = StorageSite.Constant(TwoBus.IndexOf(2), 2, dischargeLimitMw: 0.5, rechargeLimitMw: 0.8);
        var result = new StorageCoupledOpf(TwoBus, 2, [site]).Solve(TwoHours());
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.Equal(30.0, result.Objective, 1e-7);
        var s = result.Sites[0];
        Assert.Equal([0.0, 0.5], s.DischargeMw.Select(v => Math.Round(v, 9)));
        Assert.Equal([0.5, 0.0], s.RechargeMw.Select(v => Math.Round(v, 9)));
        Assert.True(s.EnergyBalanceResidualMwh <= 1e-9, $"residual {s.EnergyBalanceResidualMwh}");
        Assert.Equal(1.5, result.Periods[0].SubstationMw, 1e-7);
        Assert.Equal(0.5, result.Periods[1].SubstationMw, 1e-7);
        Assert.Equal(10.0, result.Periods[0].Buses[1].DlmpPPerMwh, 1e-6);
        Assert.Equal(30.0, result.Periods[1].Buses[1].DlmpPPerMwh, 1e-6);
        Assert.Equal(result.Objective, result.Periods.Sum(p => p.ObjectivePerHour), 1e-9);
    }

    [Fact]
    public void Round_trip_efficiency_costs_the_extra_recharge()
    {
        // η = 0.8: discharging 0.5 MWh needs 0.625 MWh of recharge (≤ 0.8), still worth it (30 > 10 / 0.8).
        // By hand: 10 · 1.625 + 30 · 0.5 = 31.25 $.
        var site = StorageSite.Constant(TwoBus.IndexOf(2), 2, 0.5, 0.8);
        var result = new StorageCoupledOpf(TwoBus, 2, [site], roundTripEfficiency: 0.8).Solve(TwoHours());
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.Equal(31.25, result.Objective, 1e-7);
        Assert.Equal(0.625, result.Sites[0].RechargeMw[0], 1e-7);
        Assert.True(result.MaxEnergyBalanceResidualMwh <= 1e-9);
    }

    [Fact]
    public void Same_input_gives_the_same_output()
    {
        var site = StorageSite.Constant(TwoBus.IndexOf(2), 2, 0.5, 0.8);
        var opf = new StorageCoupledOpf(TwoBus, 2, [site]);
        var a = opf.Solve(TwoHours());
        var b = opf.Solve(TwoHours());
        Assert.Equal(a.Objective, b.Objective);
        Assert.Equal(a.Sites[0].DischargeMw, b.Sites[0].DischargeMw);
        Assert.Equal(a.Periods.Select(p => p.SubstationMw), b.Periods.Select(p => p.SubstationMw));
    }

    [Fact]
    public void Limits_that_cannot_balance_are_rejected_or_reported()
    {
        // A load the fixed-voltage two-bus feeder cannot carry is impossible only through the voltage floor; here a
        // bus-2 voltage window that excludes the substation's 1.0 p.u. (zero impedance) makes the model infeasible.
        var feeder = Feeder.Build(new FeederData(
            "infeasible", 1.0, 1, 1.0, 1.0, 1.0, 20,
            [new FeederBus(1, 0, 0, 0.9, 1.1), new FeederBus(2, 1.0, 0, 0.9, 0.95)],
            [new FeederBranch(1, 2, 0, 0)],
            []));
        var result = new StorageCoupledOpf(feeder, 2, [StorageSite.Constant(1, 2, 0.5, 0.5)]).Solve(TwoHours());
        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Empty(result.Periods);
    }

    [SharedDataFact(Case33.File)]
    public void With_zero_limits_the_coupled_model_equals_24_independent_hourly_opfs()
    {
        // Second method: MultiPeriodOpf (one OpfSolver per hour, separate LPs) on the same hourly loads and prices.
        var feeder = Case33.Feeder;
        var inputs = Enumerable.Range(0, 24).Select(t =>
        {
            var f = 0.5 + (0.5 * Math.Sin(Math.PI * t / 24));
            return new OpfPeriodInput([.. feeder.BaseLoadMw().Select(p => p * f)], [.. feeder.BaseLoadMvar().Select(q => q * f)], t is >= 17 and <= 20 ? 200 : t >= 7 ? 120 : 60);
        }).ToList();
        var sites = new[] { 17, 32 }.Select(id => StorageSite.Constant(feeder.IndexOf(id), 24, 0, 0)).ToList();
        var coupled = new StorageCoupledOpf(feeder, 24, sites).Solve(inputs);
        var hourly = MultiPeriodOpf.SolveOnce(feeder, inputs, threads: 1);
        Assert.Equal(SolveStatus.Converged, coupled.Status);
        var expected = hourly.Sum(h => h.ObjectivePerHour);
        Assert.True(Math.Abs(coupled.Objective - expected) <= 1e-6 * expected, $"coupled {coupled.Objective}, hourly {expected}");
        for (var t = 0; t < 24; t++)
        {
            Assert.Equal(hourly[t].SubstationMw, coupled.Periods[t].SubstationMw, 1e-6);
            Assert.Equal(hourly[t].Buses[17].DlmpPPerMwh, coupled.Periods[t].Buses[17].DlmpPPerMwh, 1e-4);
        }

        Assert.All(coupled.Sites, s => Assert.Equal(0, s.DischargeMw.Sum() + s.RechargeMw.Sum()));
    }
}
