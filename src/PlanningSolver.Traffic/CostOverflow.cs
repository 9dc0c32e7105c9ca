using PlanningSolver.Core;

namespace PlanningSolver.Traffic;

/// <summary>
/// A link or station whose flow or time is no longer a finite number (a demand so large that the volume-delay function
/// overflows, e.g. 1e300 trips): the equilibrium cannot be computed, and a shortest-path search over infinite costs
/// would wrongly report the destination as unreachable. Shared by every assignment algorithm.
/// </summary>
internal static class CostOverflow
{
    /// <summary>The first overflowing cost term (road links first, then stations) as a message, or null.</summary>
    /// <param name="model">The expanded network: cost terms 0..links-1 are road links, then one per station site.</param>
    /// <param name="delay">The delay function of each cost term (null for a closed site).</param>
    /// <param name="time">Each term's time at <paramref name="total"/>.</param>
    /// <param name="total">Each term's total flow.</param>
    public static string? Find(AssignmentModel model, VolumeDelayFunction?[] delay, double[] time, double[] total)
    {
        var links = model.Network.Links.Count;
        for (var m = 0; m < delay.Length; m++)
        {
            if (delay[m] is not null && !(double.IsFinite(time[m]) && double.IsFinite(total[m])))
            {
                var what = m < links
                    ? $"road link {model.Network.Links[m].From}->{model.Network.Links[m].To}"
                    : $"station {model.Sites[m - links].Name}";
                return $"{what}: time {Invariant.Format(time[m])} at a flow of {Invariant.Format(total[m])}, the numbers overflow (is the demand of a sensible size?)";
            }
        }

        return null;
    }
}
