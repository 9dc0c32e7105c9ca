namespace PlanningSolver.Surrogate.Tests;

public sealed class CubicRbfTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.125)]
    [InlineData(2.0, 8.0)]
    public void Kernel_is_r_cubed(double r, double expected) =>
        // φ(r) = r³ by definition (Regis & Shoemaker 2007, eq. for the cubic RBF).
        Assert.Equal(expected, CubicRbf.Kernel(r));

    [Fact]
    public void Three_point_fit_matches_the_hand_solution()
    {
        // Hand derivation: x = 0, 0.5, 1 with f = 0, 1, 0. Φ = [[0, 1/8, 1], [1/8, 0, 1/8], [1, 1/8, 0]].
        // By symmetry λ = (a, −2a, a), which meets Σλ = 0 and Σλx = 0. Row 1: −a/4 + a + c0 = 0; row 3 gives c1 = 0;
        // row 2: a/4 + c0 = 1 ⇒ a = −2, c0 = 1.5. Then s(0.25) = −2(1/64) + 4(1/64) − 2(27/64) + 1.5 = 0.6875.
        var rbf = new CubicRbf(1);
        rbf.Add([0.0]);
        rbf.Add([0.5]);
        rbf.Add([1.0]);
        rbf.Fit([0.0, 1.0, 0.0]);
        Assert.False(rbf.Degenerate);
        Assert.Equal(-2.0, rbf.Weights[0], 12);
        Assert.Equal(4.0, rbf.Weights[1], 12);
        Assert.Equal(-2.0, rbf.Weights[2], 12);
        Assert.Equal(1.5, rbf.Tail[0], 12);
        Assert.Equal(0.0, rbf.Tail[1], 12);
        Assert.Equal(0.6875, rbf.Predict([0.25]), 12);
        Assert.Equal(0.6875, rbf.Predict([0.75]), 12);
    }

    [Fact]
    public void Reproduces_the_data_at_the_data_points()
    {
        // Interpolation conditions s(xᵢ) = fᵢ define the fit; they must hold to 1e-8.
        var rng = new Random(3);
        var (points, values) = Sample(rng, 40, 3, x => Math.Sin(5 * x[0]) + (x[1] * x[2]) + Math.Exp(x[2]));
        var rbf = Fit(points, values);
        for (var i = 0; i < points.Length; i++)
        {
            Assert.True(Math.Abs(rbf.Predict(points[i]) - values[i]) <= 1e-8, $"point {i}: {rbf.Predict(points[i])} vs {values[i]}");
        }
    }

    [Fact]
    public void Reproduces_a_linear_function_everywhere()
    {
        // The interpolant is unique for unisolvent data and a linear function interpolates itself with λ = 0 (Powell 1992),
        // so the fit equals f = 2 + 3x − y + 0.5z away from the data too.
        static double F(double[] x) => 2 + (3 * x[0]) - x[1] + (0.5 * x[2]);
        var rng = new Random(5);
        var (points, values) = Sample(rng, 20, 3, F);
        var rbf = Fit(points, values);
        Assert.All(rbf.Weights, w => Assert.True(Math.Abs(w) <= 1e-9, $"λ = {w}"));
        for (var k = 0; k < 50; k++)
        {
            var x = new[] { rng.NextDouble(), rng.NextDouble(), rng.NextDouble() };
            Assert.True(Math.Abs(rbf.Predict(x) - F(x)) <= 1e-9, $"at {string.Join(",", x)}");
        }
    }

    [Fact]
    public void Appending_points_gives_the_same_fit_as_a_fresh_one()
    {
        var rng = new Random(11);
        var (points, values) = Sample(rng, 25, 4, x => x.Sum(v => v * v) + Math.Cos(3 * x[0]));
        var incremental = new CubicRbf(4);
        for (var i = 0; i < 15; i++)
        {
            incremental.Add(points[i]);
        }

        incremental.Fit(values[..15]);
        for (var i = 15; i < 25; i++)
        {
            incremental.Add(points[i]);
        }

        incremental.Fit(values);
        var fresh = Fit(points, values);
        for (var k = 0; k < 20; k++)
        {
            var x = Enumerable.Range(0, 4).Select(_ => rng.NextDouble()).ToArray();
            Assert.Equal(fresh.Predict(x), incremental.Predict(x), 10);
        }

        // New values for the same points reuse the factorisation.
        var shifted = values.Select(v => (2 * v) + 1).ToArray();
        incremental.Fit(shifted);
        for (var i = 0; i < points.Length; i++)
        {
            Assert.True(Math.Abs(incremental.Predict(points[i]) - shifted[i]) <= 1e-8);
        }
    }

    [Fact]
    public void Collinear_points_fall_back_to_least_squares_and_still_interpolate()
    {
        // Points on the line y = x in 2-D: P = [1 x x] is rank deficient, the saddle-point system singular.
        var rbf = new CubicRbf(2);
        double[] t = [0.0, 0.3, 0.5, 0.9];
        foreach (var v in t)
        {
            rbf.Add([v, v]);
        }

        var f = t.Select(v => v * v).ToArray();
        rbf.Fit(f);
        Assert.True(rbf.Degenerate);
        for (var i = 0; i < t.Length; i++)
        {
            Assert.True(Math.Abs(rbf.Predict([t[i], t[i]]) - f[i]) <= 1e-6);
        }
    }

    [Fact]
    public void Distance_to_nearest_point_is_euclidean()
    {
        var rbf = new CubicRbf(2);
        rbf.Add([0.0, 0.0]);
        rbf.Add([1.0, 0.0]);
        Assert.Equal(Math.Sqrt(0.5), rbf.DistanceToNearest([0.5, 0.5]), 14);
        Assert.Equal(0.0, rbf.DistanceToNearest([1.0, 0.0]));
    }

    private static (double[][] Points, double[] Values) Sample(Random rng, int n, int d, Func<double[], double> f)
    {
        var points = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        return (points, points.Select(f).ToArray());
    }

    private static CubicRbf Fit(double[][] points, double[] values)
    {
        var rbf = new CubicRbf(points[0].Length);
        foreach (var p in points)
        {
            rbf.Add(p);
        }

        rbf.Fit(values);
        return rbf;
    }
}
