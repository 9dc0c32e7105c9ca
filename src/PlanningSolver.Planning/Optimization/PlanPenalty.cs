using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Optimization;

/// <summary>
/// How the black-box constraints enter the optimizer (design.md §6): merit = social cost + penalty, minimised.
/// <list type="bullet">
/// <item>Revenue: <see cref="RevenueWeight"/> × max(0, grid cost increase − charging revenue) USD/day.</item>
/// <item>Grid: <see cref="UnservedPerKwh"/> × unserved energy (kWh/day) plus <see cref="GridViolationFixed"/> when the grid
/// check fails, so every grid-infeasible plan is recognisably worse than its feasible neighbours.</item>
/// <item>Coupling that did not settle: <see cref="NotConvergedFixed"/>, so the optimizer prefers plans whose cost is known.</item>
/// </list>
/// The budget is linear and known: budget-infeasible plans are never evaluated. The reported best plan is the lowest
/// merit among plans that meet every constraint.
/// </summary>
public static class PlanPenalty
{
    public const double RevenueWeight = 10.0;
    public const double UnservedPerKwh = 10.0;
    public const double GridViolationFixed = 1000.0;
    public const double NotConvergedFixed = 100.0;

    public static double Of(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var penalty = RevenueWeight * Math.Max(0, result.GridCostIncrease - result.ChargingRevenue);
        if (!result.GridOk)
        {
            penalty += GridViolationFixed + (UnservedPerKwh * result.UnservedKwh);
        }

        if (result.Status != Core.SolveStatus.Converged)
        {
            penalty += NotConvergedFixed;
        }

        return penalty;
    }
}
