using System.Collections.Concurrent;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Surrogate;

namespace PlanningSolver.Planning.Optimization;

/// <summary>
/// Follows, as a run's evaluations are reported, which of them Case 1 and Case 2 may be, and keeps only their full
/// results: Case 2 is the uniform plan; Case 1 the best feasible evaluation by (merit, order), or the best of all when
/// none is feasible. <see cref="PlanDriver.Run"/> still chooses Case 1 from the search's history by that rule; this only
/// decides which results to keep, so a plan it did not keep is evaluated again, never reported wrongly. Not thread-safe:
/// the search reports one evaluation at a time.
/// </summary>
internal sealed class FinalCandidates(ChargingPlan uniform, ConcurrentDictionary<ChargingPlan, EvaluationResult> results)
{
    private Ranked? _bestFeasible;
    private Ranked? _best;

    /// <summary>Takes one reported evaluation; drops the full results of plans that can no longer be Case 1 or Case 2.</summary>
    public void Add(EvaluationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plan = new ChargingPlan(record.Values);
        var entry = new Ranked(record.Value, record.Order, plan);
        var displaced = new List<ChargingPlan>(2);
        if (record.Outcome.Feasible && Better(entry, _bestFeasible))
        {
            if (_bestFeasible is { } old)
            {
                displaced.Add(old.Plan);
            }

            _bestFeasible = entry;
        }

        if (Better(entry, _best))
        {
            if (_best is { } old)
            {
                displaced.Add(old.Plan);
            }

            _best = entry;
        }

        if (!Keeps(plan))
        {
            displaced.Add(plan);
        }

        foreach (var gone in displaced.Where(p => !Keeps(p)))
        {
            results.TryRemove(gone, out _);
        }
    }

    private bool Keeps(ChargingPlan plan) =>
        plan.Equals(uniform) || plan.Equals(_bestFeasible?.Plan) || plan.Equals(_best?.Plan);

    private static bool Better(Ranked entry, Ranked? incumbent) =>
        incumbent is not { } current || entry.Value < current.Value || (entry.Value == current.Value && entry.Order < current.Order);

    /// <summary>An evaluation's merit and order, by which Case 1 is chosen.</summary>
    private readonly record struct Ranked(double Value, int Order, ChargingPlan Plan);
}
