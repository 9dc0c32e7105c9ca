namespace PlanningSolver.Surrogate.Tests;

/// <summary>
/// Standard global-optimisation test functions, as published in the Virtual Library of Simulation Experiments
/// (Surjanovic &amp; Bingham, sfu.ca/~ssurjano: branin.html, hart6.html), with their published minima.
/// </summary>
internal static class TestFunctions
{
    /// <summary>Published global minimum of Branin, at (−π, 12.275), (π, 2.275) and (9.42478, 2.475).</summary>
    public const double BraninMinimum = 0.397887;

    /// <summary>Published global minimum of Hartmann-6.</summary>
    public const double Hartmann6Minimum = -3.32237;

    /// <summary>Published minimiser of Hartmann-6.</summary>
    public static readonly double[] Hartmann6Argmin = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573];

    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];

    private static readonly double[,] A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 },
        { 0.05, 10, 17, 0.1, 8, 14 },
        { 3, 3.5, 1.7, 10, 17, 8 },
        { 17, 8, 0.05, 10, 0.1, 14 },
    };

    private static readonly double[,] P =
    {
        { 1312, 1696, 5569, 124, 8283, 5886 },
        { 2329, 4135, 8307, 3736, 1004, 9991 },
        { 2348, 1451, 3522, 2883, 3047, 6650 },
        { 4047, 8828, 8732, 5743, 1091, 381 },
    };

    /// <summary>Branin–Hoo on [−5, 10] × [0, 15].</summary>
    public static double Branin(IReadOnlyList<double> x)
    {
        const double a = 1.0, r = 6.0, s = 10.0;
        var b = 5.1 / (4 * Math.PI * Math.PI);
        var c = 5.0 / Math.PI;
        var t = 1.0 / (8 * Math.PI);
        var inner = x[1] - (b * x[0] * x[0]) + (c * x[0]) - r;
        return (a * inner * inner) + (s * (1 - t) * Math.Cos(x[0])) + s;
    }

    /// <summary>Hartmann-6 on [0, 1]^6.</summary>
    public static double Hartmann6(IReadOnlyList<double> x)
    {
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var inner = 0.0;
            for (var j = 0; j < 6; j++)
            {
                var d = x[j] - (1e-4 * P[i, j]);
                inner += A[i, j] * d * d;
            }

            sum += Alpha[i] * Math.Exp(-inner);
        }

        return -sum;
    }
}
