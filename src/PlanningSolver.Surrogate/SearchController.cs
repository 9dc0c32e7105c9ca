using System.Diagnostics;
using PlanningSolver.Core;

namespace PlanningSolver.Surrogate;

/// <summary>Limits and parallelism of a <see cref="SearchController"/> run.</summary>
/// <param name="MaxEvaluations">Evaluation budget (archive reuses count: they are part of the run).</param>
/// <param name="BatchSize">Points proposed and evaluated together (B ≥ 1).</param>
/// <param name="Threads">Evaluator threads per batch (0 = all cores). Never changes the result.</param>
/// <param name="MaxSeconds">Wall-clock limit, checked between batches (the first batch always runs).</param>
/// <param name="TargetValue">Stop (status converged) once a feasible value at or below it is found; null = none.</param>
public sealed record SearchOptions(
    int MaxEvaluations,
    int BatchSize = 1,
    int Threads = 1,
    double MaxSeconds = double.PositiveInfinity,
    double? TargetValue = null)
{
    public SearchOptions Validated()
    {
        if (MaxEvaluations <= 0)
        {
            throw new ArgumentException($"evaluation budget must be > 0, got {MaxEvaluations}");
        }

        if (BatchSize <= 0)
        {
            throw new ArgumentException($"batch size must be > 0, got {BatchSize}");
        }

        if (Threads < 0)
        {
            throw new ArgumentException($"threads must be >= 0, got {Threads}");
        }

        if (!(MaxSeconds > 0))
        {
            throw new ArgumentException($"time limit must be > 0 seconds, got {MaxSeconds}");
        }

        return this;
    }
}

/// <summary>The outcome of a search run.</summary>
/// <param name="Status"><see cref="SolveStatus.IterationLimit"/> when the budget was used up,
/// <see cref="SolveStatus.TimeLimit"/> on the time limit, <see cref="SolveStatus.Converged"/> when the target was met or
/// the strategy had nothing left to propose (every feasible point evaluated), <see cref="SolveStatus.Infeasible"/> when
/// no point meets the known constraint.</param>
/// <param name="Strategy">The strategy's name.</param>
/// <param name="Best">Lowest value among feasible evaluations, else among all; null when nothing was evaluated.</param>
/// <param name="History">Every evaluation in proposal order.</param>
/// <param name="Convergence">Best-so-far after each evaluation: Iteration = evaluations done, Measure and Objective =
/// best value so far (feasible preferred, as <see cref="Best"/>), Step = the evaluation's own value.</param>
/// <param name="EvaluatorCalls">Times the evaluator was called (History.Count minus archive reuses).</param>
/// <param name="WallSeconds">Wall-clock time of the run.</param>
public sealed record SearchResult(
    SolveStatus Status,
    string Strategy,
    EvaluationRecord? Best,
    IReadOnlyList<EvaluationRecord> History,
    ConvergenceLog Convergence,
    int EvaluatorCalls,
    double WallSeconds)
{
    public double BestValue => Best?.Value ?? double.NaN;

    public IReadOnlyList<double>? BestValues => Best?.Values;

    public int ArchiveHits => History.Count - EvaluatorCalls;
}

/// <summary>
/// Evaluates what a strategy proposes, in synchronous parallel batches: propose B points → evaluate them in parallel
/// (<see cref="DeterministicParallel"/>) → append the results to the history in proposal order → let the strategy
/// observe. Since the strategy only sees the history in proposal order, a seed gives the same run whatever the thread
/// count.
/// </summary>
/// <remarks>
/// <para><b>Resume.</b> Points found in <see cref="Archive"/> take their stored outcome instead of calling the evaluator
/// (<see cref="EvaluationRecord.FromArchive"/>); replaying with the same strategy seed and options reproduces the same
/// history, so an interrupted run continues without re-evaluating anything.</para>
/// <para><b>Progress.</b> <see cref="OnEvaluated"/> is called once per evaluation of the run, as soon as its outcome is
/// known (archive reuses first, then evaluator results as they complete), never concurrently. Within a batch the calls
/// may come in any order; <see cref="EvaluationRecord.Order"/> is the deterministic position. The library writes no files.</para>
/// <para><b>Guarantees.</b> A proposal that is already evaluated, repeated within its batch or breaks the known
/// constraint is a strategy bug and throws <see cref="InvalidOperationException"/> before anything is evaluated.
/// Exceptions of the evaluator propagate (from the parallel loop, wrapped in <see cref="AggregateException"/> when
/// several threads run); the callback has then seen every evaluation that completed. Cancellation is checked between
/// batches and throws <see cref="OperationCanceledException"/>.</para>
/// </remarks>
public sealed class SearchController
{
    private readonly object _callbackLock = new();

    public SearchController(DiscreteProblem problem, SearchOptions options)
    {
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
    }

