using PlanningSolver.Core;
using PlanningSolver.Testing;
using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Traffic.Tests;

/// <summary>
/// Sioux Falls against the best-known solution of the Transportation Networks for Research collection
/// (github.com/bstabler/TransportationNetworks, SiouxFalls/README.md and SiouxFalls_flow.tntp; design.md §9):
/// Beckmann objective 4,231,335.287 (the README's 42.31335287107440 × 1e5), TSTT 7,480,225.34.
/// </summary>
public sealed class SiouxFallsTests
{
    private const string Net = "tntp/SiouxFalls/SiouxFalls_net.tntp";
    private const string Trips = "tntp/SiouxFalls/SiouxFalls_trips.tntp";
    private const string Flow = "tntp/SiouxFalls/SiouxFalls_flow.tntp";

    /// <summary>Best-known Beckmann objective (upstream README: 42.31335287107440 × 1e5).</summary>
    private const double BestKnownBeckmann = 4_231_335.287107;

    private static (AssignmentModel Model, DemandMatrix Demand) Load()
    {
        var network = RoadNetwork.FromTntp(TntpReader.ReadNetwork(SharedData.Path(Net)));
        var demand = TntpReader.ReadTrips(SharedData.Path(Trips));
        return (new AssignmentModel(network, [new VehicleClass("car")]), demand);
    }

    private static AssignmentResult Solve(AssignmentAlgorithm algorithm, double gap, int maxIterations, int threads = 1)
    {
        var (model, demand) = Load();
        return new AssignmentSolver(model, threads).Solve(new AssignmentRequest([demand])
        {
            Algorithm = algorithm,
            Stop = new StopCriteria(gap, maxIterations),
        });
    }

    [SharedDataFact(Net, Trips)]
    public void Reader_sees_24_zones_76_links_and_360600_trips()
    {
        // Counts from the files' own headers (<NUMBER OF LINKS> 76, <TOTAL OD FLOW> 360600.0).
        var net = TntpReader.ReadNetwork(SharedData.Path(Net));
        Assert.Equal(24, net.Zones);
        Assert.Equal(76, net.Links.Count);
        Assert.Equal(1, net.FirstThruNode);
        Assert.Equal(360_600, TntpReader.ReadTrips(SharedData.Path(Trips)).Total, 6);
    }

    [SharedDataFact(Net, Trips, Flow)]
    public void Bfw_reaches_1e6_with_the_best_known_objective_and_flows()
    {
        var result = Solve(AssignmentAlgorithm.BiconjugateFrankWolfe, 1e-6, 2000);
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.True(result.RelativeGap <= 1e-6, $"gap {result.RelativeGap}");
        Assert.True(Math.Abs(result.Beckmann - BestKnownBeckmann) / BestKnownBeckmann <= 1e-6, $"Beckmann {result.Beckmann:R}");

        var (model, _) = Load();
        var reference = TntpReader.ReadFlows(SharedData.Path(Flow));
        Assert.Equal(76, reference.Count);
        foreach (var r in reference)
        {
            var a = model.Network.FindLink(r.From, r.To);
            Assert.True(a >= 0, $"link {r.From}->{r.To}");
            Assert.True(Math.Abs(result.LinkFlows[a] - r.Volume) <= 5, $"link {r.From}->{r.To}: {result.LinkFlows[a]} vs {r.Volume}");
        }

        // TSTT of the best-known flows (design.md §9): 7,480,225.34. TSTT is first-order in the flow error (the objective is
        // second-order), so at a gap of 1e-6 it agrees to ~1e-5 only.
        Assert.True(Math.Abs(result.Tstt - 7_480_225.34) / 7_480_225.34 <= 5e-5, $"TSTT {result.Tstt}");
    }

    [SharedDataTheory(Net, Trips)]
    [InlineData(AssignmentAlgorithm.FrankWolfe, 20_000)]
    [InlineData(AssignmentAlgorithm.ConjugateFrankWolfe, 5_000)]
    [InlineData(AssignmentAlgorithm.BiconjugateFrankWolfe, 2_000)]
    public void Every_algorithm_reaches_1e5_without_stalling(AssignmentAlgorithm algorithm, int limit)
    {
        var result = Solve(algorithm, 1e-5, limit);
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.True(result.Iterations < limit);
    }

    [SharedDataFact(Net, Trips)]
    public void At_equal_iterations_bfw_beats_cfw_beats_fw()
    {
        const int iterations = 100;
        var fw = Solve(AssignmentAlgorithm.FrankWolfe, 0, iterations);
        var cfw = Solve(AssignmentAlgorithm.ConjugateFrankWolfe, 0, iterations);
        var bfw = Solve(AssignmentAlgorithm.BiconjugateFrankWolfe, 0, iterations);
        Assert.All([fw, cfw, bfw], r => Assert.Equal(SolveStatus.IterationLimit, r.Status));
        Assert.True(bfw.RelativeGap < cfw.RelativeGap, $"BFW {bfw.RelativeGap} vs CFW {cfw.RelativeGap}");
        Assert.True(cfw.RelativeGap < fw.RelativeGap, $"CFW {cfw.RelativeGap} vs FW {fw.RelativeGap}");
    }

    [SharedDataFact(Net, Trips)]
    public void One_and_two_threads_give_bit_identical_flows()
    {
        var one = Solve(AssignmentAlgorithm.BiconjugateFrankWolfe, 1e-6, 500, threads: 1);
        var two = Solve(AssignmentAlgorithm.BiconjugateFrankWolfe, 1e-6, 500, threads: 2);
        Assert.Equal(one.Iterations, two.Iterations);
        Assert.Equal(one.LinkFlows, two.LinkFlows);
        Assert.Equal(one.Beckmann, two.Beckmann);
    }
}
