using PlanningSolver.Core;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>
/// An evaluation whose figures are not finite numbers (an overflow, e.g. 1e70 trips: every link time is finite but the
/// vehicle-hours are not) has failed: its status says so and its message names the first such figure, so that no
/// command reports it as converged with missing numbers.
/// </summary>
public static class FiniteResultCheck
{
    public static EvaluationResult FailIfNotFinite(this EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var (name, value) in Figures(result))
        {
            if (!double.IsFinite(value))
            {
                var problem = $"{name} is {Invariant.Format(value)}: the numbers overflow (is the demand of a sensible size?)";
                return result with
                {
                    Status = result.Status is SolveStatus.Infeasible ? SolveStatus.Infeasible : SolveStatus.Failed,
                    Message = result.Message is null ? problem : $"{result.Message}; {problem}",
                };
            }
        }

        return result;
    }

    /// <summary>The figures an evaluation reports as numbers of money or energy (USD/day, USD, kWh/day, kW).</summary>
    private static IEnumerable<(string Name, double Value)> Figures(EvaluationResult r)
    {
        yield return ("travel_time cost", r.Components.TravelTime);
        yield return ("charging_time cost", r.Components.ChargingTime);
        yield return ("fuel cost", r.Components.Fuel);
        yield return ("investment cost", r.Components.Investment);
        yield return ("grid_operation cost", r.Components.GridOperation);
        yield return ("social_cost", r.SocialCost);
        yield return ("charging_revenue", r.ChargingRevenue);
        yield return ("grid_cost_increase", r.GridCostIncrease);
        yield return ("capital_cost", r.CapitalCost);
        yield return ("unserved_kwh", r.UnservedKwh);
        yield return ("peak_substation_kw", r.PeakSubstationKw);
    }
}
