using System.Diagnostics;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Optimization;
using PlanningSolver.Planning.Settings;

namespace PlanningSolver.Planning.Studies;

/// <summary>How each point of a sweep is run.</summary>
public enum SweepMode
{
    /// <summary>One coupled evaluation of a given plan (capacities or uniform).</summary>
    Evaluate,

    /// <summary>A full plan run (surrogate search) at the point; the row reports the best plan.</summary>
    Plan,
}

/// <summary>
/// Runs the points of a sweep that belong to a shard and are not yet in the table, in point order, handing each row to
/// <paramref name="onRow"/> as it finishes (the caller writes the table, so an interrupted sweep resumes where it stopped).
/// </summary>
public static class SweepRunner
{
    /// <param name="baseCase">The case before the sweep's overrides.</param>
    /// <param name="plan">The plan of a point (evaluate mode), from the point's case.</param>
    /// <param name="settings">Coupling, search (plan mode) and penalty settings of every point, before the point's swept settings.</param>
    /// <param name="threads">Threads in all (0 = all cores); results do not depend on it.</param>
    public static void Run(
        StudyCase baseCase,
        SweepTable table,
        SweepShard shard,
        SweepMode mode,
        Func<StudyCase, ChargingPlan> plan,
        RunSettings settings,
        int threads,
        Action<SweepPoint> onStart,
        Action<SweepPoint> onRow,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(baseCase);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(onStart);
        ArgumentNullException.ThrowIfNull(onRow);
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var point in table.Spec.Points().Where(p => shard.Contains(p) && !table.Has(p.Index)))
        {
            cancellation.ThrowIfCancellationRequested();
            onStart(point);
            var clock = Stopwatch.StartNew();
            var study = point.Case(baseCase);
            var pointSettings = point.RunSettings(settings);
            var result = mode == SweepMode.Evaluate
                ? new CoupledEvaluator(study, pointSettings.Coupling with { Threads = threads }).Evaluate(plan(study), cancellation)
                : new PlanDriver(study, pointSettings, threads).Run([], cancellation).Best;
            table.Add(point, study, result, clock.Elapsed.TotalSeconds);
            onRow(point);
        }
    }
}
