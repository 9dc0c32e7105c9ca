using PlanningSolver.Core;

namespace PlanningSolver.Traffic;

/// <summary>
/// The outcome of one assignment, as data. Times and costs are in the network's time unit (generalized: each class's
/// money terms divided by its value of time), except the figures named in hours or km.
/// </summary>
public sealed class AssignmentResult
{
    internal AssignmentResult(AssignmentModel model, double[] arcFlows, ulong[] demandFingerprints)
    {
        Model = model;
        ArcFlows = arcFlows;
        DemandFingerprints = demandFingerprints;
    }

    public required SolveStatus Status { get; init; }

    /// <summary>Why the status is what it is, when it is not plain convergence (e.g. an unreachable destination).</summary>
    public string? Message { get; init; }

    public required AssignmentAlgorithm Algorithm { get; init; }

    /// <summary>Line-search updates made (the initial all-or-nothing load is iteration 0); for Algorithm B, outer
    /// iterations (topology update, shift passes, exact gap).</summary>
    public required int Iterations { get; init; }

    /// <summary>Newton flow shifts made (Algorithm B; 0 for the Frank-Wolfe family): the work of a warm re-solve.</summary>
    public long Shifts { get; init; }

    /// <summary>Per iteration: relative gap, step, Beckmann objective and elapsed seconds after that iteration.</summary>
    public required ConvergenceLog Log { get; init; }

    /// <summary>(TSTT − SPTT) / SPTT in generalized time units.</summary>
    public required double RelativeGap { get; init; }

    /// <summary>Per class (model order): (TSTT_k − SPTT_k) / SPTT_k, each class's own relative gap. The solve stops when
    /// every class's gap (hence also the total gap, their SPTT-weighted mean) is at or below the target.</summary>
    public required double[] ClassRelativeGaps { get; init; }

    /// <summary>(TSTT − SPTT) / total demand.</summary>
    public required double AverageExcessCost { get; init; }

    /// <summary>Total generalized travel cost Σ cost·flow over all classes and arcs (road and charging).</summary>
    public required double Tstt { get; init; }

    /// <summary>Shortest-path total cost Σ demand·(cheapest path cost) at the final costs.</summary>
    public required double Sptt { get; init; }

    /// <summary>Beckmann objective: Σ ∫ link time + Σ ∫ station time + Σ fixed cost·flow.</summary>
    public required double Beckmann { get; init; }

    /// <summary>Wall-clock seconds spent in the solve.</summary>
    public required double SolverSeconds { get; init; }

    /// <summary>True when the solve started from <see cref="AssignmentRequest.WarmStart"/>.</summary>
    public required bool WarmStarted { get; init; }

    /// <summary>Per class (model order), per road link: flow, summed over both layers.</summary>
    public required IReadOnlyList<double[]> ClassLinkFlows { get; init; }

    /// <summary>Per class, per road link: the part of <see cref="ClassLinkFlows"/> after the charging stop (layer 1); zero
    /// for a class that does not charge.</summary>
    public required IReadOnlyList<double[]> ClassChargedLinkFlows { get; init; }

    /// <summary>Total flow per road link (all classes).</summary>
    public required double[] LinkFlows { get; init; }

    /// <summary>Congested travel time per road link at <see cref="LinkFlows"/> (network time unit).</summary>
    public required double[] LinkTimes { get; init; }

    /// <summary>y_s: charging flow per site (vehicles per period); 0 where not built.</summary>
    public required double[] StationFlows { get; init; }

    /// <summary>τ_s(y_s): time spent at the station per charging vehicle, in hours; 0 where not built.</summary>
    public required double[] StationTimeHours { get; init; }

    /// <summary>Per class: Σ flow·link time on roads, in hours (charging time excluded: see <see cref="StationTimeHours"/>).</summary>
    public required double[] ClassVehicleHours { get; init; }

    /// <summary>Per class: Σ flow·link length, in km.</summary>
    public required double[] ClassVehicleKm { get; init; }

    internal AssignmentModel Model { get; }

    /// <summary>
    /// The convex combination Σ w_i x_i of assignments of one model and demand (e.g. the columns of a Dantzig–Wolfe
    /// master), as a warm start only: its flows are the mix (per class and arc, so also per link and station), its
    /// figures that are not linear in the flows (times, gaps, Beckmann) are NaN and its status is
    /// <see cref="SolveStatus.IterationLimit"/>. A solve warm-started from it recomputes everything at its flows, and
    /// returns the mix itself when it already meets the gap target.
    /// </summary>
    public static AssignmentResult Mix(IReadOnlyList<AssignmentResult> results, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(weights);
        if (results.Count == 0 || results.Count != weights.Count)
        {
            throw new ArgumentException("one weight per result, at least one result");
        }

        var first = results[0];
        if (results.Any(r => !ReferenceEquals(r.Model, first.Model) || !r.DemandFingerprints.AsSpan().SequenceEqual(first.DemandFingerprints)))
        {
            throw new ArgumentException("a mix needs results of one model and one demand");
        }

        double[] Combine(Func<AssignmentResult, double[]> field)
        {
            var mixed = new double[field(first).Length];
            for (var i = 0; i < results.Count; i++)
            {
                var values = field(results[i]);
                for (var j = 0; j < mixed.Length; j++)
                {
                    mixed[j] += weights[i] * values[j];
                }
            }

            return mixed;
        }

        var classes = first.ClassLinkFlows.Count;
        return new AssignmentResult(first.Model, Combine(r => r.ArcFlows), first.DemandFingerprints)
        {
            Status = SolveStatus.IterationLimit,
            Message = "a mix of assignments, for a warm start",
            Algorithm = first.Algorithm,
            Iterations = 0,
            Log = new ConvergenceLog(),
            RelativeGap = double.NaN,
            ClassRelativeGaps = [.. Enumerable.Repeat(double.NaN, classes)],
            AverageExcessCost = double.NaN,
            Tstt = double.NaN,
            Sptt = double.NaN,
            Beckmann = double.NaN,
            SolverSeconds = 0,
            WarmStarted = false,
            ClassLinkFlows = [.. Enumerable.Range(0, classes).Select(k => Combine(r => r.ClassLinkFlows[k]))],
            ClassChargedLinkFlows = [.. Enumerable.Range(0, classes).Select(k => Combine(r => r.ClassChargedLinkFlows[k]))],
            LinkFlows = Combine(r => r.LinkFlows),
            LinkTimes = [.. Enumerable.Repeat(double.NaN, first.LinkTimes.Length)],
            StationFlows = Combine(r => r.StationFlows),
            StationTimeHours = [.. Enumerable.Repeat(double.NaN, first.StationTimeHours.Length)],
            ClassVehicleHours = [.. Enumerable.Repeat(double.NaN, classes)],
            ClassVehicleKm = Combine(r => r.ClassVehicleKm),
        };
    }

    /// <summary>Per class, per expanded arc (class-major), for warm starts.</summary>
    internal double[] ArcFlows { get; }

    /// <summary>Per class, <see cref="DemandMatrix.Fingerprint"/> of the demand solved for (no copy is kept).</summary>
    internal ulong[] DemandFingerprints { get; }
}
