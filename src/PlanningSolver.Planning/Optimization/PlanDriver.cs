using System.Collections.Concurrent;
using System.Diagnostics;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Settings;
using PlanningSolver.Surrogate;

namespace PlanningSolver.Planning.Optimization;

/// <summary>The outcome of a bi-level run: the search, and the full evaluations of Case 1 (best), Case 2 (uniform) and
/// Case 2′ (uniform with Case 1's installed power; null when the stations share no level).</summary>
public sealed record PlanRun(
    SolveStatus Status,
    string Strategy,
    EvaluationResult Best,
    EvaluationResult Uniform,
    IReadOnlyList<PlanEvaluation> Evaluations,
    int EvaluatorCalls,
    int? FeasiblePlans,
    double WallSeconds,
    EvaluationResult? EqualPower = null)
{
    /// <summary>Case 2 social cost minus Case 1 social cost (USD/day): what optimizing saves.</summary>
    public double Saving => Comparison.Saving;

    /// <summary>Case 1 against Case 2 and Case 2′: the saving by share and its split into how much and where.</summary>
    public PlanComparison Comparison => new(Best, Uniform, EqualPower);
}

/// <summary>
/// The upper level (design.md §6): the surrogate search over the stations' kW levels, with the coupled evaluation as the
/// black box, the budget as a known constraint, revenue and grid as penalties (<see cref="PlanPenalty"/>). Earlier
/// evaluations (a resumed run) are reused, never recomputed.
/// </summary>
public sealed class PlanDriver
{
    /// <summary>Grids larger than this are not walked to count their budget-feasible plans (<see cref="CountExhaustivePlans"/>).</summary>
    public const double CountableGrid = 1e7;

    private readonly StudyCase _study;
    private readonly SearchSettings _search;
    private readonly PlanPenalty _penalty;
    private readonly int _threads;
    private readonly CaseNetworks _networks;
    private readonly ConcurrentBag<CoupledEvaluator> _evaluators = [];

    /// <summary>Full results of this run's evaluations, from <see cref="Evaluate(IReadOnlyList{double}, CancellationToken)"/>
    /// until the search reports them; then only those of the plans that Case 1 or Case 2 may be are kept
    /// (<see cref="FinalCandidates"/>), so the end of the run does not evaluate them again (evaluations are deterministic).</summary>
    private readonly ConcurrentDictionary<ChargingPlan, EvaluationResult> _results = new();
    private readonly CouplingOptions _coupling;

    /// <param name="threads">Threads in all (0 = all cores); results do not depend on it.</param>
    public PlanDriver(StudyCase study, RunSettings settings, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(settings);
        _study = study;
        _search = settings.Search;
        _penalty = settings.Penalty;
        _threads = threads <= 0 ? Environment.ProcessorCount : threads;
        _networks = new CaseNetworks(study);
        // Every evaluation of a batch may use all the threads for its hours: the batch's evaluations run side by side and
        // share the thread pool, so the thread of one that finishes early helps with the other's remaining hours (with
        // threads / batch each, a batch waited for its slowest evaluation on one thread: 73 % of 2 cores used on paper-8).
        _coupling = settings.Coupling with { Threads = _threads };
        Problem = new DiscreteProblem(
            study.Stations.Select(s => (IReadOnlyList<double>)s.LevelsKw).ToArray(),
            kw => Economics.CapitalCost(study, new ChargingPlan(kw)) <= study.Parameters.Budget,
            names: study.Stations.Select(s => s.Id).ToArray());
    }

    public DiscreteProblem Problem { get; }

    /// <summary>Called once per evaluation of the run (also for reused ones), never concurrently.</summary>
    public Action<PlanEvaluation, bool>? OnEvaluated { get; set; }

    /// <summary>
    /// The number of budget-feasible plans an exhaustive run would evaluate, counted up to <paramref name="limit"/> + 1
    /// (a larger count is returned as limit + 1); null when the grid has more than <see cref="CountableGrid"/> plans
    /// (see <see cref="DiscreteProblem.GridSize"/>), which are not walked.
    /// </summary>
    public long? CountExhaustivePlans(long limit)
    {
        if (Problem.GridSize <= limit)
        {
            return FeasiblePoints.Count(Problem);
        }

        return Problem.GridSize > CountableGrid ? null : FeasiblePoints.Enumerate(Problem).Take(checked((int)Math.Min(int.MaxValue, limit + 1))).LongCount();
    }

    /// <summary>Evaluations at the end of a plan run's budget spent on the best plans' exchanges and coordinate moves,
    /// chosen by the surrogate alone, in cases where a station may stay unbuilt (a level 0: building costs a fixed
    /// amount, so one-level steps from 0 do not show what a full-size station would save). 6 (three batches of two)
    /// measured on paper-8: 18 of 20 seeds within 1 % of the best-known saving against 17 of 20 without. Off where every
    /// station is built (ring-33-s4: it lowered the seeds reaching the exhaustive optimum in 40 evaluations from 199 to
    /// 184 of 200). docs/optimizer-study.md, "Polishing the last evaluations".</summary>
    public const int PolishEvaluations = 6;