    public DiscreteProblem Problem { get; }

    public SearchOptions Options { get; }

    /// <summary>Earlier outcomes reused instead of calling the evaluator (resume); null = none.</summary>
    public EvaluationArchive? Archive { get; init; }

    /// <summary>Called once per evaluation (see remarks); null = none.</summary>
    public Action<EvaluationRecord>? OnEvaluated { get; init; }

    /// <summary>Runs <paramref name="strategy"/> (a fresh instance per run) with <paramref name="evaluate"/> as the
    /// black box; it receives the point's values and may be called concurrently from several threads.</summary>
    public SearchResult Run(
        ISearchStrategy strategy,
        Func<IReadOnlyList<double>, EvaluationOutcome> evaluate,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(evaluate);
        if (Archive is not null && Archive.Problem.Dimension != Problem.Dimension)
        {
            throw new ArgumentException("the archive belongs to a problem of another dimension");
        }

        var clock = Stopwatch.StartNew();
        var history = new SearchHistory(Problem, Options.MaxEvaluations, Options.BatchSize);
        var log = new ConvergenceLog();
        var calls = 0;
        SolveStatus? status = null;
        for (var batchIndex = 0; status is null; batchIndex++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (history.Count >= Options.MaxEvaluations)
            {
                status = SolveStatus.IterationLimit;
                break;
            }

            if (batchIndex > 0 && clock.Elapsed.TotalSeconds >= Options.MaxSeconds)
            {
                status = SolveStatus.TimeLimit;
                break;
            }

            var count = Math.Min(Options.BatchSize, Options.MaxEvaluations - history.Count);
            var proposals = strategy.Propose(count, history);
            Check(proposals, count, history);
            if (proposals.Count == 0)
            {
                status = history.Count == 0 ? SolveStatus.Infeasible : SolveStatus.Converged;
                break;
            }

            var batch = Evaluate(proposals, history.Count, batchIndex, evaluate, ref calls);
            foreach (var record in batch)
            {
                history.Add(record);
                var best = history.Best!.Value;
                log.Add(new IterationRecord(history.Count, best, record.Value, best, clock.Elapsed.TotalSeconds));
            }

            strategy.Observe(batch, history);
            if (Options.TargetValue is { } target && history.Best is { Feasible: true } b && b.Value <= target)
            {
                status = SolveStatus.Converged;
            }
        }

        return new SearchResult(status.Value, strategy.Name, history.Best, history.Records, log, calls, clock.Elapsed.TotalSeconds);
    }

    private EvaluationRecord[] Evaluate(
        IReadOnlyList<Proposal> proposals,
        int firstOrder,
        int batchIndex,
        Func<IReadOnlyList<double>, EvaluationOutcome> evaluate,
        ref int calls)
    {
        var records = new EvaluationRecord?[proposals.Count];
        var toEvaluate = new List<int>();
        for (var i = 0; i < proposals.Count; i++)
        {
            var p = proposals[i];
            if (Archive is not null && Archive.TryGet(p.Point, out var stored))
            {
                records[i] = new EvaluationRecord(firstOrder + i, batchIndex, p.Point, Array.AsReadOnly(Problem.Values(p.Point)), stored, p.Kind, FromArchive: true);
                Notify(records[i]!);
            }
            else
            {
                toEvaluate.Add(i);
            }
        }

        DeterministicParallel.For(toEvaluate.Count, Options.Threads, k =>
        {
            var i = toEvaluate[k];
            var p = proposals[i];
            var values = Problem.Values(p.Point);
            var outcome = evaluate(Array.AsReadOnly(values)) ?? throw new InvalidOperationException("the evaluator returned null");
            var record = new EvaluationRecord(firstOrder + i, batchIndex, p.Point, Array.AsReadOnly(values), outcome, p.Kind, FromArchive: false);
            records[i] = record;
            Notify(record);
        });

        calls += toEvaluate.Count;
        return records.Select(r => r!).ToArray();
    }

    private void Notify(EvaluationRecord record)
    {
        if (OnEvaluated is null)
        {
            return;
        }

        lock (_callbackLock)
        {
            OnEvaluated(record);
        }
    }

    private void Check(IReadOnlyList<Proposal> proposals, int count, SearchHistory history)
    {
        if (proposals.Count > count)
        {
            throw new InvalidOperationException($"strategy proposed {proposals.Count} points for a batch of {count}");
        }

        var seen = new HashSet<LevelPoint>();
        foreach (var p in proposals)
        {
            if (!seen.Add(p.Point) || history.Contains(p.Point))
            {
                throw new InvalidOperationException($"strategy proposed {p.Point} twice");
            }

            if (!Problem.IsKnownFeasible(p.Point))
            {
                throw new InvalidOperationException($"strategy proposed {p.Point}, which breaks the known constraint");
            }
        }
    }
}
