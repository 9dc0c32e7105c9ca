using MathNet.Numerics.LinearAlgebra;
using PlanningSolver.Core;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>What the coupled-hour solver needs of one hour: the assignment at given charging prices and the OPF at
/// given station flows.</summary>
internal interface ICoupledHour
{
    int StationCount { get; }

    /// <summary>E (kWh per charge).</summary>
    double EnergyPerChargeKwh { get; }

    /// <summary>κ = 1 / (VOT_EV · hours per network time unit): generalized time units of the charging class per USD.</summary>
    double TimeUnitsPerUsd { get; }

    double ServiceFeePerKwh { get; }

    /// <summary>The multi-class assignment at charging prices (USD/kWh, fee included), warm-started where possible.</summary>
    AssignmentResult Assign(double[] chargingPricePerKwh, AssignmentResult? warmStart, double gap, CancellationToken cancellation);

    /// <summary>The OPF at station flows (EV/h), or null with a reason when it has no optimal solution.</summary>
    GridCut? Grid(double[] stationFlows, out string? failure);
}

/// <summary>One iteration of the coupled-hour solver, as data.</summary>
/// <param name="Iteration">1-based.</param>
/// <param name="Step"><c>start</c> (tariff prices), <c>fixed_point</c> (prices = the newest cut's marginal cost),
/// <c>model</c> (master with the stations' price response), <c>null</c> (a model step that did not lower the gap; the
/// centre stays and the proximal weight grows).</param>
/// <param name="RelativeGap">(F_t(x) − lower bound) / |F_t(x)|, the certificate on F_t; NaN at the start point.</param>
/// <param name="GridGapUsd">G_t(y) − Σ w_i ℓ_i(y) (USD): how far the prices are from a subgradient of the grid cost at
/// the flows they induce; 0 at an exact fixed point.</param>
/// <param name="ClassGaps">Each assignment class's own relative gap at these prices.</param>
/// <param name="AssignmentIterations">Iterations of this point's assignment (plus those of the response estimate, when
/// this iteration made one).</param>
public sealed record CouplingIteration(int Iteration, string Step, double RelativeGap, double GridGapUsd, IReadOnlyList<double> ClassGaps, int AssignmentIterations);

/// <summary>The settled state of one hour (or the last point reached, with its status).</summary>
internal sealed record CoupledHourResult(
    SolveStatus Status,
    string? Message,
    double[] EnergyPricePerKwh,
    double[] ReactivePricePerKwh,
    AssignmentResult Assignment,
    GridCut? Grid,
    IReadOnlyList<(GridCut Cut, double Weight)> Subgradient,
    double RelativeGap,
    double GridGapUsd,
    IReadOnlyList<CouplingIteration> Log,
    int AssignmentIterations);

/// <summary>Tolerances and limits of <see cref="CoupledHourSolver"/>; defaults in <see cref="CouplingOptions"/>.</summary>
internal sealed record CoupledHourSettings(double Tolerance, int MaxIterations, double PriceStepForResponse, double AssignmentGap);

