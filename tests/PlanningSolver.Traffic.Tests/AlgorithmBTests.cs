using PlanningSolver.Core;
using PlanningSolver.Testing;
using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Traffic.Tests;

/// <summary>
/// Algorithm B (<see cref="BushAssignmentSolver"/>) against the best-known solutions of the Transportation Networks for
/// Research collection (../shared/data/tntp/*/README.md and *_flow.tntp) and against BFW (a second method) on
/// multi-class variants.
/// </summary>
public sealed class AlgorithmBTests
{
    private const string SfNet = "tntp/SiouxFalls/SiouxFalls_net.tntp";
    private const string SfTrips = "tntp/SiouxFalls/SiouxFalls_trips.tntp";
    private const string SfFlow = "tntp/SiouxFalls/SiouxFalls_flow.tntp";
    private const string AnNet = "tntp/Anaheim/Anaheim_net.tntp";
    private const string AnTrips = "tntp/Anaheim/Anaheim_trips.tntp";
    private const string AnFlow = "tntp/Anaheim/Anaheim_flow.tntp";

    private static RoadNetwork Network(string net) => RoadNetwork.FromTntp(TntpReader.ReadNetwork(SharedData.Path(net)));

    private static DemandMatrix Trips(string trips) => TntpReader.ReadTrips(SharedData.Path(trips));

    /// <summary>
    /// Best-known Beckmann objectives: Sioux Falls 42.31335287107440 × 1e5 (upstream README), Anaheim 1,286,032.171096
    /// (the objective of Anaheim_flow.tntp, whose average excess cost is below 1e-15; shared/data README).
    /// </summary>
    [SharedDataTheory(SfNet, SfTrips, SfFlow, AnNet, AnTrips, AnFlow)]
    [InlineData(SfNet, SfTrips, SfFlow, 4_231_335.287107)]
    [InlineData(AnNet, AnTrips, AnFlow, 1_286_032.171096)]
    public void Single_class_reaches_1e10_with_the_best_known_objective_and_flows(string net, string trips, string flow, double bestKnown)
    {
        var network = Network(net);
        var result = new BushAssignmentSolver(new AssignmentModel(network, [new VehicleClass("car")]))
            .Solve(new AssignmentRequest([Trips(trips)]) { Stop = new StopCriteria(1e-10, 1000) });

        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.True(result.RelativeGap <= 1e-10, $"gap {result.RelativeGap}");
        Assert.True(Math.Abs(result.Beckmann - bestKnown) <= 1e-9 * bestKnown, $"Beckmann {result.Beckmann:R} vs {bestKnown:R}");
        var reference = TntpReader.ReadFlows(SharedData.Path(flow));
        Assert.Equal(network.LinkCount, reference.Count);
        foreach (var r in reference)
        {
            var a = network.FindLink(r.From, r.To);
            Assert.True(Math.Abs(result.LinkFlows[a] - r.Volume) <= 0.01, $"link {r.From}->{r.To}: {result.LinkFlows[a]:R} vs {r.Volume:R}");
        }
    }

    /// <summary>
    /// The stall guard (<see cref="AlgorithmBSettings.StallIterations"/>): asked for a gap below what double precision lets
    /// Sioux Falls reach, B stops when the gap has not halved in 50 iterations, says so, and its log shows the rule (a
    /// hand check: the gap at the stop above half the one 50 iterations before); with the guard off it runs to the limit.
    /// </summary>
    [SharedDataFact(SfNet, SfTrips)]
    public void The_stall_guard_stops_where_the_gap_no_longer_halves()
    {
        var model = new AssignmentModel(Network(SfNet), [new VehicleClass("car")]);
        var request = new AssignmentRequest([Trips(SfTrips)]) { Stop = new StopCriteria(1e-30, 1500) };

        var guarded = new BushAssignmentSolver(model).Solve(request);
        Assert.Equal(SolveStatus.IterationLimit, guarded.Status);
        Assert.Contains("stalled", guarded.Message, StringComparison.Ordinal);
        Assert.True(guarded.Iterations is > 50 and < 1500, $"{guarded.Iterations} iterations");
        var before = guarded.Log.Records.Single(r => r.Iteration == guarded.Iterations - 50).Measure;
        Assert.True(guarded.RelativeGap > 0.5 * before, $"gap {guarded.RelativeGap} vs {before} 50 iterations before");

        var unguarded = new BushAssignmentSolver(model, new AlgorithmBSettings { StallIterations = 0 }).Solve(request);
        Assert.Equal(SolveStatus.IterationLimit, unguarded.Status);
        Assert.Equal(1500, unguarded.Iterations);
        Assert.Null(unguarded.Message);
    }

