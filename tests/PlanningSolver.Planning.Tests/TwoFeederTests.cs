using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Power;

namespace PlanningSolver.Planning.Tests;

/// <summary>
/// A case of two feeders (issue 14): ring-33 with a second feeder B, a copy of ring-33's 33-bus feeder (bus ids prefixed
/// <c>B</c>, its own generators) held at 1.02 p.u. The second method is an <see cref="OpfSolver"/> of each feeder alone.
/// </summary>
public sealed class TwoFeederTests
{
    private static readonly StudyCase Ring33 = CaseLoader.Load("ring-33");

    /// <summary>ring-33 with feeder B added (at <paramref name="voltageB"/>, null = the case's substation voltage);
    /// <paramref name="onB"/> stations move to the same bus of B.</summary>
    internal static StudyCase TwoFeeders(StudyCase ring, IReadOnlyCollection<string> onB, double? voltageB = 1.02)
    {
        var b = ring.Buses.Select(x => x with { Id = "B" + x.Id, Feeder = "B" });
        var two = ring with
        {
            Buses = [.. ring.Buses.Select(x => x with { Feeder = "A" }), .. b],
            Branches = [.. ring.Branches, .. ring.Branches.Select(x => x with { From = "B" + x.From, To = "B" + x.To })],
            Generators = [.. ring.Generators, .. ring.Generators.Select(g => g with { Id = "B" + g.Id, Bus = "B" + g.Bus })],
            Stations = [.. ring.Stations.Select(s => onB.Contains(s.Id) ? s with { Bus = "B" + s.Bus, Feeder = "B" } : s)],
            FeederSpecs = [new FeederSpec("A", null, null, 2), new FeederSpec("B", null, voltageB, 3)],
        };
        CaseValidator.Validate(two);
        return two;
    }

    private static CouplingOptions Options => new(PricingMode.Dlmp);

    private static OpfOptions OpfOptions(CouplingOptions options) => new(SoftLoad: true, UnservedPenaltyPerMwh: options.UnservedPenaltyPerKwh * 1000);

    /// <summary>A feeder alone, solved at the given bus loads (MW, Mvar in the order of <see cref="FeederData.Buses"/>) and
    /// the hour's tariff.</summary>
    private static OpfResult Alone(FeederData data, double[] pMw, double[] qMvar, double pricePerMwh, OpfOptions options)
    {
        var feeder = Power.Feeder.Build(data);
        using var opf = new OpfSolver(feeder, options);
        opf.SetLoads([.. feeder.BusPosition.Select(i => pMw[i])], [.. feeder.BusPosition.Select(i => qMvar[i])]);
        opf.SetPrice(pricePerMwh);
        return opf.Solve();
    }