/// <summary>
/// The settled state of one hour as the minimum of the hour's convex function (design.md §4)
/// <c>F_t(x) = B(x) + κ (G_t(base + E y(x)) + fee·E·Σ y)</c>, B the multi-class Beckmann function (each class in its own
/// time units), G_t the OPF cost as a function of the station loads, κ = 1/VOT_EV.
/// </summary>
/// <remarks>
/// <para>
/// Method: a cutting-plane model of G_t (Kelley 1960) built from the OPFs, each OPF giving its value and its gradient,
/// the DLMPs (<see cref="GridCut"/>), with a quadratic model of the traffic side. Its dual reads: charging prices
/// π = Σ w_i λ_i in the convex hull of the gathered marginal grid costs λ_i = DLMP_p + tan φ · DLMP_q; for given w, the
/// traffic problem is an ordinary assignment at prices π + fee. The master (<see cref="CutModelMaster"/>) chooses w
/// from the cuts' values at the centre's response and the stations' price response J (a forward difference of the
/// assignment, estimated once per hour and only when plain fixed-point steps do not settle), with a proximal weight ρ
/// that grows after a step that does not lower the gap (a null step of the proximal bundle method, Kiwiel 1990) and
/// shrinks after one that does.
/// </para>
/// <para>
/// Certificate: for any w on the simplex and the assignment x at π = Σ w_i λ_i,
/// <c>F_t* ≥ B_π(x) − (TSTT − SPTT) + κ Σ w_i (G_i − λ_i·E y_i)</c> (weak duality with the cuts, which lie below G_t, and
/// the Frank–Wolfe bound of the assignment), while <c>F_t(x) = B_π(x) + κ (G_t(y) − π·E y)</c>. Their difference is
/// <c>(TSTT − SPTT) + κ (G_t(y) − Σ w_i ℓ_i(y))</c>: the assignment's gap plus the distance of the prices from a subgradient
/// of G_t at the flows they induce. The hour has settled when that gap relative to |F_t|, the grid part relative to
/// max(1, G_t) and every class's relative gap are all at or below the tolerance. Where two grid limits bind in one hour,
/// G_t has a kink and the settled prices lie strictly inside the hull of the DLMPs on its sides; the cuts from both sides
/// span it, which the fixed-point iteration on prices could not represent.
/// </para>
/// </remarks>
internal sealed class CoupledHourSolver
{
    private const double LooseGap = 1e-5;
    private const double StalledPriceStep = 1e-9;
    private const double PriceTolerance = 1e-7;
    private const int MaxPolishSteps = 8;
    private const double SensitivityStep = 1e-2;
    private const double KinkTolerance = 1e-4;
    private const double GrowProximal = 4;
    private readonly ICoupledHour _hour;
    private readonly CoupledHourSettings _settings;

    public CoupledHourSolver(ICoupledHour hour, CoupledHourSettings settings)
    {
        _hour = hour;
        _settings = settings;
    }

