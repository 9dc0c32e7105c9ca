namespace PlanningSolver.Traffic;

/// <summary>
/// The search direction of the Frank-Wolfe family as a target point s̄_k (joint class-major flows and their cost-term
/// totals) that the line search moves towards: FW takes the all-or-nothing point y (LeBlanc, Morlok and Pierskalla
/// 1975); CFW and BFW combine it with the previous targets (Mitradjieva and Lindberg 2013, "The stiff is moving —
/// conjugate direction Frank-Wolfe methods with application to traffic assignment", Transportation Science 47(2)).
/// Keeps the two previous targets; <see cref="Rotate"/> after each move.
/// </summary>
internal sealed class ConjugateDirection
{
    /// <summary>A step at or below this is "stuck at zero".</summary>
    public const double StuckStep = 1e-12;

    /// <summary>Conjugate weights at or above 1 − this are treated as degenerate (AequilibraE issue #124).</summary>
    private const double WeightMargin = 1e-6;

    private double[] _target;
    private double[] _previous;
    private double[] _beforePrevious;
    private double[] _targetTotal;
    private double[] _previousTotal;
    private double[] _beforePreviousTotal;

    /// <param name="joint">Length of the joint vectors (classes × arcs).</param>
    /// <param name="aggregates">Number of flow-dependent cost terms.</param>
    public ConjugateDirection(int joint, int aggregates)
    {
        _target = new double[joint];
        _previous = new double[joint];
        _beforePrevious = new double[joint];
        _targetTotal = new double[aggregates];
        _previousTotal = new double[aggregates];
        _beforePreviousTotal = new double[aggregates];
    }

    /// <summary>The chosen target's joint flows.</summary>
    public double[] Target => _target;

    /// <summary>The chosen target's cost-term totals.</summary>
    public double[] TargetTotal => _targetTotal;

    /// <summary>
    /// Sets the target from the all-or-nothing point (<paramref name="aon"/>, <paramref name="aonTotal"/>), the current
    /// totals and the slopes t' (H = diag(t')); returns true when a conjugate direction was used.
    /// </summary>
    /// <param name="history">How many previous targets are usable (0, 1 or 2).</param>
    /// <param name="previousStep">The previous line-search step τ.</param>
    public bool Choose(
        AssignmentAlgorithm algorithm, int history, double previousStep, double[] aon, double[] aonTotal, double[] total, double[] slope)
    {
        var stuck = !(previousStep > StuckStep);
        if (algorithm == AssignmentAlgorithm.FrankWolfe || history == 0 || stuck)
        {
            UseFrankWolfe(aon, aonTotal);
            return false;
        }

        if (algorithm == AssignmentAlgorithm.BiconjugateFrankWolfe && history >= 2 && previousStep < 1 - WeightMargin
            && TryBiconjugate(previousStep, aon, aonTotal, total, slope))
        {
            return true;
        }

        if (TryConjugate(aon, aonTotal, total, slope))
        {
            return true;
        }

        UseFrankWolfe(aon, aonTotal);
        return false;
    }

    /// <summary>Target = the all-or-nothing point.</summary>
    public void UseFrankWolfe(double[] aon, double[] aonTotal)
    {
        Array.Copy(aon, _target, aon.Length);
        Array.Copy(aonTotal, _targetTotal, aonTotal.Length);
    }

    /// <summary>The target becomes the previous one, the previous the one before.</summary>
    public void Rotate()
    {
        (_beforePrevious, _previous, _target) = (_previous, _target, _beforePrevious);
        (_beforePreviousTotal, _previousTotal, _targetTotal) = (_previousTotal, _targetTotal, _beforePreviousTotal);
    }

