using PlanningSolver.Power;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>One hour evaluated at one price vector: the assignment at those prices and the OPF at the resulting loads.</summary>
/// <param name="Prices">π_s,t (USD/kWh) the drivers saw.</param>
/// <param name="Targets">π̂_s,t = DLMP of the station's bus + service fee at the resulting loads (USD/kWh); an hour whose
/// OPF failed has no DLMPs and keeps π̂ = π.</param>
/// <param name="Flows">y_s,t (EV/h).</param>
/// <param name="Grid">The OPF, or null when the assignment failed and the OPF was not solved.</param>
internal sealed record HourPoint(double[] Prices, double[] Targets, double[] Flows, AssignmentResult Assignment, OpfResult? Grid)
{
    public double UnservedMw => Grid is null || Grid.Buses.Count == 0 ? 0 : Grid.UnservedMw;

    /// <summary>r = π̂ − π, the fixed-point residual at this point.</summary>
    public double[] Residual() => Targets.Select((target, s) => target - Prices[s]).ToArray();
}

/// <summary>
/// The price update of the coupling loop for one hour (design.md §4): fixed-point steps along a residual direction,
/// the step length found by bracketing where the step overshoots, and at a grid limit the residual of the best averaged
/// target as the next direction and as the convergence measure.
/// </summary>
/// <remarks>
/// <para>
/// The problem. Hours are independent (hour t's assignment sees only hour t's prices, its OPF only hour t's loads), so
/// each hour solves its own fixed point π = π̂(π), π̂ = DLMP at the station buses + service fee (USD/kWh). Where the
/// feeder sits at a limit (voltage floor with load to shed, a DG unit at its bound) π̂ jumps with the prices: on
/// ring-33-s4 with every station at 60 kW, at 17:00, the DLMP at bus 17 jumps from 0.46 to 10.15 USD/kWh and those at
/// the other station buses by 2–8 USD/kWh when shedding starts, and the 4 DLMPs after the jump take two different
/// vectors depending on where the feeder sheds. No price vector then has π̂(π) = π: the equilibrium is "mixed", the
/// prices lie between the DLMPs on the sides of the limit and the flows are just what the feeder can serve. It is a
/// fixed point of the set-valued map whose value at the limit is the convex hull of the DLMPs around it (the
/// subdifferential of the OPF cost as a function of the bus loads). Plain or damped iteration jumps across it forever;
/// successive averages with weights 1/k (Sheffi 1985, §5.3) approach it only as 1/k, about 10⁵ iterations for a
/// 10 USD/kWh jump and a 10⁻⁴ tolerance.
/// </para>
/// <para>
/// The method. From an accepted evaluation (prices π₀) along a direction d (first its residual r₀ = π̂(π₀) − π₀), try
/// the full step π₀ + d. If σ(1) = ⟨r(π₀ + d), d⟩ ≥ 0 the step did not overshoot and is accepted: this is plain
/// fixed-point iteration, the path of every hour away from a limit. Otherwise σ changes sign on (0, 1] (σ(0) &gt; 0) and
/// the step α is bracketed — regula falsi with the Illinois modification (Dowell &amp; Jarratt 1971) and a bisection
/// safeguard, the way the Frank–Wolfe line search brackets the root of the objective's directional derivative
/// (Sheffi 1985, §4.1). Where the residuals at the bracket's ends differ by no more than twice its width (largest price)
/// plus the tolerance — what a map with slope ≤ 1 allows — σ is treated as continuous and its root, found to 10⁻³ of the
/// tolerance, becomes the next accepted point. Otherwise the residual jumps inside the bracket; once the bracket is
/// narrower than half the price resolution ρ the accepted point becomes the evaluation within ρ/2 of it with the least
/// unserved load, and the next direction the averaged residual r̄ = Σ θᵢ π̂ᵢ − π₀ over
/// the evaluations i within ρ of it, θ on the simplex minimising |r̄|₂ (the minimum-norm element of the gathered
/// DLMP-based prices, as in bundle and gradient-sampling methods: Wolfe 1975; Burke, Lewis &amp; Overton 2005; solved by
/// pairwise Frank–Wolfe steps with exact line search). This is successive averaging of the targets with the weights
/// chosen to make the averaged residual smallest instead of fixed at 1/k.
/// </para>
/// <para>
/// Convergence (the hour's residual, USD/kWh). Ordinary fixed point: |r|∞ ≤ tolerance at the newest evaluation and its
/// station flows within the tolerance (relative to 1 + flow) of the previous evaluation's. Fixed point at a limit:
/// |r̄|∞ ≤ tolerance at the accepted point, i.e. its prices are within the tolerance of a convex combination of
/// DLMP-based prices observed within ρ of them (an ε-enlargement of the DLMP map, Burachik, Iusem &amp; Svaiter 1997,
/// with ε the tolerance and ρ the radius). The hour's result is that evaluation — prices, the flows they induce and the
/// OPF at those flows, without unserved load whenever one within ρ/2 has none — so its DLMP at a station bus may differ
/// from the price minus the fee by up to the jump.
/// </para>
/// <para>
/// Known limit: where two limits bind in the same hour (on ring-33-s4 the main feeder towards bus 17 and the 26–33
/// lateral, with S5 and S8 both loaded) each line search finds one of them at a time and the search may not settle within
/// <see cref="CouplingOptions.MaxIterations"/>; the evaluation then ends at <c>iteration_limit</c> with the newest
/// evaluation of each unsettled hour.
/// </para>
/// </remarks>
internal sealed class HourlyPriceSearch
{
    private const int MaxSamples = 64;
    private const int QpIterations = 20_000;
    private readonly double _tolerance;
    private readonly double _resolution;
    private readonly List<HourPoint> _samples = [];
    private HourPoint? _base;
    private HourPoint? _last;
    private HourPoint? _result;
    private double[] _direction = [];
    private double _scale;
    private double _norm;
    private double _lo;
    private double _hi;
    private double _sigmaLo;
    private double _sigmaHi;
    private HourPoint? _atLo;
    private HourPoint? _atHi;
    private int _lastSide;
    private double _previousWidth;
    private double _widthBefore;

