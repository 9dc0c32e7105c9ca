using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Power;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Tests;

public sealed class CoupledEvaluationTests
{
    private static readonly StudyCase Ring33 = CaseLoader.Load((string?)null);

    [Theory]
    [InlineData(PricingMode.Dlmp)]
    [InlineData(PricingMode.Tou)]
    public void The_uniform_plan_converges_and_meets_every_constraint(PricingMode pricing)
    {
        var result = new CoupledEvaluator(Ring33, new CouplingOptions(pricing)).Evaluate(ChargingPlan.Uniform(Ring33));
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.True(result.CouplingResidual <= 1e-4, $"residual {result.CouplingResidual}");
        Assert.True(result.AllConstraintsMet, $"budget {result.BudgetOk}, revenue {result.RevenueOk}, grid {result.GridProblem}");
        var c = result.Components;
        Assert.Equal(c.TravelTime + c.ChargingTime + c.Fuel + c.Investment + c.GridOperation, result.SocialCost, 6);
    }

    /// <summary>
    /// ring-33-s4 with every station at 350 kW per unit: in the evening peak the feeder reaches its voltage floor, and the
    /// DLMPs at the station buses jump by several USD/kWh (shedding) between nearby prices, so the prices that reproduce
    /// themselves do not exist; the old damped iteration ended at its limit with a residual of several USD/kWh. The
    /// coupling must converge, and the result must be a fixed point: checked here independently, hour by hour, with fresh
    /// OPFs built from the result's station loads. An hour away from a limit must reproduce its prices (DLMP + fee within
    /// the tolerance); an hour at a limit must have its prices in the convex hull of the DLMP-based prices at loads around
    /// its own (the set-valued fixed point), with load to shed just above them.
    /// </summary>
    [Fact]
    public void A_ring33_s4_plan_at_the_voltage_floor_converges_to_a_fixed_point_of_the_dlmp_prices()
    {
        var study = CaseLoader.Load("ring-33-s4");
        var options = new CouplingOptions(PricingMode.Dlmp, Threads: 2);
        var evaluator = new CoupledEvaluator(study, options);
        var result = evaluator.Evaluate(ChargingPlan.Uniform(study, 350));
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.True(result.CouplingResidual <= options.Tolerance, $"residual {result.CouplingResidual}");
        Assert.True(result.GridOk, result.GridProblem);
        Assert.Equal(0, result.UnservedKwh, 6);

        var networks = evaluator.Networks;
        var fee = study.Parameters.ServiceFeePerKwh;
        var stations = study.Stations.Count;
        var opfOptions = new OpfOptions(SoftLoad: true, UnservedPenaltyPerMwh: options.UnservedPenaltyPerKwh * 1000);
        OpfResult Opf(int hour, double[] evKw)
        {
            var p = networks.Feeder.BaseLoadMw().Select(x => x * networks.BaseLoadFactor[hour]).ToArray();
            var q = networks.Feeder.BaseLoadMvar().Select(x => x * networks.BaseLoadFactor[hour]).ToArray();
            for (var s = 0; s < stations; s++)
            {
                p[networks.StationBusIndex[s]] += evKw[s] / 1000;
                q[networks.StationBusIndex[s]] += evKw[s] * networks.EvReactivePerActive / 1000;
            }

            return MultiPeriodOpf.SolveOnce(networks.Feeder, [new OpfPeriodInput(p, q, networks.TariffPerKwh[hour] * 1000)], opfOptions)[0];
        }

        double[] Prices(OpfResult opf) => Enumerable.Range(0, stations).Select(s => (opf.Buses[networks.StationBusIndex[s]].DlmpPPerMwh / 1000) + fee).ToArray();

        var limitHours = 0;
        for (var hour = 0; hour < StudyCase.Hours; hour++)
        {
            var rows = result.Stations.Where(r => r.Hour == hour).ToList();
            var prices = rows.Select(r => r.PricePerKwh).ToArray();
            var loads = rows.Select(r => r.LoadKw).ToArray();
            var own = Prices(Opf(hour, loads));
            if (own.Zip(prices).All(x => Math.Abs(x.First - x.Second) <= options.Tolerance))
            {
                continue;
            }

            // At a limit: the DLMP-based prices at station loads around the reported ones — each station's load moved by
            // up to ±100 kW (3 charging vehicles per hour) alone or against another station's.
            limitHours++;
            var around = new List<double[]> { own };
            var shedAbove = false;
            foreach (var kw in new[] { 3.0, 10, 30, 100 })
            {
                for (var s = 0; s < stations; s++)
                {
                    for (var r = 0; r < stations; r++)
                    {
                        foreach (var sign in new[] { 1.0, -1.0 })
                        {
                            var moved = (double[])loads.Clone();
                            moved[s] = Math.Max(0, moved[s] + (sign * kw));
                            if (r != s)
                            {
                                moved[r] = Math.Max(0, moved[r] - (sign * kw));
                            }

                            var opf = Opf(hour, moved);
                            around.Add(Prices(opf));
                            shedAbove |= opf.UnservedMw > 0;
                        }
                    }
                }
            }

            var distance = DistanceToHull(prices, around);
            Assert.True(shedAbove, $"hour {hour}: prices {string.Join(", ", prices)} are not those of the OPF ({string.Join(", ", own)}) and no load just above sheds");
            Assert.True(distance <= 1e-3, $"hour {hour}: prices {string.Join(", ", prices)} are {distance} USD/kWh from the DLMP-based prices around their loads");
        }

        Assert.True(limitHours > 0, "no hour of this plan sits at a grid limit; the test needs one");
    }

