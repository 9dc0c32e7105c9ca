using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Reports;

/// <summary>One evaluation of the optimizer's history, for the convergence plot and the report.</summary>
/// <param name="Evaluation">1-based evaluation number, in the order the optimizer recorded them.</param>
/// <param name="Merit">The value the optimizer minimised: social cost plus the constraint penalty (USD/day).</param>
/// <param name="Feasible">Whether every constraint (budget, revenue, grid) was met.</param>
/// <param name="BestSoFar">The best merit among evaluations 1..Evaluation.</param>
public sealed record OptimizerStep(int Evaluation, double Merit, bool Feasible, double BestSoFar);

/// <summary>What the plan report shows: the optimized plan (Case 1) beside the uniform plan (Case 2) and the uniform plan
/// with Case 1's installed power (Case 2′, null when there is none), and the search.</summary>
public sealed record PlanReportInput(
    StudyCase Study,
    EvaluationResult Best,
    EvaluationResult Uniform,
    IReadOnlyList<OptimizerStep> History,
    int Seed,
    double WallSeconds,
    EvaluationResult? EqualPower = null)
{
    public Optimization.PlanComparison Comparison => new(Best, Uniform, EqualPower);
}