    [Fact]
    public void A_second_feeder_without_stations_leaves_the_first_unchanged_and_gets_its_no_ev_opf()
    {
        var plan = ChargingPlan.Uniform(Ring33);
        var one = new CoupledEvaluator(Ring33, Options).Evaluate(plan);
        var study = TwoFeeders(Ring33, []);
        var evaluator = new CoupledEvaluator(study, Options);
        var two = evaluator.Evaluate(ChargingPlan.Uniform(study));
        Assert.Equal(SolveStatus.Converged, one.Status);
        Assert.Equal(SolveStatus.Converged, two.Status);
        Assert.Equal(["A", "B"], evaluator.Networks.FeederIds);

        // Feeder A and the traffic: the same figures to the solvers' tolerances, not bit for bit. The grid is one LP of
        // both feeders (GLOP's feasibility tolerance 1e-10 p.u., cuts to a cone violation of 1e-9 p.u.² over both), so
        // A's block sits that close to its solution alone; measured on ring-33: DLMPs within 1e-7 USD/kWh, voltages within
        // 4e-11 p.u., station flows within 1e-7 EV/h. The tolerances below are ten times those.
        Assert.Equal(one.Components.TravelTime, two.Components.TravelTime, 1e-8 * one.Components.TravelTime);
        Assert.Equal(one.Components.ChargingTime, two.Components.ChargingTime, 1e-6 * one.Components.ChargingTime);
        Assert.Equal(one.ChargingRevenue, two.ChargingRevenue, 1e-5 * one.ChargingRevenue);
        Assert.Equal(one.GridCostIncrease, two.GridCostIncrease, 1e-6 * one.GridCostIncrease);
        Assert.Equal(one.Stations.Count, two.Stations.Count);
        for (var i = 0; i < one.Stations.Count; i++)
        {
            Assert.Equal(one.Stations[i].Flow, two.Stations[i].Flow, 1e-6);
            Assert.Equal(one.Stations[i].PricePerKwh, two.Stations[i].PricePerKwh, 2e-6);
        }

        var busesA = two.Buses.Where(x => x.Feeder == "A").ToList();
        Assert.Equal(one.Buses.Select(x => (x.Hour, x.Bus)), busesA.Select(x => (x.Hour, x.Bus)));
        for (var i = 0; i < busesA.Count; i++)
        {
            Assert.Equal(one.Buses[i].VPu, busesA[i].VPu, 1e-9);
            Assert.Equal(one.Buses[i].DlmpPPerKwh, busesA[i].DlmpPPerKwh, 1e-6);
        }

        var feederA = two.Feeder.Where(f => f.Feeder == "A").ToList();
        Assert.Equal(24, feederA.Count);
        for (var t = 0; t < 24; t++)
        {
            Assert.Equal(one.Feeder[t].SubstationKw, feederA[t].SubstationKw, 1e-5);
            Assert.Equal(one.Feeder[t].LossesKw, feederA[t].LossesKw, 1e-5);
            Assert.Equal(one.Feeder[t].GridCostPerHour, feederA[t].GridCostPerHour, 1e-6);
            Assert.Equal(one.Feeder[t].EvLoadKw, feederA[t].EvLoadKw, 1e-5);
            Assert.Equal(one.Feeder[t].BindingLimits, feederA[t].BindingLimits);
        }

        // Feeder B: no charging load, so each hour is B's OPF alone at its base loads times the hour's factor.
        var networks = evaluator.Networks;
        var dataB = networks.Feeder.Trees[1];
        var feederB = two.Feeder.Where(f => f.Feeder == "B").ToList();
        var gridB = 0.0;
        for (var t = 0; t < 24; t++)
        {
            var factor = networks.BaseLoadFactor[t];
            var alone = Alone(dataB, [.. dataB.Buses.Select(x => x.PLoadMw * factor)], [.. dataB.Buses.Select(x => x.QLoadMvar * factor)],
                networks.TariffPerKwh[t] * 1000, OpfOptions(Options));
            Assert.Equal(SolveStatus.Converged, alone.Status);
            Assert.Equal(0, feederB[t].EvLoadKw);
            Assert.Equal(alone.SubstationMw * 1000, feederB[t].SubstationKw, 1e-4);
            Assert.Equal(alone.VMinPu, feederB[t].VMinPu, 1e-8);
            Assert.Equal(networks.CaseBusId(alone.VMinBus), feederB[t].VMinBus);
            var rows = two.Buses.Where(x => x.Hour == t && x.Feeder == "B").ToList();
            foreach (var bus in alone.Buses)
            {
                Assert.Equal(bus.VPu, rows.Single(r => r.Bus == networks.CaseBusId(bus.BusId)).VPu, 1e-8);
            }

            gridB += alone.CostWithoutPenalty(OpfOptions(Options).UnservedPenaltyPerMwh);
        }

        Assert.Equal(1.02, two.Buses.Single(x => x.Hour == 0 && x.Bus == "B1").VPu, 9);
        Assert.Equal(one.Components.GridOperation + gridB, two.Components.GridOperation, 1e-6 * two.Components.GridOperation);
    }