    /// <summary>Largest-coordinate distance from <paramref name="point"/> to its nearest (Euclidean) point of the convex hull
    /// of <paramref name="vertices"/>, by Frank–Wolfe iterations with exact line search.</summary>
    private static double DistanceToHull(double[] point, IReadOnlyList<double[]> vertices)
    {
        var x = (double[])vertices[0].Clone();
        for (var iteration = 0; iteration < 100_000; iteration++)
        {
            var g = x.Select((v, i) => v - point[i]).ToArray();
            var best = vertices.MinBy(v => v.Select((c, i) => c * g[i]).Sum())!;
            var d = best.Select((c, i) => c - x[i]).ToArray();
            var dd = d.Sum(c => c * c);
            var slope = -d.Select((c, i) => c * g[i]).Sum();
            if (dd <= 0 || slope <= 1e-20)
            {
                break;
            }

            var step = Math.Min(1, slope / dd);
            x = x.Select((c, i) => c + (step * d[i])).ToArray();
        }

        return x.Select((c, i) => Math.Abs(c - point[i])).Max();
    }

    [Fact]
    public void Without_evs_the_evaluation_is_a_plain_assignment_plus_plain_opfs()
    {
        // Second method: the ICEV-only assignment and the base-load OPFs built here directly from the case tables.
        var study = CaseOverrides.Apply(Ring33, "ev_share", 0);
        var result = new CoupledEvaluator(study, new CouplingOptions(PricingMode.Dlmp, Threads: 1)).Evaluate(ChargingPlan.Uniform(study));
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.All(result.Stations, s => Assert.Equal(0, s.Flow));

        var zones = study.Zones.Select(z => z.Node).ToList();
        var order = zones.Concat(study.Nodes.Select(n => n.Id).Where(n => !zones.Contains(n))).ToList();
        int Number(string id) => order.IndexOf(id) + 1;
        var network = new RoadNetwork(order.Count, zones.Count, 1,
            study.Links.Select(l => new Traffic.RoadLink(Number(l.From), Number(l.To), l.CapacityVph, l.LengthKm, l.FreeFlowMinutes, l.Alpha, l.Beta)).ToArray());
        var icev = study.Classes.Single(c => c.Kind == VehicleKind.Icev);
        var model = new AssignmentModel(network, [new Traffic.VehicleClass("ICEV", icev.ValueOfTimePerHour, icev.CostPerKm)],
            settings: new AssignmentSettings(HoursPerTimeUnit: 1.0 / 60));
        var solver = new AssignmentSolver(model);
        const int Hour = 17;
        var demand = new DemandMatrix(zones.Count);
        var share = study.Profile.Single(p => p.Hour == Hour).DemandShare;
        foreach (var od in study.Demand.Where(d => d.TripsPerDay > 0))
        {
            demand[study.Zones.ToList().FindIndex(z => z.Id == od.Origin), study.Zones.ToList().FindIndex(z => z.Id == od.Destination)] = od.TripsPerDay * share;
        }

        var plain = solver.Solve(new AssignmentRequest([demand]) { Stop = new StopCriteria(1e-8, 5000) });
        var hourLinks = result.Links.Where(l => l.Hour == Hour).ToList();
        for (var l = 0; l < study.Links.Count; l++)
        {
            // Both solves stop at a relative gap of 1e-6 or below, which leaves flows accurate to ~1e-4 relative.
            Assert.Equal(plain.LinkFlows[l], hourLinks[l].IcevFlow + hourLinks[l].EvFlow, 1e-3 * Math.Max(1, plain.LinkFlows[l]));
        }

        var zBase = study.Parameters.BaseKv * study.Parameters.BaseKv / study.Parameters.BaseMva;
        var iBase = study.Parameters.BaseMva * 1000 / (Math.Sqrt(3) * study.Parameters.BaseKv);
        var busNumber = study.Buses.Select((b, i) => (b.Id, i + 1)).ToDictionary(p => p.Id, p => p.Item2);
        var feeder = Feeder.Build(new FeederData("plain", study.Parameters.BaseMva, 1, 1, 1, 1, 0,
            study.Buses.Select(b => new Power.FeederBus(busNumber[b.Id], b.LoadKw / 1000, b.LoadKvar / 1000, b.VMinPu, b.VMaxPu)).ToArray(),
            study.Branches.Select(b => new Power.FeederBranch(busNumber[b.From], busNumber[b.To], b.ROhm / zBase, b.XOhm / zBase, b.MaxCurrentA / iBase)).ToArray(),
            study.Generators.Select(g => new FeederGenerator(busNumber[g.Bus], g.PMinKw / 1000, g.PMaxKw / 1000, g.QMinKvar / 1000, g.QMaxKvar / 1000, g.CostPerKwh * 1000)).ToArray()));
        var inputs = Enumerable.Range(0, 24).Select(t =>
        {
            var f = study.Profile.Single(p => p.Hour == t).BaseLoadFactor;
            return new OpfPeriodInput(feeder.BaseLoadMw().Select(p => p * f).ToArray(), feeder.BaseLoadMvar().Select(q => q * f).ToArray(),
                study.Tariff.Single(h => h.Hour == t).PricePerKwh * 1000);
        }).ToList();
        var opf = MultiPeriodOpf.SolveOnce(feeder, inputs);
        Assert.Equal(opf.Sum(o => o.ObjectivePerHour), result.Components.GridOperation, 6);
        Assert.Equal(0, result.GridCostIncrease, 6);
    }