    /// <param name="tolerance">Residual tolerance (USD/kWh).</param>
    /// <param name="resolution">Price resolution ρ at a limit (USD/kWh): brackets close at ρ/2, averaged targets use the
    /// evaluations within ρ.</param>
    public HourlyPriceSearch(double tolerance, double resolution)
    {
        _tolerance = tolerance;
        _resolution = resolution;
    }

    /// <summary>The hour's result: the evaluation chosen at convergence; before it, the accepted point the current line
    /// search starts from (not one of its trial points, which may lie far on the other side of a limit).</summary>
    public HourPoint? Accepted => _result ?? _base ?? _last;

    public bool Done { get; private set; }

    /// <summary>The hour's residual as defined in the remarks; until the hour has converged, |π̂ − π|∞ at its accepted point
    /// (or at the last closed bracket, the averaged residual there); ∞ before the first evaluation.</summary>
    public double Residual { get; private set; } = double.PositiveInfinity;

    /// <summary>The step α of the last proposal along the current direction (1 = full step).</summary>
    public double Step { get; private set; } = 1;

    /// <summary>Takes the evaluation of the last proposed prices (the start prices first) and proposes the next ones.</summary>
    public double[] Observe(HourPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var previous = _last;
        _last = point;
        _samples.Add(point);
        if (_samples.Count > MaxSamples)
        {
            _samples.RemoveAt(0);
        }

        var residual = point.Residual();
        var size = MaxAbs(residual);
        var flowChange = previous is null ? double.PositiveInfinity : MaxRelativeChange(previous.Flows, point.Flows);
        if (size <= _tolerance && flowChange <= _tolerance)
        {
            Done = true;
            _result = point;
            Residual = Math.Max(size, flowChange);
            return point.Prices;
        }

        if (_base is null)
        {
            Residual = size;
            return StartFrom(point, residual);
        }

        var sigma = Dot(residual, _direction);
        if (double.IsNaN(_hi))
        {
            if (sigma >= 0)
            {
                // The full step did not overshoot along the direction: accept it (plain fixed-point iteration).
                Residual = Math.Max(size, flowChange);
                return StartFrom(point, residual);
            }

            _lo = 0;
            _sigmaLo = Dot(_base.Residual(), _direction);
            _atLo = _base;
        }

        // Regula falsi with the Illinois modification: an end retained twice in a row has its σ halved.
        if (sigma >= 0)
        {
            _lo = Step;
            _sigmaLo = sigma;
            _atLo = point;
            _sigmaHi = _lastSide > 0 ? _sigmaHi / 2 : _sigmaHi;
            _lastSide = 1;
        }
        else
        {
            _hi = Step;
            _sigmaHi = sigma;
            _atHi = point;
            _sigmaLo = _lastSide < 0 ? _sigmaLo / 2 : _sigmaLo;
            _lastSide = -1;
        }

        if (Math.Abs(sigma) <= _tolerance * _norm * 1e-3)
        {
            Residual = Math.Max(size, flowChange);
            return StartFrom(point, residual);
        }

        // A jump: the residuals at the bracket ends differ by more than a map with slope ≤ 1 could make them over the
        // bracket's width. Without one, the bracket closes at a root of a continuous σ, and the iteration goes on from there.
        var width = (_hi - _lo) * _scale;
        var jump = MaxAbs(Subtract(_atLo!.Residual(), _atHi!.Residual())) > (2 * width) + _tolerance;
        if (!jump && width <= _tolerance * 1e-3)
        {
            Residual = Math.Max(size, flowChange);
            return StartFrom(point, residual);
        }

        if (width > _resolution / 2 || !jump)
        {
            // Regula falsi point, or the midpoint when the bracket did not halve over the last two trials (safeguard).
            var halved = _hi - _lo <= 0.5 * _widthBefore;
            _widthBefore = _previousWidth;
            _previousWidth = _hi - _lo;
            var falsi = _sigmaLo / (_sigmaLo - _sigmaHi);
            return Propose(_lo + ((_hi - _lo) * (halved ? Math.Clamp(falsi, 0.01, 0.99) : 0.5)));
        }

        // Bracket closed at a jump of the residual within ρ/2. Keep the evaluation near it with the least unserved load (the
        // newest on a tie) and average the targets of the evaluations within ρ of it.
        var end = _atHi.UnservedMw < _atLo.UnservedMw ? _atHi : _atLo;
        var keep = _samples.Where(p => MaxAbs(Subtract(p.Prices, end.Prices)) <= _resolution / 2)
            .OrderBy(p => p.UnservedMw).ThenByDescending(p => _samples.IndexOf(p)).First();
        var averaged = AveragedResidual(keep);
        Residual = MaxAbs(averaged);
        if (Residual <= _tolerance)
        {
            Done = true;
            _result = keep;
            return keep.Prices;
        }

        return StartFrom(keep, averaged);
    }