    public CoupledHourResult Solve(double[] startEnergyPrices, CancellationToken cancellation)
    {
        var stations = _hour.StationCount;
        var energy = _hour.EnergyPerChargeKwh;
        var kappa = _hour.TimeUnitsPerUsd;
        var cuts = new List<GridCut>();
        var marginals = new List<double[]>();
        var log = new List<CouplingIteration>();
        var effort = 0;

        // The current point: its prices, their weights on the cuts (null at the start point) and its assignment.
        var prices = (double[])startEnergyPrices.Clone();
        double[]? weights = null;
        var assignmentGap = LooseGap;
        var assignment = _hour.Assign(WithFee(prices), null, assignmentGap, cancellation);
        effort += assignment.Iterations;
        var step = "start";

        // The centre of the proximal bundle: the evaluated weights with the largest lower bound so far.
        Centre? centre = null;
        var predicted = double.NaN;
        double[,]? response = null;
        var proximal = 0.0;
        for (var k = 1; ; k++)
        {
            if (assignment.Status is SolveStatus.Failed or SolveStatus.Infeasible)
            {
                return Finish(assignment.Status, $"traffic assignment: {assignment.Message}", prices, weights, cuts, assignment, null, double.NaN, double.NaN, log, effort);
            }

            var flows = assignment.StationFlows;
            var cut = _hour.Grid(flows, out var failure);
            if (cut is null)
            {
                return Finish(SolveStatus.Failed, failure, prices, weights, cuts, assignment, null, double.NaN, double.NaN, log, effort);
            }

            cuts.Add(cut);
            marginals.Add(Enumerable.Range(0, stations).Select(cut.MarginalPerKwh).ToArray());

            // Certificate of this point (USD): upper bound F_t(x)/κ, lower bound of its own weights, their difference.
            double relativeGap = double.NaN, gridGap = double.NaN, lower = double.NaN;
            var frankWolfeGap = Math.Max(0, assignment.Tstt - assignment.Sptt) / kappa;
            if (weights is not null)
            {
                var model = 0.0;
                var intercepts = 0.0;
                for (var i = 0; i < weights.Length; i++)
                {
                    if (weights[i] != 0)
                    {
                        model += weights[i] * cuts[i].ValueAt(flows, energy);
                        intercepts += weights[i] * cuts[i].ValueAt(new double[stations], energy);
                    }
                }

                gridGap = Math.Max(0, cut.Cost - model);
                var paid = 0.0;
                for (var s = 0; s < stations; s++)
                {
                    paid += prices[s] * energy * flows[s];
                }

                var upper = (assignment.Beckmann / kappa) + cut.Cost - paid;
                lower = (assignment.Beckmann / kappa) - frankWolfeGap + intercepts;
                relativeGap = (frankWolfeGap + gridGap) / Math.Max(Math.Abs(upper), double.Epsilon);
            }

            log.Add(new CouplingIteration(k, step, relativeGap, gridGap, assignment.ClassRelativeGaps, assignment.Iterations));
            var classesSettled = assignment.ClassRelativeGaps.All(g => g <= _settings.Tolerance);
            if (weights is not null && relativeGap <= _settings.Tolerance && classesSettled)
            {
                return Polish(prices, weights, cuts, marginals, assignment, cut, relativeGap, gridGap, log, effort, response, cancellation);
            }

            if (k >= _settings.MaxIterations)
            {
                return Finish(SolveStatus.IterationLimit, $"not settled after {k} iterations (relative gap {Invariant.Format(relativeGap, 3)})",
                    prices, weights, cuts, assignment, cut, relativeGap, gridGap, log, effort);
            }

            cancellation.ThrowIfCancellationRequested();

            // Refine the response model with the pair (π − π_c, y − y_c) of this point (Powell's symmetric secant update).
            if (response is not null && centre is not null && weights is not null)
            {
                SecantUpdate(response, centre.Prices, prices, centre.Assignment.StationFlows, flows);
            }

            // Serious step when the lower bound (the dual value) rose by a tenth of what the model promised, else a null
            // step: the centre stays, the new cut refines the model and the proximal weight grows (Kiwiel 1990).
            var serious = weights is not null && (centre is null || lower - centre.Lower >= 0.1 * predicted);
            if (serious)
            {
                var poor = centre is not null && lower - centre.Lower < 0.5 * predicted;
                centre = new Centre((double[])prices.Clone(), weights!, assignment, lower);
                proximal /= GrowProximal;
                if (poor && response is null)
                {
                    var spent = 0;
                    response = EstimateResponse(centre, cancellation, ref spent);
                    effort += spent;
                    log[^1] = log[^1] with { AssignmentIterations = log[^1].AssignmentIterations + spent };
                }
            }
            else if (centre is not null && MaxDifference(prices, centre.Prices) <= StalledPriceStep && response is not null)
            {
                // The proximal weight has frozen the prices at the centre without closing its gap: the response model,
                // not the step, is wrong. Start the model afresh from a new difference estimate at the centre.
                proximal = 0;
                var spent = 0;
                response = EstimateResponse(centre, cancellation, ref spent);
                effort += spent;
                log[^1] = log[^1] with { AssignmentIterations = log[^1].AssignmentIterations + spent };
            }
            else if (centre is not null)
            {
                proximal = Math.Max(proximal * GrowProximal, MinimumProximal(response));
                if (response is null)
                {
                    var spent = 0;
                    response = EstimateResponse(centre, cancellation, ref spent);
                    effort += spent;
                    log[^1] = log[^1] with { AssignmentIterations = log[^1].AssignmentIterations + spent };
                }
            }

            // The master around the centre's response (the start point has no centre: plain fixed-point step).
            var anchorFlows = centre?.Assignment.StationFlows ?? flows;
            var anchorPrices = centre?.Prices ?? prices;
            var values = cuts.Select(c => c.ValueAt(anchorFlows, energy)).ToArray();
            var curvature = new double[stations, stations];
            for (var r = 0; r < stations; r++)
            {
                for (var c = 0; c < stations; c++)
                {
                    curvature[r, c] = (response is null ? 0 : energy * response[r, c]) - (r == c ? proximal : 0);
                }
            }

            var next = new double[cuts.Count];
            if (centre is null)
            {
                next[^1] = 1;
            }
            else
            {
                Array.Copy(centre.Weights, next, centre.Weights.Length);
                CutModelMaster.Solve(values, marginals, anchorPrices, curvature, next);
            }

            prices = Combine(marginals, next, stations);

            // Kelley's cut goes where the master puts the flows: the centre's response moved by J along the price change.
            // Without it, a proposal whose true response does not move (a station at zero flow, the tolerance of the
            // assignment) adds nothing near the kink the master is resolving.
            if (centre is not null && response is not null && PredictedFlows(centre, prices, response) is { } predictedFlows
                && _hour.Grid(predictedFlows, out _) is { } predictedCut)
            {
                cuts.Add(predictedCut);
                marginals.Add(Enumerable.Range(0, stations).Select(predictedCut.MarginalPerKwh).ToArray());
                Array.Resize(ref next, cuts.Count);
                values = cuts.Select(c => c.ValueAt(anchorFlows, energy)).ToArray();
                CutModelMaster.Solve(values, marginals, anchorPrices, curvature, next);
                prices = Combine(marginals, next, stations);
            }

            predicted = centre is null ? double.NaN : PredictedRise(values, marginals, centre, next, prices, response, energy);
            weights = next;
            step = centre is null ? "fixed_point" : !serious ? "null" : response is null ? "fixed_point" : "model";

            // Assignments only as exact as the coming decision needs: a hundredth of the promised rise, at most LooseGap.
            var sptt = Math.Max(assignment.Sptt, double.Epsilon);
            var needed = double.IsNaN(predicted) ? LooseGap : 0.01 * Math.Max(predicted, 0) * kappa / sptt;
            var closeGap = double.IsNaN(relativeGap) ? LooseGap : 0.01 * relativeGap;
            assignmentGap = Math.Clamp(Math.Min(needed, closeGap), _settings.AssignmentGap, LooseGap);
            assignment = _hour.Assign(WithFee(prices), assignment, assignmentGap, cancellation);
            effort += assignment.Iterations;
        }
    }

