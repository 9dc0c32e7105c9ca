using PlanningSolver.Power;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>Settings of the coupled lower level (design.md §4); the defaults are the documented ones.</summary>
/// <param name="Pricing">Charging prices from the marginal grid cost (DLMPs) with feedback, or the fixed TOU tariff.</param>
/// <param name="Tolerance">An hour has settled when every assignment class's own relative gap (charging EVs included)
/// and its certificate on F_t relative to |F_t| are at or below this, with every price between the one-sided marginal grid
/// costs at the flows (within 1e-6 USD/kWh; see <see cref="CoupledHourSolver"/>).</param>
/// <param name="MaxIterations">Master problems per hour before the hour ends at <c>iteration_limit</c>.</param>
/// <param name="AssignmentGap">Relative-gap target of each assignment inside the coupling (the columns), every class's
/// own gap included; far below <paramref name="Tolerance"/> because the prices the master reads from the columns are only
/// as exact as the columns' costs.</param>
/// <param name="AssignmentMaxIterations">Iteration limit of each assignment.</param>
/// <param name="PriceStepForResponse">Price cut (USD/kWh) of the forward difference that estimates the stations' price
/// response for the secant columns.</param>
/// <param name="Threads">Hours solved in parallel (0 = all cores); results do not depend on it.</param>
/// <param name="Algorithm">The assignment algorithm inside the coupling: Algorithm B (Dial 2006; docs/algorithm-b.md) by
/// default, whose warm re-solves at nearby prices take a few shifts and whose gaps reach 1e-10, which the price precision
/// at a kink needs; the Frank–Wolfe family stays available.</param>
/// <param name="UnservedPenaltyPerKwh">Soft grid: load the feeder cannot serve within its limits is shed at this price
/// (USD/kWh), reported as unserved energy and failing the grid check.</param>
public sealed record CouplingOptions(
    PricingMode Pricing = PricingMode.Dlmp,
    double Tolerance = 1e-6,
    int MaxIterations = 100,
    double AssignmentGap = 1e-10,
    int AssignmentMaxIterations = 5000,
    double PriceStepForResponse = 1e-4,
    int Threads = 0,
    double UnservedPenaltyPerKwh = OpfOptions.DefaultUnservedPenaltyPerKwh,
    AssignmentAlgorithm Algorithm = AssignmentAlgorithm.AlgorithmB);