    private double[] StartFrom(HourPoint point, double[] direction)
    {
        _base = point;
        _direction = direction;
        _scale = MaxAbs(direction);
        _norm = Math.Sqrt(Dot(direction, direction));
        _hi = double.NaN;
        _atHi = null;
        _lastSide = 0;
        _previousWidth = double.PositiveInfinity;
        _widthBefore = double.PositiveInfinity;
        return Propose(1);
    }

    private double[] Propose(double alpha)
    {
        Step = alpha;
        var start = _base!.Prices;
        var next = new double[start.Length];
        for (var s = 0; s < start.Length; s++)
        {
            next[s] = start[s] + (alpha * _direction[s]);
        }

        return next;
    }

    /// <summary>
    /// Σ θᵢ π̂ᵢ − π over the evaluations i within ρ of π (largest price difference), θ on the simplex minimising its
    /// Euclidean norm (pairwise Frank–Wolfe steps with exact line search, Lacoste-Julien &amp; Jaggi 2015).
    /// </summary>
    private double[] AveragedResidual(HourPoint at)
    {
        var near = _samples.Where(p => MaxAbs(Subtract(p.Prices, at.Prices)) <= _resolution).ToList();
        var vectors = near.Select(p => Subtract(p.Targets, at.Prices)).ToArray();
        var m = vectors.Length;
        var gram = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                gram[i, j] = gram[j, i] = Dot(vectors[i], vectors[j]);
            }
        }

        var theta = new double[m];
        theta[near.IndexOf(at)] = 1;
        var gradient = new double[m];
        for (var iteration = 0; iteration < QpIterations; iteration++)
        {
            for (var i = 0; i < m; i++)
            {
                gradient[i] = 0;
                for (var j = 0; j < m; j++)
                {
                    gradient[i] += 2 * gram[i, j] * theta[j];
                }
            }

            int toward = 0, away = -1;
            for (var i = 0; i < m; i++)
            {
                toward = gradient[i] < gradient[toward] ? i : toward;
                away = theta[i] > 0 && (away < 0 || gradient[i] > gradient[away]) ? i : away;
            }

            var gap = gradient[away] - gradient[toward];
            var curvature = 2 * (gram[toward, toward] + gram[away, away] - (2 * gram[toward, away]));
            if (toward == away || gap <= 1e-18 || curvature <= 0)
            {
                break;
            }

            var step = Math.Min(theta[away], gap / curvature);
            theta[toward] += step;
            theta[away] -= step;
        }

        var result = new double[at.Prices.Length];
        for (var i = 0; i < m; i++)
        {
            for (var s = 0; s < result.Length; s++)
            {
                result[s] += theta[i] * vectors[i][s];
            }
        }

        return result;
    }

    private static double[] Subtract(double[] a, double[] b) => a.Select((x, s) => x - b[s]).ToArray();

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double MaxAbs(double[] values) => values.Length == 0 ? 0 : values.Max(Math.Abs);

    internal static double MaxRelativeChange(double[] before, double[] after)
    {
        var max = 0.0;
        for (var s = 0; s < before.Length; s++)
        {
            max = Math.Max(max, Math.Abs(after[s] - before[s]) / (1 + Math.Abs(before[s])));
        }

        return max;
    }
}
