using PlanningSolver.Core;
using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Optimization;

/// <summary>One row of evaluations.csv: a plan the optimizer evaluated and what came out, as recorded (text-exact numbers).</summary>
public sealed record PlanEvaluation(
    int Order,
    int Batch,
    string Kind,
    IReadOnlyList<double> PowerKw,
    SolveStatus Status,
    CostBreakdown Components,
    double ChargingRevenue,
    double GridCostIncrease,
    double CapitalCost,
    bool BudgetOk,
    bool RevenueOk,
    bool GridOk,
    double UnservedKwh,
    double MinVoltagePu,
    int CouplingIterations,
    double CouplingGap,
    double Penalty,
    double WallSeconds)
{
    public double SocialCost => Components.Total;

    public double Merit => SocialCost + Penalty;

    public bool Feasible => BudgetOk && RevenueOk && GridOk && Status == SolveStatus.Converged;

    public static PlanEvaluation From(int order, int batch, string kind, EvaluationResult r, PlanPenalty penalty)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(penalty);
        return new PlanEvaluation(order, batch, kind, r.Plan.PowerKw, r.Status, r.Components, r.ChargingRevenue, r.GridCostIncrease,
            r.CapitalCost, r.BudgetOk, r.RevenueOk, r.GridOk, r.UnservedKwh, r.MinVoltagePu, r.CouplingIterations, r.CouplingGap,
            penalty.Of(r), r.WallSeconds);
    }
}
