using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PlanningSolver.Power;
using PlanningSolver.Testing;

namespace PlanningSolver.Benchmarks;

/// <summary>
/// Power flow and OPF on case33bw (../shared/data/matpower). Run:
/// <c>dotnet run -c Release --project tests/PlanningSolver.Benchmarks -- --filter '*PowerBenchmarks*'</c>.
/// ShortRun, in-process (no separate benchmark build, which timed out on the shared 2-core machine).
/// </summary>
[Config(typeof(PowerBenchmarkConfig))]
public class PowerBenchmarks
{
    private Feeder _feeder = null!;
    private OpfSolver _reused = null!;
    private MultiPeriodOpf _reused24 = null!;
    private OpfPeriodInput[] _day = [];
    private OpfPeriodInput[] _dayShifted = [];
    private double[] _p = [];
    private double[] _q = [];
    private int _flip;

    [GlobalSetup]
    public void Setup()
    {
        _feeder = MatpowerReader.Load(SharedData.Path("matpower/case33bw.m"));
        _reused = new OpfSolver(_feeder);
        _reused.Solve();
        _p = _feeder.BaseLoadMw();
        _q = _feeder.BaseLoadMvar();
        _day = Day(0);
        _dayShifted = Day(0.01);
        _reused24 = new MultiPeriodOpf(_feeder, 24);
        _reused24.Solve(_day, threads: 2);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reused.Dispose();
        _reused24.Dispose();
    }

    [Benchmark(Description = "power flow (sweep), 1 period")]
    public double PowerFlowSweep() => PowerFlow.Solve(_feeder).LossesMw;

    [Benchmark(Description = "OPF lp, 1 period, build + solve")]
    public double OpfLpFresh()
    {
        using var opf = new OpfSolver(_feeder);
        return opf.Solve().ObjectivePerHour;
    }

    [Benchmark(Description = "OPF lp, 1 period, reused solver, 1% load change")]
    public double OpfLpReused()
    {
        // Alternate between base load and +1 % at every bus, as the coupling loop does with EV loads.
        var f = (_flip++ & 1) == 0 ? 1.01 : 1.0;
        for (var j = 0; j < _p.Length; j++)
        {
            _reused.SetLoad(j, _p[j] * f, _q[j] * f);
        }

        return _reused.Solve().ObjectivePerHour;
    }

    [Benchmark(Description = "OPF scip, 1 period, build + solve")]
    public double OpfScipFresh()
    {
        using var opf = new OpfSolver(_feeder, new OpfOptions(OpfBackend.Scip));
        return opf.Solve().ObjectivePerHour;
    }

    [Benchmark(Description = "OPF lp, 24 periods, 2 threads, build + solve")]
    public int Opf24Fresh() => MultiPeriodOpf.SolveOnce(_feeder, _day, threads: 2).Length;

    [Benchmark(Description = "OPF lp, 24 periods, 2 threads, reused solvers, 1% load change")]
    public int Opf24Reused() => _reused24.Solve((_flip++ & 1) == 0 ? _dayShifted : _day, threads: 2).Length;

    private OpfPeriodInput[] Day(double shift) => [.. Enumerable.Range(0, 24).Select(t =>
    {
        // A daily profile between 0.45 and 1.0 of base load (morning and evening peaks), prices 15..38 $/MWh.
        var f = 0.45 + (0.55 * Math.Max(Math.Exp(-Math.Pow((t - 8) / 2.5, 2)), Math.Exp(-Math.Pow((t - 19) / 2.5, 2)))) + shift;
        return new OpfPeriodInput([.. _feeder.BaseLoadMw().Select(p => p * f)], [.. _feeder.BaseLoadMvar().Select(q => q * f)], 15 + t);
    })];
}

/// <summary>ShortRun job in-process, with allocations.</summary>
public sealed class PowerBenchmarkConfig : ManualConfig
{
    public PowerBenchmarkConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