    /// <summary>
    /// Two classes with a class-specific cost: trucks (a quarter of the trips) pay 0.5 money per length unit at a value
    /// of time of 1 (so 0.5 time units per length unit), cars nothing. Sioux Falls' integer lengths tie many routes,
    /// which leaves the class split of the equilibrium non-unique (measured: class flows 600 veh apart between two
    /// methods at equal total flows), so each length is stretched by a factor in [1, 1.5) (golden-ratio sequence).
    /// Compared with BFW to 1e-8 (a second method): at that gap BFW's own flows are accurate to ~0.02 veh (total) and
    /// ~0.04 veh (class; measured against Algorithm B at 1e-12), hence the 0.1 veh tolerance.
    /// </summary>
    [SharedDataFact(SfNet, SfTrips)]
    public void Two_classes_with_a_class_specific_cost_agree_with_bfw()
    {
        var model = new AssignmentModel(StretchedSiouxFalls(), [new VehicleClass("car"), new VehicleClass("truck", 1, 0.5)]);
        var demand = Trips(SfTrips);
        var request = new AssignmentRequest([demand.Scaled(0.75), demand.Scaled(0.25)]);
        var bush = new BushAssignmentSolver(model).Solve(request with { Stop = new StopCriteria(1e-10, 1000) });
        var bfw = new AssignmentSolver(model).Solve(request with { Stop = new StopCriteria(1e-8, 100_000) });

        Assert.Equal(SolveStatus.Converged, bush.Status);
        Assert.Equal(SolveStatus.Converged, bfw.Status);
        Assert.All(bush.ClassRelativeGaps, g => Assert.True(g <= 1e-10, $"class gap {g}"));
        for (var k = 0; k < 2; k++)
        {
            for (var a = 0; a < model.Network.LinkCount; a++)
            {
                Assert.True(Math.Abs(bush.ClassLinkFlows[k][a] - bfw.ClassLinkFlows[k][a]) <= 0.1,
                    $"class {k} link {a}: B {bush.ClassLinkFlows[k][a]:R} vs BFW {bfw.ClassLinkFlows[k][a]:R}");
            }
        }

        Assert.True(Math.Abs(bush.Beckmann - bfw.Beckmann) <= 1e-8 * bfw.Beckmann, $"Beckmann B {bush.Beckmann:R} vs BFW {bfw.Beckmann:R}");
    }

    /// <summary>Sioux Falls with each link length stretched by a factor in [1, 1.5) (golden-ratio sequence), so that
    /// no two routes tie in length and class splits with per-length costs are unique.</summary>
    private static RoadNetwork StretchedSiouxFalls()
    {
        var raw = Network(SfNet);
        return new RoadNetwork(raw.NodeCount, raw.ZoneCount, raw.FirstThruNode,
            raw.Links.Select((l, a) => l with { Length = l.Length * (1 + (0.5 * (a * 0.6180339887498949 % 1))) }).ToArray());
    }

    /// <summary>Sioux Falls (stretched lengths) with five charging sites of 30 × 50 kW (μ = 45 veh per period each) and a charging class of
    /// 0.1 % of the trips (~360 veh, so y/μ ≈ 1.6 at each site), like one hour of a coupled study.</summary>
    private static (AssignmentModel Model, AssignmentRequest Request) ChargingSiouxFalls()
    {
        var model = new AssignmentModel(
            StretchedSiouxFalls(),
            [new VehicleClass("ICEV", 20, 2.0), new VehicleClass("EV", 20), new VehicleClass("EV-charging", 20, Charging: true)],
            [new ChargingSite("S10", 10), new ChargingSite("S11", 11), new ChargingSite("S16", 16), new ChargingSite("S15", 15), new ChargingSite("S3", 3)],
            new ChargingParameters(30, 0.9, 0.15, 4),
            new AssignmentSettings(HoursPerTimeUnit: 1.0 / 60, KilometersPerLengthUnit: 1.0));
        var demand = Trips(SfTrips);
        var request = new AssignmentRequest([demand.Scaled(0.6), demand.Scaled(0.399), demand.Scaled(0.001)])
        {
            Stations = Prices(0.40, 0.45, 0.50, 0.42, 0.47),
            Stop = new StopCriteria(1e-10, 1000),
        };
        return (model, request);
    }