    /// <summary>
    /// The settled point's prices are a combination of marginal costs at nearby flows: exact to second order in the
    /// certificate, not to 1e-6 USD/kWh. Where G_t is smooth the residual r(π) = λ(y(π)) − π is driven to zero by Newton
    /// steps Δπ = −(H J − I)⁻¹ r, H = ∂λ/∂y from one-sided differences of the OPF's own DLMPs, J the price response. At a
    /// kink (Newton does not reduce r) the settled combination is kept if it lies between the one-sided derivatives of
    /// G_t at its flows for every station, a subgradient; otherwise the hour is not settled.
    /// </summary>
    private CoupledHourResult Polish(
        double[] prices, double[] weights, List<GridCut> cuts, List<double[]> marginals, AssignmentResult assignment, GridCut cut,
        double relativeGap, double gridGap, List<CouplingIteration> log, int effort, double[,]? response, CancellationToken cancellation)
    {
        var stations = _hour.StationCount;
        var energy = _hour.EnergyPerChargeKwh;
        var kappa = _hour.TimeUnitsPerUsd;
        if (response is null)
        {
            var spent = 0;
            response = EstimateResponse(new Centre(prices, weights, assignment, double.NaN), cancellation, ref spent);
            effort += spent;
        }

        var (pi, a, c) = (prices, assignment, cut);
        var r = Residual(c, pi);
        for (var step = 0; step < MaxPolishSteps && MaxAbs(r) > PriceTolerance; step++)
        {
            var sensitivity = Matrix<double>.Build.Dense(stations, stations);
            for (var s = 0; s < stations; s++)
            {
                var moved = (double[])a.StationFlows.Clone();
                moved[s] += SensitivityStep;
                if (_hour.Grid(moved, out _) is not { } shifted)
                {
                    goto done;
                }

                for (var q = 0; q < stations; q++)
                {
                    sensitivity[q, s] = (shifted.MarginalPerKwh(q) - c.MarginalPerKwh(q)) / SensitivityStep;
                }
            }

            var newton = (sensitivity * Matrix<double>.Build.DenseOfArray(response)) - Matrix<double>.Build.DenseIdentity(stations);
            var delta = newton.Solve(Vector<double>.Build.DenseOfArray(r)).Negate();
            var nextPrices = pi.Select((p, s) => p + delta[s]).ToArray();
            var nextAssignment = _hour.Assign(WithFee(nextPrices), a, _settings.AssignmentGap, cancellation);
            effort += nextAssignment.Iterations;
            if (nextAssignment.Status is SolveStatus.Failed or SolveStatus.Infeasible || _hour.Grid(nextAssignment.StationFlows, out _) is not { } nextCut)
            {
                break;
            }

            var nextResidual = Residual(nextCut, nextPrices);
            log.Add(new CouplingIteration(log.Count + 1, "newton", double.NaN, double.NaN, nextAssignment.ClassRelativeGaps, nextAssignment.Iterations));
            if (!(MaxAbs(nextResidual) < MaxAbs(r)))
            {
                break;
            }

            cuts.Add(nextCut);
            marginals.Add(Enumerable.Range(0, stations).Select(nextCut.MarginalPerKwh).ToArray());
            (pi, a, c, r) = (nextPrices, nextAssignment, nextCut, nextResidual);
        }

    done:
        if (MaxAbs(r) <= PriceTolerance)
        {
            // Prices = the marginal grid cost at the flows (within PriceTolerance): report it, with the certificate of
            // weights on that one cut plus the bound 2·E·|r|∞·Σ y on what the residual can change.
            var frankWolfe = Math.Max(0, a.Tstt - a.Sptt) / kappa;
            var slack = 2 * energy * MaxAbs(r) * a.StationFlows.Sum();
            var upper = Math.Abs((a.Beckmann / kappa) + c.Cost - pi.Select((p, s) => p * energy * a.StationFlows[s]).Sum());
            var gap = (frankWolfe + slack) / Math.Max(upper, double.Epsilon);
            var single = new double[cuts.Count];
            single[cuts.IndexOf(c)] = 1;
            var settled = gap <= _settings.Tolerance && a.ClassRelativeGaps.All(g => g <= _settings.Tolerance);
            log[^1] = log[^1] with { RelativeGap = gap, GridGapUsd = slack };
            return Finish(settled ? SolveStatus.Converged : SolveStatus.IterationLimit, settled ? null : "the assignment at the marginal-cost prices is not within the tolerance",
                pi, single, cuts, a, c, gap, slack, log, effort);
        }

        // A kink: the settled combination must be a subgradient of G_t at its flows, station by station.
        var worst = SubgradientViolation(prices, assignment.StationFlows, cut);
        return worst <= KinkTolerance
            ? Finish(SolveStatus.Converged, null, prices, weights, cuts, assignment, cut, relativeGap, gridGap, log, effort)
            : Finish(SolveStatus.IterationLimit, $"prices {Invariant.Format(worst, 3)} USD/kWh outside the marginal grid cost at the flows",
                prices, weights, cuts, assignment, cut, relativeGap, gridGap, log, effort);
    }

