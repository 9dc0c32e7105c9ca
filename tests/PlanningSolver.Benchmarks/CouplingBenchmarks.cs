using BenchmarkDotNet.Attributes;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Optimization;
using PlanningSolver.Planning.Settings;
using PlanningSolver.Power;
using FeederBranch = PlanningSolver.Power.FeederBranch;
using FeederBus = PlanningSolver.Power.FeederBus;

namespace PlanningSolver.Benchmarks;

/// <summary>
/// One coupled evaluation of ring-33 (24 h, DLMP feedback) and a short plan on ring-33 (8 evaluations + Case 1/Case 2;
/// on ring-33-s4 many DLMP evaluations run to the coupling's iteration limit, 40 s per plan, beyond the in-process
/// toolchain's time limit). Run:
/// <c>dotnet run -c Release --project tests/PlanningSolver.Benchmarks -- --filter '*CouplingBenchmarks*'</c>.
/// </summary>
[Config(typeof(PowerBenchmarkConfig))]
public class CouplingBenchmarks
{
    private StudyCase _ring33 = null!;
    private CaseNetworks _networks = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ring33 = CaseLoader.Load("ring-33");
        _networks = new CaseNetworks(_ring33);
        new CoupledEvaluator(_networks).Evaluate(ChargingPlan.Uniform(_ring33)); // baseline grid cost, JIT
    }

    [Benchmark(Description = "evaluate ring-33 uniform, dlmp (24 h coupled)")]
    public double EvaluateUniform() =>
        new CoupledEvaluator(_networks, new CouplingOptions(PricingMode.Dlmp, Threads: Threads)).Evaluate(ChargingPlan.Uniform(_ring33)).SocialCost;

    [Benchmark(Description = "plan ring-33, 8 evaluations + Case 1/Case 2")]
    public double ShortPlan() =>
        new PlanDriver(_ring33, new RunSettings { Search = new SearchSettings(Evaluations: 8) }, Threads).Run([]).Best.SocialCost;
}

/// <summary>
/// How the OPF grows with feeder size: synthetic radial feeders of 33, 69 and 141 buses (a trunk with laterals every
/// third bus, impedances and loads of Baran–Wu magnitude scaled so the far end stays above 0.9 p.u.). Run:
/// <c>dotnet run -c Release --project tests/PlanningSolver.Benchmarks -- --filter '*FeederScalingBenchmarks*'</c>.
/// </summary>
[Config(typeof(PowerBenchmarkConfig))]
public class FeederScalingBenchmarks
{
    private Feeder _feeder = null!;

    [Params(33, 69, 141)]
    public int Buses { get; set; }

    [GlobalSetup]
    public void Setup() => _feeder = SyntheticFeeder(Buses);

    [Benchmark(Description = "power flow, 1 period")]
    public double PowerFlowOnce() => PowerFlow.Solve(_feeder).LossesMw;

    [Benchmark(Description = "OPF lp, 1 period, build + solve")]
    public double OpfOnce()
    {
        using var opf = new OpfSolver(_feeder);
        return opf.Solve().ObjectivePerHour;
    }

    [Benchmark(Description = "OPF lp, 24 periods, 2 threads")]
    public double OpfDay()
    {
        var inputs = Enumerable.Range(0, 24).Select(t =>
        {
            var f = 0.6 + (0.4 * Math.Sin(Math.PI * t / 24));
            return new OpfPeriodInput(_feeder.BaseLoadMw().Select(p => p * f).ToArray(), _feeder.BaseLoadMvar().Select(q => q * f).ToArray(), 50 + t);
        }).ToArray();
        return MultiPeriodOpf.SolveOnce(_feeder, inputs, threads: 2).Sum(r => r.ObjectivePerHour);
    }

    /// <summary>Bus 1 is the substation; buses 2..n form a trunk where every third bus also starts a 2-bus lateral.</summary>
    public static Feeder SyntheticFeeder(int buses)
    {
        var scale = 33.0 / buses; // keeps total voltage drop similar as the feeder grows
        var busList = new List<FeederBus> { new(1, 0, 0, 0.9, 1.1) };
        var branches = new List<FeederBranch>();
        var trunkEnd = 1;
        var next = 2;
        while (next <= buses)
        {
            busList.Add(new FeederBus(next, 0.1 * scale, 0.05 * scale, 0.8, 1.1));
            branches.Add(new FeederBranch(trunkEnd, next, 0.02 * scale, 0.015 * scale));
            trunkEnd = next++;
            if (trunkEnd % 3 == 0 && next + 1 <= buses)
            {
                busList.Add(new FeederBus(next, 0.08 * scale, 0.04 * scale, 0.8, 1.1));
                branches.Add(new FeederBranch(trunkEnd, next, 0.03 * scale, 0.02 * scale));
                busList.Add(new FeederBus(next + 1, 0.08 * scale, 0.04 * scale, 0.8, 1.1));
                branches.Add(new FeederBranch(next, next + 1, 0.03 * scale, 0.02 * scale));
                next += 2;
            }
        }

        return Feeder.Build(new FeederData($"synthetic-{buses}", 10, 1, 1, 1, 1, 50, busList, branches, []));
    }
}
