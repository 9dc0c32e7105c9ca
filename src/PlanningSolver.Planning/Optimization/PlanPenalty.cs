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
/// merit among plans that meet every constraint. Part of <see cref="Settings.RunSettings"/> (the defaults are here).
/// </summary>
/// <param name="RevenueWeight">USD of merit per USD/day of revenue shortfall.</param>
/// <param name="UnservedPerKwh">USD of merit per kWh/day of unserved load (by default the OPF's price of unserved load).</param>
/// <param name="GridViolationFixed">USD of merit added when the grid check fails.</param>
/// <param name="NotConvergedFixed">USD of merit added when the coupling did not settle.</param>
public sealed record PlanPenalty(
    double RevenueWeight = 10.0,
    double UnservedPerKwh = Power.OpfOptions.DefaultUnservedPenaltyPerKwh,
    double GridViolationFixed = 1000.0,
    double NotConvergedFixed = 100.0)
{
    public double Of(EvaluationResult result)
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