    private static StationState[] Prices(params double[] perKwh) => perKwh.Select(p => new StationState(50, 30, p)).ToArray();

    /// <summary>The charging network (two layers, flow-dependent station links) against BFW. BFW does not reach 1e-8 on
    /// this problem within 100,000 iterations (the tiny charging class's own gap stalls), so it is run to 1e-7.</summary>
    [SharedDataFact(SfNet, SfTrips)]
    public void Charging_classes_agree_with_bfw()
    {
        var (model, request) = ChargingSiouxFalls();
        var bush = new BushAssignmentSolver(model).Solve(request);
        var bfw = new AssignmentSolver(model).Solve(request with { Stop = new StopCriteria(1e-7, 100_000) });
        Assert.Equal(SolveStatus.Converged, bush.Status);
        Assert.Equal(SolveStatus.Converged, bfw.Status);
        Assert.All(bush.ClassRelativeGaps, g => Assert.True(g <= 1e-10, $"class gap {g}"));
        AssertSameFlows(bfw, bush, 0.1);
    }

    /// <summary>
    /// Anaheim at 9:00 of the Anaheim study (docs/data/anaheim): the TNTP peak trips × 0.06012 / 0.08818 (the study's
    /// hour-9 and hour-17 demand shares), 70 % ICEV, 30 % EV of which 0.3 % charge (30 kWh), twelve two-unit 180 kW
    /// sites at 0.20 USD/kWh. Before round-off flows were dropped from the bushes (an in-slot flow of 4e-18 vehicles
    /// with no flow behind it, kept "used", blocked the shortcut a charging OD pair needed), the charging class stalled at
    /// a relative gap of 6.6e-6 for 300 iterations while BFW from B's flows went on to 8e-10; B now reaches 1e-10 in
    /// every class and agrees with BFW (a second method) on the station flows.
    /// </summary>
    [SharedDataFact(AnNet, AnTrips)]
    public void Charging_classes_on_anaheim_reach_1e10_in_every_class()
    {
        var sites = new[] { 369, 406, 330, 407, 337, 400, 288, 268, 269, 255, 308, 313 };
        var model = new AssignmentModel(
            Network(AnNet),
            [new VehicleClass("ICEV", 15, 0.12), new VehicleClass("EV", 18), new VehicleClass("EV-charging", 18, Charging: true)],
            sites.Select(n => new ChargingSite($"N{n}", n)).ToArray(),
            new ChargingParameters(30, 0.92, 1, 4),
            new AssignmentSettings(HoursPerTimeUnit: 1.0 / 60, KilometersPerLengthUnit: 0.0003048));
        var hour = Trips(AnTrips).Scaled(0.06012 / 0.08818);
        var request = new AssignmentRequest([hour.Scaled(0.7), hour.Scaled(0.3 * 0.997), hour.Scaled(0.3 * 0.003)])
        {
            Stations = sites.Select(_ => new StationState(180, 2, 0.2)).ToArray(),
            Stop = new StopCriteria(1e-10, 300),
        };
        var bush = new BushAssignmentSolver(model, new AlgorithmBSettings { StallIterations = 0 }).Solve(request);
        Assert.Equal(SolveStatus.Converged, bush.Status);
        Assert.All(bush.ClassRelativeGaps, g => Assert.True(g <= 1e-10, $"class gaps {string.Join(", ", bush.ClassRelativeGaps)}"));
        var bfw = new AssignmentSolver(model).Solve(request with { Algorithm = AssignmentAlgorithm.BiconjugateFrankWolfe, Stop = new StopCriteria(1e-8, 20_000) });
        for (var s = 0; s < sites.Length; s++)
        {
            Assert.True(Math.Abs(bfw.StationFlows[s] - bush.StationFlows[s]) <= 1e-3, $"site {s}: B {bush.StationFlows[s]:R} vs BFW {bfw.StationFlows[s]:R}");
        }
    }