    /// <summary>How far the prices lie outside [left, right] one-sided derivatives of G_t (USD/kWh), worst station.</summary>
    private double SubgradientViolation(double[] prices, double[] flows, GridCut at)
    {
        var energy = _hour.EnergyPerChargeKwh;
        var worst = 0.0;
        for (var s = 0; s < prices.Length; s++)
        {
            var up = (double[])flows.Clone();
            up[s] += SensitivityStep;
            if (_hour.Grid(up, out _) is { } right)
            {
                worst = Math.Max(worst, prices[s] - ((right.Cost - at.Cost) / (energy * SensitivityStep)));
            }

            if (flows[s] >= SensitivityStep)
            {
                var down = (double[])flows.Clone();
                down[s] -= SensitivityStep;
                if (_hour.Grid(down, out _) is { } left)
                {
                    worst = Math.Max(worst, ((at.Cost - left.Cost) / (energy * SensitivityStep)) - prices[s]);
                }
            }
        }

        return worst;
    }

    private static double[] Residual(GridCut cut, double[] prices) => prices.Select((p, s) => cut.MarginalPerKwh(s) - p).ToArray();

    private static double MaxAbs(double[] values) => values.Length == 0 ? 0 : values.Max(Math.Abs);

    /// <summary>ŷ = y_c + J (π − π_c), clipped at zero flow; null when it is the centre's flows.</summary>
    private static double[]? PredictedFlows(Centre centre, double[] prices, double[,] response)
    {
        var n = prices.Length;
        var flows = new double[n];
        var moved = 0.0;
        for (var r = 0; r < n; r++)
        {
            var change = 0.0;
            for (var c = 0; c < n; c++)
            {
                change += response[r, c] * (prices[c] - centre.Prices[c]);
            }

            flows[r] = Math.Max(0, centre.Assignment.StationFlows[r] + change);
            moved = Math.Max(moved, Math.Abs(flows[r] - centre.Assignment.StationFlows[r]));
        }

        return moved > 1e-9 ? flows : null;
    }

