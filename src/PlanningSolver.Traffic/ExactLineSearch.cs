namespace PlanningSolver.Traffic;

/// <summary>
/// Exact line search on the Beckmann objective along <c>x + λ d</c>, λ ∈ [0, 1]: finds the root of the directional
/// derivative <c>φ'(λ) = Σ t_m(X_m + λ D_m) D_m + F</c> (monotone, because every cost term is non-decreasing) by
/// Newton steps safeguarded with bisection, to ~1e-12 in λ. Works on aggregated (total) flows only.
/// </summary>
internal static class ExactLineSearch
{
    public const double Tolerance = 1e-12;

    /// <param name="delay">Cost term per aggregate (null = closed, its direction must be 0).</param>
    /// <param name="flow">Aggregated current flow X.</param>
    /// <param name="direction">Aggregated direction D.</param>
    /// <param name="fixedSlope">F = Σ fixed cost · direction over all classes and arcs.</param>
    /// <param name="slopeAtZero">φ'(0), the directional derivative at the current point.</param>
    public static double Search(
        VolumeDelayFunction?[] delay, double[] flow, double[] direction, double fixedSlope, out double slopeAtZero)
    {
        slopeAtZero = Slope(delay, flow, direction, fixedSlope, 0, out _);
        if (!(slopeAtZero < 0))
        {
            return 0;
        }

        var g1 = Slope(delay, flow, direction, fixedSlope, 1, out _);
        if (g1 <= 0)
        {
            return 1;
        }

        double lo = 0, hi = 1;
        var lambda = slopeAtZero / (slopeAtZero - g1);
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var g = Slope(delay, flow, direction, fixedSlope, lambda, out var curvature);
            if (g == 0)
            {
                return lambda;
            }

            if (g < 0)
            {
                lo = lambda;
            }
            else
            {
                hi = lambda;
            }

            if (hi - lo <= Tolerance)
            {
                return 0.5 * (lo + hi);
            }

            var next = lambda - (g / curvature);
            if (!(curvature > 0) || !(next > lo && next < hi))
            {
                next = 0.5 * (lo + hi);
            }
            else if (Math.Abs(next - lambda) <= 0.1 * Tolerance)
            {
                return next;
            }

            lambda = next;
        }

        return lambda;
    }

    /// <summary>φ'(λ) and φ''(λ).</summary>
    public static double Slope(VolumeDelayFunction?[] delay, double[] flow, double[] direction, double fixedSlope, double lambda, out double curvature)
    {
        var slope = fixedSlope;
        var second = 0.0;
        for (var m = 0; m < direction.Length; m++)
        {
            var d = direction[m];
            if (d == 0)
            {
                continue;
            }

            delay[m]!.TimeAndDerivative(flow[m] + (lambda * d), out var t, out var dt);
            slope += t * d;
            second += dt * d * d;
        }

        curvature = second;
        return slope;
    }
}