    /// <summary>
    /// Warm start: a solver kept for the hour re-solves at changed station prices from its bushes; the result is the
    /// cold solve's (second method: a fresh solver) and the re-solve needs fewer shifts than the cold one.
    /// </summary>
    [SharedDataFact(SfNet, SfTrips)]
    public void Re_solve_at_new_prices_starts_from_the_bushes_and_matches_a_cold_solve()
    {
        var (model, request) = ChargingSiouxFalls();
        var hour = new BushAssignmentSolver(model);
        var first = hour.Solve(request);
        var repriced = request with { Stations = Prices(0.41, 0.45, 0.49, 0.42, 0.47) };
        var warm = hour.Solve(repriced);
        var cold = new BushAssignmentSolver(model).Solve(repriced);

        Assert.False(first.WarmStarted);
        Assert.True(warm.WarmStarted);
        Assert.Equal(SolveStatus.Converged, warm.Status);
        Assert.All(warm.ClassRelativeGaps, g => Assert.True(g <= 1e-10, $"class gap {g}"));
        Assert.True(warm.Shifts < cold.Shifts / 2, $"warm {warm.Shifts} shifts, cold {cold.Shifts}");
        AssertSameFlows(cold, warm, 1e-2);

        // Unchanged request: converged at once, no shift.
        var again = hour.Solve(repriced);
        Assert.Equal(0, again.Iterations);
        Assert.Equal(0, again.Shifts);

        // Other demand (another hour): reloaded on the bushes' route proportions, then solved to the same equilibrium.
        var busier = repriced with { Demand = request.Demand.Select(d => d.Scaled(1.1)).ToArray() };
        var reloaded = hour.Solve(busier);
        Assert.True(reloaded.WarmStarted);
        AssertSameFlows(new BushAssignmentSolver(model).Solve(busier), reloaded, 1e-2);

        // A station closed: the charging class's bushes are rebuilt; no charging flow is left on it.
        var closed = repriced with { Stations = [.. Prices(0.41, 0.45, 0.49, 0.42).Append(new StationState(0, 0, 0.47))] };
        var withoutS3 = hour.Solve(closed);
        Assert.Equal(SolveStatus.Converged, withoutS3.Status);
        Assert.Equal(0, withoutS3.StationFlows[4]);
        AssertSameFlows(new BushAssignmentSolver(model).Solve(closed), withoutS3, 1e-2);
    }

    /// <summary>
    /// B takes a bush's shortest path costs for the network's wherever Bellman's condition holds on them, and runs
    /// Dijkstra's algorithm only where it does not (<c>BushDistancesAreShortest</c>). Second method: the gap of B's final
    /// flows evaluated by the Frank–Wolfe machinery, whose all-or-nothing step runs a full shortest-path search for every
    /// class and origin — the same SPTT and class gaps, to round-off, for a cold solve and for a warm re-solve at new
    /// prices (where most bushes skip the search).
    /// </summary>
    [SharedDataFact(SfNet, SfTrips)]
    public void The_gap_from_the_bushes_equals_the_gap_from_full_shortest_path_searches()
    {
        var (model, request) = ChargingSiouxFalls();
        var hour = new BushAssignmentSolver(model);
        var evaluator = new AssignmentSolver(model);
        foreach (var stations in new[] { request.Stations!, Prices(0.41, 0.45, 0.49, 0.42, 0.47), Prices(0.52, 0.40, 0.44, 0.50, 0.39) })
        {
            var solve = request with { Stations = stations, Stop = new StopCriteria(1e-8, 1000) };
            var bush = hour.Solve(solve);
            var full = evaluator.Solve(solve with { Algorithm = AssignmentAlgorithm.BiconjugateFrankWolfe, WarmStart = bush, Stop = new StopCriteria(1, 1000) });
            Assert.Equal(0, full.Iterations);
            Assert.Equal(bush.LinkFlows, full.LinkFlows);
            Assert.True(Math.Abs(bush.Sptt - full.Sptt) <= 1e-12 * full.Sptt, $"SPTT {bush.Sptt:R} from the bushes, {full.Sptt:R} from full searches");
            for (var k = 0; k < model.Classes.Count; k++)
            {
                Assert.True(Math.Abs(bush.ClassRelativeGaps[k] - full.ClassRelativeGaps[k]) <= 1e-12,
                    $"class {k}: gap {bush.ClassRelativeGaps[k]:R} from the bushes, {full.ClassRelativeGaps[k]:R} from full searches");
            }
        }
    }