    /// <summary>The model's promised rise of the lower bound from the centre to the proposed weights (USD):
    /// Σ (w − w_c)_i ℓ_i(y_c) + ½ E dᵀJd, d = π − π_c.</summary>
    private static double PredictedRise(double[] values, List<double[]> marginals, Centre centre, double[] next, double[] prices, double[,]? response, double energy)
    {
        var rise = 0.0;
        for (var i = 0; i < next.Length; i++)
        {
            rise += (next[i] - (i < centre.Weights.Length ? centre.Weights[i] : 0)) * values[i];
        }

        if (response is not null)
        {
            var n = prices.Length;
            for (var r = 0; r < n; r++)
            {
                for (var c = 0; c < n; c++)
                {
                    rise += 0.5 * energy * (prices[r] - centre.Prices[r]) * response[r, c] * (prices[c] - centre.Prices[c]);
                }
            }
        }

        return rise;
    }

    private static double MaxDifference(double[] a, double[] b)
    {
        var max = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    private static double[] Combine(List<double[]> marginals, double[] weights, int stations)
    {
        var prices = new double[stations];
        for (var i = 0; i < weights.Length; i++)
        {
            for (var s = 0; s < stations; s++)
            {
                prices[s] += weights[i] * marginals[i][s];
            }
        }

        return prices;
    }

    /// <summary>J_rs = ∂y_r/∂π_s by one-sided differences (a price cut of <see cref="CoupledHourSettings.PriceStepForResponse"/>
    /// at each station in turn), symmetrised and projected onto the negative semidefinite cone: J is the Hessian of the
    /// concave assignment value in the prices (divided by κE), so it is symmetric and ⪯ 0; the projection removes the
    /// noise of the finite difference.</summary>
    private double[,] EstimateResponse(Centre at, CancellationToken cancellation, ref int spent)
    {
        var stations = _hour.StationCount;
        var delta = _settings.PriceStepForResponse;
        var raw = Matrix<double>.Build.Dense(stations, stations);
        for (var s = 0; s < stations; s++)
        {
            var shifted = (double[])at.Prices.Clone();
            shifted[s] -= delta;
            var moved = _hour.Assign(WithFee(shifted), at.Assignment, _settings.AssignmentGap, cancellation);
            spent += moved.Iterations;
            for (var r = 0; r < stations; r++)
            {
                raw[r, s] = (moved.StationFlows[r] - at.Assignment.StationFlows[r]) / -delta;
            }
        }

        return NegativePart((raw + raw.Transpose()) / 2);
    }

    /// <summary>Powell-symmetric-Broyden update of J with s = π − π_c, r = (y − y_c) − J s:
    /// J += (r sᵀ + s rᵀ)/(sᵀs) − (rᵀs) s sᵀ/(sᵀs)², then projected onto J ⪯ 0 (Dennis &amp; Moré 1977).</summary>
    private static void SecantUpdate(double[,] response, double[] fromPrices, double[] toPrices, double[] fromFlows, double[] toFlows)
    {
        var n = fromPrices.Length;
        var step = new double[n];
        var residual = new double[n];
        var norm = 0.0;
        for (var i = 0; i < n; i++)
        {
            step[i] = toPrices[i] - fromPrices[i];
            norm += step[i] * step[i];
        }

        if (!(norm > 1e-16))
        {
            return;
        }

        var rs = 0.0;
        for (var i = 0; i < n; i++)
        {
            residual[i] = toFlows[i] - fromFlows[i];
            for (var j = 0; j < n; j++)
            {
                residual[i] -= response[i, j] * step[j];
            }

            rs += residual[i] * step[i];
        }

        var updated = Matrix<double>.Build.Dense(n, n, (i, j) =>
            response[i, j] + (((residual[i] * step[j]) + (step[i] * residual[j])) / norm) - (rs * step[i] * step[j] / (norm * norm)));
        var projected = NegativePart(updated);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                response[i, j] = projected[i, j];
            }
        }
    }

    /// <summary>The nearest negative semidefinite matrix to a symmetric one (its eigenvalues clipped at 0).</summary>
    private static double[,] NegativePart(Matrix<double> symmetric)
    {
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        var eigen = evd.EigenValues.Select(e => Math.Min(0, e.Real)).ToArray();
        return (evd.EigenVectors * Matrix<double>.Build.DenseOfDiagonalArray(eigen) * evd.EigenVectors.Transpose()).ToArray();
    }

    /// <summary>The proximal weight of a first null step: the scale of the response's curvature (E·|J|), or one USD per
    /// (USD/kWh)² without an estimate.</summary>
    private double MinimumProximal(double[,]? response)
    {
        if (response is null)
        {
            return 1;
        }

        var largest = 0.0;
        for (var s = 0; s < _hour.StationCount; s++)
        {
            largest = Math.Max(largest, -response[s, s]);
        }

        return Math.Max(1e-6, _hour.EnergyPerChargeKwh * largest * 0.1);
    }

    private double[] WithFee(double[] energyPrices) => energyPrices.Select(p => p + _hour.ServiceFeePerKwh).ToArray();

    private CoupledHourResult Finish(
        SolveStatus status, string? message, double[] prices, double[]? weights, List<GridCut> cuts, AssignmentResult assignment, GridCut? grid,
        double relativeGap, double gridGap, List<CouplingIteration> log, int effort)
    {
        var stations = _hour.StationCount;
        var support = weights is null
            ? (grid is null ? [] : new List<(GridCut, double)> { (grid, 1.0) })
            : cuts.Take(weights.Length).Select((c, i) => (c, weights[i])).Where(p => p.Item2 > 0).ToList();
        var energyPart = new double[stations];
        var reactivePart = new double[stations];
        if (weights is null)
        {
            Array.Copy(prices, energyPart, stations);
        }
        else
        {
            foreach (var (cut, w) in support)
            {
                for (var s = 0; s < stations; s++)
                {
                    energyPart[s] += w * cut.EnergyPerKwh[s];
                    reactivePart[s] += w * cut.ReactivePerKwh[s];
                }
            }
        }

        return new CoupledHourResult(status, message, energyPart, reactivePart, assignment, grid, support, relativeGap, gridGap, log, effort);
    }

    private sealed record Centre(double[] Prices, double[] Weights, AssignmentResult Assignment, double Lower);
}
