using PlanningSolver.Core;

namespace PlanningSolver.Traffic;

/// <summary>
/// Turns an algorithm's final state (class arc flows on the expanded network, cost-term flows and times) into an
/// <see cref="AssignmentResult"/>: per-class road flows summed over both layers, station flows and times in hours,
/// vehicle-hours and vehicle-km in the model's units. Shared by every algorithm so their results read alike.
/// </summary>
internal static class AssignmentResultBuilder
{
    /// <summary>The final state of a solve, as the algorithms hold it.</summary>
    /// <param name="ArcFlows">Per class, per expanded arc (class-major).</param>
    /// <param name="Totals">Per cost term (road links, then sites): total flow.</param>
    /// <param name="Times">Per cost term: time at <paramref name="Totals"/> (network time unit; +∞ for a closed site).</param>
    /// <param name="Delay">Per cost term: its delay function, null for a closed site.</param>
    /// <param name="ClassTstt">Per class: Σ cost · flow.</param>
    /// <param name="ClassSptt">Per class: Σ demand · shortest path cost.</param>
    public readonly record struct State(
        double[] ArcFlows, double[] Totals, double[] Times, VolumeDelayFunction?[] Delay, double[] ClassTstt, double[] ClassSptt);

    /// <summary>The outcome of the solve loop.</summary>
    public readonly record struct Outcome(
        AssignmentAlgorithm Algorithm, SolveStatus Status, string? Message, int Iterations, ConvergenceLog Log,
        double Gap, double Tstt, double Sptt, double TotalDemand, double Beckmann, double Seconds, bool WarmStarted, long Shifts);

    public static AssignmentResult Build(AssignmentModel model, ulong[] fingerprints, in State state, in Outcome outcome)
    {
        var network = model.Network;
        var classes = model.Classes.Count;
        var links = network.LinkCount;
        var arcs = model.ArcCount;
        var sites = model.HasChargingClass ? model.Sites.Count : 0;
        var hoursPerUnit = model.Settings.HoursPerTimeUnit;
        var kmPerUnit = model.Settings.KilometersPerLengthUnit;
        var x = state.ArcFlows;
        var classFlows = new double[classes][];
        var chargedFlows = new double[classes][];
        var vehicleHours = new double[classes];
        var vehicleKm = new double[classes];
        for (var k = 0; k < classes; k++)
        {
            var offset = k * arcs;
            var charging = model.Classes[k].Charging;
            var flows = new double[links];
            for (var a = 0; a < links; a++)
            {
                flows[a] = x[offset + a] + (charging ? x[offset + links + a] : 0);
                vehicleHours[k] += flows[a] * state.Times[a];
                vehicleKm[k] += flows[a] * network.Length[a];
            }

            vehicleHours[k] *= hoursPerUnit;
            vehicleKm[k] *= kmPerUnit;
            classFlows[k] = flows;
            chargedFlows[k] = charging ? x.AsSpan(offset + links, links).ToArray() : new double[links];
        }

        var stationFlows = new double[model.Sites.Count];
        var stationHours = new double[model.Sites.Count];
        for (var s = 0; s < sites; s++)
        {
            var m = model.StationTerm(s);
            stationFlows[s] = state.Totals[m];
            stationHours[s] = state.Delay[m] is null ? 0 : state.Times[m] * hoursPerUnit;
        }

        var gap = outcome.Gap;
        var classSptt = state.ClassSptt;
        return new AssignmentResult(model, (double[])x.Clone(), fingerprints)
        {
            Status = outcome.Status,
            Message = outcome.Message,
            Algorithm = outcome.Algorithm,
            Iterations = outcome.Iterations,
            Shifts = outcome.Shifts,
            Log = outcome.Log,
            RelativeGap = gap,
            AverageExcessCost = outcome.TotalDemand > 0 ? (outcome.Tstt - outcome.Sptt) / outcome.TotalDemand : 0,
            Tstt = outcome.Tstt,
            Sptt = outcome.Sptt,
            Beckmann = outcome.Status == SolveStatus.Infeasible ? double.NaN : outcome.Beckmann,
            SolverSeconds = outcome.Seconds,
            WarmStarted = outcome.WarmStarted,
            ClassLinkFlows = classFlows,
            ClassChargedLinkFlows = chargedFlows,
            LinkFlows = state.Totals.AsSpan(0, links).ToArray(),
            LinkTimes = state.Times.AsSpan(0, links).ToArray(),
            StationFlows = stationFlows,
            StationTimeHours = stationHours,
            ClassVehicleHours = vehicleHours,
            ClassVehicleKm = vehicleKm,
            ClassRelativeGaps = state.ClassTstt.Select((c, k) => double.IsNaN(gap) ? double.NaN : RelativeGap.Of(c, classSptt[k])).ToArray(),
        };
    }

    /// <summary>Beckmann objective Σ ∫ cost-term time + Σ fixed cost · class arc flow (Beckmann, McGuire and Winsten 1956).</summary>
    public static double Beckmann(AssignmentModel model, double[] arcFlows, double[] fixedCosts, double[] totals, VolumeDelayFunction?[] delay)
    {
        var sum = 0.0;
        for (var m = 0; m < totals.Length; m++)
        {
            if (delay[m] is { } f)
            {
                sum += f.Integral(totals[m]);
            }
        }

        var arcs = model.ArcCount;
        for (var k = 0; k < model.Classes.Count; k++)
        {
            var offset = k * arcs;
            for (var e = 0; e < model.ClassArcEnd[k]; e++)
            {
                var f = arcFlows[offset + e];
                if (f != 0)
                {
                    sum += fixedCosts[offset + e] * f;
                }
            }
        }

        return sum;
    }
}