    [SharedDataFact(SfNet, SfTrips)]
    public void One_and_two_threads_give_bit_identical_flows()
    {
        var (model, request) = ChargingSiouxFalls();
        var one = new BushAssignmentSolver(model, threads: 1).Solve(request);
        var two = new BushAssignmentSolver(model, threads: 2).Solve(request);
        Assert.Equal(one.Iterations, two.Iterations);
        Assert.Equal(one.Shifts, two.Shifts);
        Assert.Equal(one.LinkFlows, two.LinkFlows);
        Assert.Equal(one.StationFlows, two.StationFlows);
        for (var k = 0; k < model.Classes.Count; k++)
        {
            Assert.Equal(one.ClassLinkFlows[k], two.ClassLinkFlows[k]);
            Assert.Equal(one.ClassChargedLinkFlows[k], two.ClassChargedLinkFlows[k]);
        }

        Assert.Equal(one.Beckmann, two.Beckmann);
    }

    /// <summary>Through <see cref="AssignmentSolver"/>: the hand-solved two-route equilibrium of <see cref="MultiClassTests"/>.</summary>
    [Fact]
    public void Assignment_solver_runs_algorithm_b_and_keeps_its_bushes_for_the_next_warm_start()
    {
        var model = new AssignmentModel(
            new RoadNetwork(4, 2, 3,
            [
                new RoadLink(1, 3, 1000, 4, 10, 1, 1), new RoadLink(3, 2, 1000, 4, 5, 0, 1),
                new RoadLink(1, 4, 1000, 3, 12, 1, 1), new RoadLink(4, 2, 1000, 2, 5, 0, 1),
            ]),
            [new VehicleClass("ICEV", 20, 0.2), new VehicleClass("EV", 20), new VehicleClass("EV-charging", 20, 0, Charging: true)],
            [new ChargingSite("S3", 3)],
            new ChargingParameters(30, 0.9, 0.15, 4),
            new AssignmentSettings(HoursPerTimeUnit: 1.0 / 60));
        var solver = new AssignmentSolver(model);
        var request = new AssignmentRequest([Od(600), Od(400), Od(12)])
        {
            Algorithm = AssignmentAlgorithm.AlgorithmB,
            Stations = [new StationState(50, 4, 0.5)],
            Stop = new StopCriteria(1e-12, 100),
        };
        var result = solver.Solve(request);
        Assert.Equal(AssignmentAlgorithm.AlgorithmB, result.Algorithm);
        Assert.Equal(SolveStatus.Converged, result.Status);

        // ICEV on route A: 1640/11 veh (hand derivation in MultiClassTests).
        Assert.Equal(1640.0 / 11, result.ClassLinkFlows[0][0], 8);
        Assert.Equal(400, result.ClassLinkFlows[1][0], 8);
        Assert.Equal(12, result.StationFlows[0], 10);

        Assert.True(solver.Solve(request with { WarmStart = result }).WarmStarted);
        Assert.False(solver.Solve(request).WarmStarted);
    }

    /// <summary>
    /// The unique parts of the equilibrium: total link flows, station flows and the ICEV class's flows (its road cost
    /// differs from the EVs'). EV and charging-EV share the same road costs, so how the road flow between two nodes is
    /// split between these two classes is not unique (like two identical classes) and is not compared.
    /// </summary>
    private static void AssertSameFlows(AssignmentResult expected, AssignmentResult actual, double tolerance)
    {
        for (var a = 0; a < expected.LinkFlows.Length; a++)
        {
            Assert.True(Math.Abs(expected.LinkFlows[a] - actual.LinkFlows[a]) <= tolerance,
                $"link {a}: {actual.LinkFlows[a]:R} vs {expected.LinkFlows[a]:R}");
            Assert.True(Math.Abs(expected.ClassLinkFlows[0][a] - actual.ClassLinkFlows[0][a]) <= tolerance,
                $"ICEV link {a}: {actual.ClassLinkFlows[0][a]:R} vs {expected.ClassLinkFlows[0][a]:R}");
        }

        for (var s = 0; s < expected.StationFlows.Length; s++)
        {
            Assert.True(Math.Abs(expected.StationFlows[s] - actual.StationFlows[s]) <= tolerance,
                $"station {s}: {actual.StationFlows[s]:R} vs {expected.StationFlows[s]:R}");
        }
    }

    private static DemandMatrix Od(double trips)
    {
        var m = new DemandMatrix(2);
        m[0, 1] = trips;
        return m;
    }
}