    /// <summary>
    /// The DYCORS settings of a plan run: the uniform plan evaluated first; on a grid of a few levels per station sigma
    /// reaches its floor within a few batches, where a fresh design would spend the budget away from the best region and
    /// a neighbourhood search of the best plans does not (docs/optimizer-study.md: 199 of 200 seeds reach the ring-33-s4
    /// optimum in 40 evaluations); exchanges of two stations' sizes among the candidates (which stations get the large
    /// size, docs/optimizer-study.md, "Exchange candidates and the best-known plan"); the last
    /// <see cref="PolishEvaluations"/> evaluations polish the best plans (docs/optimizer-study.md, "Polishing the last
    /// evaluations").
    /// </summary>
    public static DycorsOptions DycorsOptionsFor(StudyCase study, int seed) => new()
    {
        Seed = seed,
        FixedInitialPoints = [ChargingPlan.Uniform(study).PowerKw],
        OnCollapse = CollapseAction.NeighbourhoodSearch,
        ExchangeCandidates = true,
        PolishEvaluations = study.Stations.Any(s => s.LevelsKw.Contains(0)) ? PolishEvaluations : 0,
    };

    public PlanRun Run(IReadOnlyList<PlanEvaluation> previous, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var clock = Stopwatch.StartNew();
        var archive = new EvaluationArchive(Problem);
        foreach (var row in previous)
        {
            archive.Add(row.PowerKw, new EvaluationOutcome(row.Merit, row.Feasible, row));
        }

        // The budget is monotone in every station's kW, so the cheapest plan decides whether any plan fits.
        var cheapest = _study.Stations.Select(s => s.LevelsKw[0]).ToArray();
        if (!Problem.KnownConstraint!(cheapest))
        {
            throw new InputError(_study.TableFiles["stations"], null, "levels_kw",
                $"no plan fits the budget of {Invariant.Format(_study.Parameters.Budget, 0)} USD (even the cheapest levels cost more)");
        }

        ISearchStrategy strategy = _search.Exhaustive ? new ExhaustiveStrategy()
            : _search.Strategy == SearchSettings.Random ? new RandomSearchStrategy(_search.Seed)
            : new DycorsStrategy(DycorsOptionsFor(_study, _search.Seed));
        var rows = new SortedDictionary<int, PlanEvaluation>();
        var finalCandidates = new FinalCandidates(ChargingPlan.Uniform(_study), _results);
        int? feasiblePlans = _search.Exhaustive ? checked((int)FeasiblePoints.Count(Problem)) : null;
        var budget = feasiblePlans ?? _search.Evaluations;
        var controller = new SearchController(Problem, new SearchOptions(budget, _search.EffectiveBatch, _threads))
        {
            Archive = archive,
            OnEvaluated = record =>
            {
                var row = ((PlanEvaluation)record.Outcome.Details!) with { Order = record.Order, Batch = record.Batch, Kind = record.Kind.ToString().ToLowerInvariant() };
                rows[record.Order] = row;
                finalCandidates.Add(record);
                OnEvaluated?.Invoke(row, record.FromArchive);
            },
        };
        var search = controller.Run(strategy, kw => Evaluate(kw, cancellation), cancellation);
        var status = feasiblePlans is { } all && search.History.Count == all ? SolveStatus.Converged : search.Status;
        var bestPlan = search.History.Where(r => r.Feasible).OrderBy(r => r.Value).ThenBy(r => r.Order).FirstOrDefault()
            ?? search.History.OrderBy(r => r.Value).ThenBy(r => r.Order).First();
        var best = new ChargingPlan(bestPlan.Values);
        var uniform = ChargingPlan.Uniform(_study);
        var equalPower = ChargingPlan.UniformWithInstalledPower(_study, best.InstalledKw(_study));
        // Case 2′ is evaluated only when it is a plan of its own; otherwise it is Case 2 (or Case 1) again.
        ChargingPlan[] plans = equalPower is null || equalPower.Equals(uniform) || equalPower.Equals(best) ? [best, uniform] : [best, uniform, equalPower];
        var finals = DeterministicParallel.Map(plans.Length, Math.Min(plans.Length, _threads),
            i => _results.TryGetValue(plans[i], out var known) ? known : Rent().Evaluate(plans[i], cancellation));
        _results.Clear();
        var equalPowerResult = equalPower is null ? null : plans.Length == 3 ? finals[2] : equalPower.Equals(uniform) ? finals[1] : finals[0];
        return new PlanRun(status, strategy.Name, finals[0], finals[1], rows.Values.ToList(), search.EvaluatorCalls, feasiblePlans, clock.Elapsed.TotalSeconds, equalPowerResult);
    }

    private EvaluationOutcome Evaluate(IReadOnlyList<double> kw, CancellationToken cancellation)
    {
        var evaluator = Rent();
        try
        {
            var plan = new ChargingPlan(kw.ToArray());
            var result = evaluator.Evaluate(plan, cancellation);
            _results[plan] = result;
            var row = PlanEvaluation.From(-1, -1, "", result, _penalty);
            return new EvaluationOutcome(row.Merit, row.Feasible, row);
        }
        finally
        {
            _evaluators.Add(evaluator);
        }
    }

    private CoupledEvaluator Rent() => _evaluators.TryTake(out var e) ? e : new CoupledEvaluator(_networks, _coupling);
}