    [Fact]
    public void Raising_the_ev_share_raises_the_average_dlmp_at_the_station_buses()
    {
        var low = Evaluate(CaseOverrides.Apply(Ring33, "ev_share", 0.1));
        var high = Evaluate(CaseOverrides.Apply(Ring33, "ev_share", 0.5));
        Assert.True(high.AverageStationDlmp > low.AverageStationDlmp, $"{high.AverageStationDlmp} <= {low.AverageStationDlmp}");

        static EvaluationResult Evaluate(StudyCase study) => new CoupledEvaluator(study, new CouplingOptions(PricingMode.Tou)).Evaluate(ChargingPlan.Uniform(study));
    }

    [Fact]
    public void A_mirror_symmetric_case_gives_mirror_symmetric_flows()
    {
        var study = CaseLoader.Load(new FolderCaseSource(MirrorCase.Write()));
        var result = new CoupledEvaluator(study).Evaluate(ChargingPlan.Uniform(study, 120));
        Assert.Equal(SolveStatus.Converged, result.Status);
        foreach (var hour in result.Stations.GroupBy(s => s.Hour))
        {
            var west = hour.Single(s => s.Station == "SW");
            var east = hour.Single(s => s.Station == "SE");
            Assert.Equal(west.Flow, east.Flow, 6);
            Assert.Equal(west.PricePerKwh, east.PricePerKwh, 9);
        }

        var links = study.Links.ToDictionary(l => (l.From, l.To), l => l.Id);
        string Mirror(string node) => node switch { "W" => "E", "E" => "W", "P" => "Q", "Q" => "P", _ => node };
        foreach (var row in result.Links)
        {
            var link = study.Links.Single(l => l.Id == row.Link);
            var image = result.Links.Single(r => r.Hour == row.Hour && r.Link == links[(Mirror(link.From), Mirror(link.To))]);
            Assert.Equal(row.EvFlow + row.IcevFlow, image.EvFlow + image.IcevFlow, 5);
        }

        Assert.True(result.Stations.Sum(s => s.Flow) > 0);
    }
}

