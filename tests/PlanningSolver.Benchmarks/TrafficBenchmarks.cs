using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PlanningSolver.Core;
using PlanningSolver.Testing;
using PlanningSolver.Traffic;
using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Benchmarks;

/// <summary>Short in-process runs (3 warm-up + 3 measured iterations) so the traffic suite takes minutes, not tens of minutes.</summary>
public sealed class TrafficBenchmarkConfig : ManualConfig
{
    public TrafficBenchmarkConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
    }
}

/// <summary>
/// Sioux Falls (TransportationNetworks; read from ../shared/data) solved from cold to a relative gap, one thread.
/// <c>dotnet run -c Release --project tests/PlanningSolver.Benchmarks -- --filter '*TrafficSiouxFalls*'</c>
/// </summary>
[Config(typeof(TrafficBenchmarkConfig))]
public class TrafficSiouxFallsBenchmarks
{
    private AssignmentSolver _solver = null!;
    private DemandMatrix _demand = null!;

    [Params(1e-4, 1e-6)]
    public double Gap { get; set; }

    [Params(AssignmentAlgorithm.ConjugateFrankWolfe, AssignmentAlgorithm.BiconjugateFrankWolfe)]
    public AssignmentAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var network = RoadNetwork.FromTntp(TntpReader.ReadNetwork(SharedData.Path("tntp/SiouxFalls/SiouxFalls_net.tntp")));
        _demand = TntpReader.ReadTrips(SharedData.Path("tntp/SiouxFalls/SiouxFalls_trips.tntp"));
        _solver = new AssignmentSolver(new AssignmentModel(network, [new VehicleClass("car")]), threads: 1);
    }

    [Benchmark]
    public double SolveToGap()
    {
        var result = _solver.Solve(new AssignmentRequest([_demand]) { Algorithm = Algorithm, Stop = new StopCriteria(Gap, 100_000) });
        return result.Status == SolveStatus.Converged ? result.Beckmann : throw new InvalidOperationException(result.Status.ToText());
    }
}

/// <summary>
/// Time per BFW iteration on synthetic grids (GridNetworkGenerator, seed 1) of ~1k, ~3k and ~10k links, one thread.
/// Each invocation runs 10 iterations warm-started from a 10-iteration solution; the figure is per iteration
/// (a shortest-path tree per origin, the conjugate direction and the exact line search), slightly pessimistic
/// because the 10 iterations need 11 all-or-nothing loads.
/// <c>dotnet run -c Release --project tests/PlanningSolver.Benchmarks -- --filter '*TrafficGrid*'</c>
/// </summary>
[Config(typeof(TrafficBenchmarkConfig))]
public class TrafficGridBenchmarks
{
    private const int Iterations = 10;
    private AssignmentSolver _solver = null!;
    private AssignmentRequest _request = null!;

    /// <summary>rows×cols/zones: 16×16 (960 links, 50 zones), 28×28 (3,024 links, 150 zones), 50×51 (9,998 links, 300 zones).</summary>
    [Params("16x16/50", "28x28/150", "50x51/300")]
    public string Grid { get; set; } = "28x28/150";

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var parts = Grid.Split('x', '/');
        var (data, demand) = GridNetworkGenerator.Create(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), seed: 1);
        _solver = new AssignmentSolver(new AssignmentModel(RoadNetwork.FromTntp(data), [new VehicleClass("car")]), Threads);
        var start = _solver.Solve(new AssignmentRequest([demand]) { Stop = new StopCriteria(0, Iterations) });
        _request = new AssignmentRequest([demand]) { Stop = new StopCriteria(0, Iterations), WarmStart = start };
    }

    [Benchmark(OperationsPerInvoke = Iterations)]
    public double BfwIteration() => _solver.Solve(_request).RelativeGap;
}