    /// <summary>ring-33's naive check (every station at 350 kW, 50 % EVs, TOU: the feeder sheds load; cases/ring-33/README.md)
    /// with every station moved to feeder B, held like ring-33's at the case's substation voltage: B sheds what ring-33's one feeder sheds (the second method: ring-33 itself;
    /// TOU prices do not depend on the grid, so the loads are the same), A sheds nothing, and the grid check names B.</summary>
    [Fact]
    public void The_grid_check_names_the_feeder_that_sheds_load()
    {
        var ring = CaseOverrides.Apply(Ring33, "ev_share", 0.5);
        var options = new CouplingOptions(PricingMode.Tou);
        var one = new CoupledEvaluator(ring, options).Evaluate(ChargingPlan.Uniform(ring, 350));
        var study = TwoFeeders(ring, [.. ring.Stations.Select(s => s.Id)], voltageB: null);
        var two = new CoupledEvaluator(study, options).Evaluate(ChargingPlan.Uniform(study, 350));
        Assert.False(one.GridOk);
        Assert.False(two.GridOk);
        Assert.True(one.UnservedKwh > 1, $"ring-33 sheds {one.UnservedKwh} kWh");
        var shedB = two.Feeder.Where(f => f.Feeder == "B").Sum(f => f.UnservedKw);
        Assert.Equal(one.UnservedKwh, shedB, 1e-6 * one.UnservedKwh);
        Assert.Equal(0, two.Feeder.Where(f => f.Feeder == "A").Sum(f => f.UnservedKw));
        Assert.EndsWith($"within the voltage and current limits (B {Core.Invariant.Format(shedB, 1)} kWh)", two.GridProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void With_stations_on_both_feeders_each_feeders_hours_are_its_own_opf_at_the_reported_loads()
    {
        var study = TwoFeeders(Ring33, ["S5", "S6", "S7", "S8"]);
        var evaluator = new CoupledEvaluator(study, Options);
        var result = evaluator.Evaluate(ChargingPlan.Uniform(study));
        Assert.Equal(SolveStatus.Converged, result.Status);
        var networks = evaluator.Networks;
        var opfOptions = OpfOptions(Options);
        var checkedPrices = 0;
        for (var k = 0; k < 2; k++)
        {
            var data = networks.Feeder.Trees[k];
            var feederId = networks.FeederIds[k];
            Assert.True(result.Feeder.Where(f => f.Feeder == feederId).Sum(f => f.EvLoadKw) > 0, $"feeder {feederId} has charging load");
            for (var t = 0; t < 24; t++)
            {
                // The reported loads: each bus's base load times the hour's factor, plus the reported charging load at
                // the station buses (stations_hourly's load_kw and load_kvar).
                var factor = networks.BaseLoadFactor[t];
                var p = data.Buses.Select(x => x.PLoadMw * factor).ToArray();
                var q = data.Buses.Select(x => x.QLoadMvar * factor).ToArray();
                var position = data.Buses.Select((x, i) => (networks.CaseBusId(x.Id), i)).ToDictionary(x => x.Item1, x => x.i);
                foreach (var row in result.Stations.Where(r => r.Hour == t))
                {
                    var station = study.Stations.Single(s => s.Id == row.Station);
                    if (position.TryGetValue(station.Bus, out var at))
                    {
                        p[at] += row.LoadKw / 1000;
                        q[at] += row.LoadKvar / 1000;
                    }
                }

                var alone = Alone(data, p, q, networks.TariffPerKwh[t] * 1000, opfOptions);
                Assert.Equal(SolveStatus.Converged, alone.Status);
                var hour = result.Feeder.Single(f => f.Hour == t && f.Feeder == feederId);
                Assert.Equal(alone.SubstationMw * 1000, hour.SubstationKw, 1e-4);
                Assert.Equal(alone.LossesMw * 1000, hour.LossesKw, 1e-4);
                Assert.Equal(alone.VMinPu, hour.VMinPu, 1e-7);
                Assert.Equal(alone.CostWithoutPenalty(opfOptions.UnservedPenaltyPerMwh), hour.GridCostPerHour, 1e-5);
                var rows = result.Buses.Where(x => x.Hour == t && x.Feeder == feederId).ToDictionary(x => x.Bus);
                Assert.Equal(alone.Buses.Count, rows.Count);
                foreach (var bus in alone.Buses)
                {
                    var row = rows[networks.CaseBusId(bus.BusId)];
                    Assert.Equal(bus.VPu, row.VPu, 1e-7);
                    if (!hour.BindingLimits.Split(' ').Any(l => l.StartsWith("vmin@", StringComparison.Ordinal)
                        || l.StartsWith("vmax@", StringComparison.Ordinal) || l.StartsWith("imax@", StringComparison.Ordinal)))
                    {
                        // Without a binding voltage or current limit the grid cost is smooth in the loads (the generators
                        // held at a reactive limit stay there), so the settled prices are the OPF's own DLMPs.
                        Assert.Equal(bus.DlmpPPerMwh / 1000, row.DlmpPPerKwh, 1e-6);
                        checkedPrices++;
                    }
                }
            }
        }

        Assert.True(checkedPrices > 0, "some hours have unique prices to compare");
    }
}
