namespace PlanningSolver.Core;

/// <summary>One iteration of an iterative solver, as data.</summary>
/// <param name="Iteration">1-based iteration number.</param>
/// <param name="Measure">The convergence measure after the iteration (relative gap, residual, cone violation, …).</param>
/// <param name="Step">The step length taken (line-search step, damping factor), or NaN where it has no meaning.</param>
/// <param name="Objective">The objective after the iteration.</param>
/// <param name="ElapsedSeconds">Wall-clock seconds since the solve started.</param>
public readonly record struct IterationRecord(int Iteration, double Measure, double Step, double Objective, double ElapsedSeconds);

/// <summary>The per-iteration history of a solve, kept as data so callers (and only the CLI) decide what to print or write.</summary>
public sealed class ConvergenceLog
{
    private readonly List<IterationRecord> _records = [];

    public IReadOnlyList<IterationRecord> Records => _records;

    public int Count => _records.Count;

    public IterationRecord? Last => _records.Count == 0 ? null : _records[^1];

    public void Add(IterationRecord record) => _records.Add(record);
}