/// <summary>
/// A small case that is its own mirror image: W – P – Q – E with a bypass W – E, stations at P and Q on identical
/// laterals 2–3 and 2–4 of a 4-bus feeder, equal demand both ways.
/// </summary>
internal static class MirrorCase
{
    public static string Write()
    {
        var folder = Directory.CreateTempSubdirectory("ps-mirror-").FullName;
        void F(string name, string text) => File.WriteAllText(Path.Combine(folder, name), text.ReplaceLineEndings("\n"));
        F("case.json", """{ "name": "mirror", "parameters": { "budget": 1e9 } }""");
        F("nodes.csv", "node,x_km,y_km,kind\nW,-3,0,zone\nP,-1,0,site\nQ,1,0,site\nE,3,0,zone\n");
        F("links.csv", "link,from,to,t0_min,capacity_vph,length_km,alpha,beta\n"
            + "L1,W,P,4,600,2,0.15,4\nL2,P,W,4,600,2,0.15,4\nL3,P,Q,4,600,2,0.15,4\nL4,Q,P,4,600,2,0.15,4\n"
            + "L5,Q,E,4,600,2,0.15,4\nL6,E,Q,4,600,2,0.15,4\nL7,W,E,15,400,6,0.15,4\nL8,E,W,15,400,6,0.15,4\n");
        F("zones.csv", "zone,node\nZW,W\nZE,E\n");
        F("od.csv", "origin,destination,trips_per_day\nZW,ZE,12000\nZE,ZW,12000\n");
        F("profile.csv", "hour,demand_share,base_load_factor\n" + string.Concat(Enumerable.Range(0, 24).Select(h =>
            $"{h},{(h == 23 ? 1 - (23 * 0.0417) : 0.0417).ToString("R", System.Globalization.CultureInfo.InvariantCulture)},{(h is >= 17 and <= 20 ? 1.0 : 0.7).ToString(System.Globalization.CultureInfo.InvariantCulture)}\n")));
        F("classes.csv", "class,kind,share,vot_per_h,cost_per_km,charging_share,energy_per_charge_kwh\nICEV,icev,0.6,15,0.12,0,0\nEV,ev,0.4,18,0,0.05,30\n");
        F("stations.csv", "station,node,bus,units,levels_kw,fixed_cost\nSW,P,3,4,60;120;350,100000\nSE,Q,4,4,60;120;350,100000\n");
        F("buses.csv", "bus,kind,p_kw,q_kvar,vmin_pu,vmax_pu\n1,substation,0,0,0.9,1.1\n2,load,200,100,0.9,1.1\n3,load,300,150,0.9,1.1\n4,load,300,150,0.9,1.1\n");
        F("branches.csv", "from,to,r_ohm,x_ohm,i_max_a\n1,2,0.3,0.2,\n2,3,0.8,0.6,\n2,4,0.8,0.6,\n");
        F("generators.csv", "generator,bus,p_min_kw,p_max_kw,q_min_kvar,q_max_kvar,cost_per_kwh\n");
        F("tariff.csv", "hour,period,price_per_kwh\n" + string.Concat(Enumerable.Range(0, 24).Select(h =>
            $"{h},{(h is >= 17 and <= 20 ? "super-peak" : "off-peak")},{(h is >= 17 and <= 20 ? "0.2" : "0.06")}\n")));
        return folder;
    }
}