    /// <summary>
    /// CFW (Mitradjieva and Lindberg 2013, eq. for α_k): with d̄ = s̄_{k−1} − x and H = diag(t'),
    /// α = d̄ᵀH(y − x) / d̄ᵀH(y − s̄_{k−1}); target s̄_k = α s̄_{k−1} + (1 − α) y. Degenerate α → false.
    /// </summary>
    private bool TryConjugate(double[] aon, double[] aonTotal, double[] total, double[] slope)
    {
        double numerator = 0, denominator = 0, scale = 0;
        for (var m = 0; m < total.Length; m++)
        {
            var h = slope[m];
            if (h == 0)
            {
                continue;
            }

            var dBar = _previousTotal[m] - total[m];
            var toAon = aonTotal[m] - total[m];
            var toPrevious = aonTotal[m] - _previousTotal[m];
            numerator += h * dBar * toAon;
            denominator += h * dBar * toPrevious;
            scale += h * Math.Abs(dBar) * Math.Abs(toPrevious);
        }

        if (!Degenerate(denominator, scale) && numerator / denominator is var alpha && alpha >= 0 && alpha < 1 - WeightMargin)
        {
            Combine(1 - alpha, alpha, 0, aon, aonTotal);
            return true;
        }

        return false;
    }

    /// <summary>
    /// BFW (Mitradjieva and Lindberg 2013): with τ the previous step, d̄₁ = s̄_{k−1} − x,
    /// d̄₂ = τ s̄_{k−1} − x + (1 − τ) s̄_{k−2},
    /// μ = −d̄₂ᵀH(y − x) / d̄₂ᵀH(s̄_{k−2} − s̄_{k−1}), ν = μτ/(1 − τ) − d̄₁ᵀH(y − x) / d̄₁ᵀH d̄₁ (both clipped at 0),
    /// β₀ = 1/(1 + μ + ν), β₁ = νβ₀, β₂ = μβ₀; target s̄_k = β₀ y + β₁ s̄_{k−1} + β₂ s̄_{k−2}.
    /// </summary>
    private bool TryBiconjugate(double tau, double[] aon, double[] aonTotal, double[] total, double[] slope)
    {
        double muNumerator = 0, muDenominator = 0, muScale = 0, nuNumerator = 0, nuDenominator = 0;
        for (var m = 0; m < total.Length; m++)
        {
            var h = slope[m];
            if (h == 0)
            {
                continue;
            }

            var x = total[m];
            var s1 = _previousTotal[m];
            var s2 = _beforePreviousTotal[m];
            var toAon = aonTotal[m] - x;
            var d2 = (tau * s1) - x + ((1 - tau) * s2);
            var d1 = s1 - x;
            muNumerator += h * d2 * toAon;
            muDenominator += h * d2 * (s2 - s1);
            muScale += h * Math.Abs(d2) * Math.Abs(s2 - s1);
            nuNumerator += h * d1 * toAon;
            nuDenominator += h * d1 * d1;
        }

        if (Degenerate(muDenominator, muScale) || !(nuDenominator > 0))
        {
            return false;
        }

        var mu = Math.Max(0, -muNumerator / muDenominator);
        var nu = Math.Max(0, (mu * tau / (1 - tau)) - (nuNumerator / nuDenominator));
        if (!double.IsFinite(mu) || !double.IsFinite(nu))
        {
            return false;
        }

        var beta0 = 1 / (1 + mu + nu);
        Combine(beta0, nu * beta0, mu * beta0, aon, aonTotal);
        return true;
    }

    private static bool Degenerate(double denominator, double scale) =>
        !double.IsFinite(denominator) || !(scale > 0) || Math.Abs(denominator) <= 1e-12 * scale;

    /// <summary>target = w0 y + w1 s̄_{k−1} + w2 s̄_{k−2}, for the joint vector and its totals.</summary>
    private void Combine(double w0, double w1, double w2, double[] aon, double[] aonTotal)
    {
        for (var i = 0; i < _target.Length; i++)
        {
            _target[i] = (w0 * aon[i]) + (w1 * _previous[i]) + (w2 * _beforePrevious[i]);
        }

        for (var m = 0; m < _targetTotal.Length; m++)
        {
            _targetTotal[m] = (w0 * aonTotal[m]) + (w1 * _previousTotal[m]) + (w2 * _beforePreviousTotal[m]);
        }
    }
}
