using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>The inputs of one period: loads per bus (MW, Mvar; bus index order) and the substation energy price ($/MWh).</summary>
public sealed record OpfPeriodInput(double[] PLoadMw, double[] QLoadMvar, double PricePerMwh);

/// <summary>
/// Independent hourly OPFs (no storage coupling), one reusable <see cref="OpfSolver"/> per period, solved in parallel.
/// Each period's solver sees only its own sequence of inputs, so results do not depend on the thread count.
/// </summary>
public sealed class MultiPeriodOpf : IDisposable
{
    private readonly OpfSolver[] _solvers;

    public MultiPeriodOpf(Feeder feeder, int periods, OpfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(feeder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periods);
        Feeder = feeder;
        _solvers = [.. Enumerable.Range(0, periods).Select(_ => new OpfSolver(feeder, options))];
    }

    public Feeder Feeder { get; }

    public int PeriodCount => _solvers.Length;

    /// <summary>The reusable solver of one period.</summary>
    public OpfSolver this[int period] => _solvers[period];

    /// <summary>Sets each period's loads and price and solves all periods on at most <paramref name="threads"/> threads (0 = all cores).</summary>
    public OpfResult[] Solve(IReadOnlyList<OpfPeriodInput> inputs, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != _solvers.Length)
        {
            throw new ArgumentException($"expected {_solvers.Length} periods, got {inputs.Count}", nameof(inputs));
        }

        return DeterministicParallel.Map(_solvers.Length, threads, t =>
        {
            var solver = _solvers[t];
            solver.SetLoads(inputs[t].PLoadMw, inputs[t].QLoadMvar);
            solver.SetPrice(inputs[t].PricePerMwh);
            return solver.Solve();
        });
    }

    /// <summary>Solves every period at its current inputs.</summary>
    public OpfResult[] Solve(int threads = 0) => DeterministicParallel.Map(_solvers.Length, threads, t => _solvers[t].Solve());

    /// <summary>One-shot helper: fresh solvers, solve, dispose.</summary>
    public static OpfResult[] SolveOnce(Feeder feeder, IReadOnlyList<OpfPeriodInput> inputs, OpfOptions? options = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using var multi = new MultiPeriodOpf(feeder, inputs.Count, options);
        return multi.Solve(inputs, threads);
    }

    public void Dispose()
    {
        foreach (var solver in _solvers)
        {
            solver.Dispose();
        }
    }
}
