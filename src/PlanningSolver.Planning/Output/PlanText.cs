using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Output;

/// <summary>A plan as a person reads it: "S1=173.3,S2=350,…" with kW per unit rounded to 0.1 kW (files keep
/// <see cref="ChargingPlan.Format"/>'s full precision).</summary>
public static class PlanText
{
    public static string Rounded(StudyCase study, ChargingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(plan);
        return string.Join(",", study.Stations.Select((s, i) => $"{s.Id}={HumanNumber.Short(plan.PowerKw[i])}"));
    }
}
