using MathNet.Numerics.LinearAlgebra;

namespace PlanningSolver.Surrogate;

/// <summary>
/// Cubic radial basis function interpolant with a linear tail,
/// s(x) = Σᵢ λᵢ ‖x − xᵢ‖³ + c₀ + Σⱼ cⱼ xⱼ, with Σᵢ λᵢ = 0 and Σᵢ λᵢ xᵢ = 0 (Powell 1992; Regis &amp; Shoemaker 2007).
/// Coefficients solve the saddle-point system [Φ P; Pᵀ 0] [λ; c] = [f; 0], Φᵢₖ = ‖xᵢ − xₖ‖³, P = [1 X].
/// Coordinates are used as given; callers pass unit-box coordinates (see <see cref="DiscreteProblem.ToUnit"/>).
/// </summary>
/// <remarks>
/// <para><b>Refitting.</b> <see cref="Add"/> appends points: only the new kernel entries are computed (O(n·k·d) for k
/// new points) and the LU factorisation of the (n+d+1)² system is redone on the next <see cref="Fit"/> (O(n³) with
/// MathNet's managed LU: 15–25 ms at n = 200 and 0.1–0.2 s at n = 400 on the shared 2-core build machine, once per
/// batch, far below one planning evaluation). <see cref="Fit"/> with new values for the same
/// points reuses the factorisation, O(n²). A bordered (Schur-complement) update would make appends O(n²); it is not
/// worth it at the evaluation budgets of this tool.</para>
/// <para><b>Degenerate data.</b> With unisolvent points (P of full column rank, e.g. at least d+1 points not on a
/// hyperplane) the system is non-singular. When LU fails or leaves a residual above 1e-8 relative, the system is
/// solved again with <see cref="Regularization"/> added to Φ's diagonal and a minimum-norm least-squares solution
/// (SVD); <see cref="Degenerate"/> reports it.</para>
/// </remarks>
public sealed class CubicRbf
{
    private readonly List<double[]> _points = [];
    private double[,] _phi = new double[0, 0];
    private Matrix<double>? _system;
    private MathNet.Numerics.LinearAlgebra.Factorization.LU<double>? _lu;
    private MathNet.Numerics.LinearAlgebra.Factorization.Svd<double>? _svd;
    private double[] _lambda = [];
    private double[] _tail = [];

    public CubicRbf(int dimension, double regularization = 1e-10)
    {
        if (dimension <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be > 0");
        }

        Dimension = dimension;
        Regularization = regularization;
    }

    public int Dimension { get; }

    /// <summary>Diagonal shift of Φ used only on the fallback path for degenerate data.</summary>
    public double Regularization { get; }

    public int Count => _points.Count;

    /// <summary>True after a fit that needed the regularised least-squares fallback.</summary>
    public bool Degenerate { get; private set; }

    /// <summary>True once <see cref="Fit"/> has produced coefficients for the current points.</summary>
    public bool IsFitted { get; private set; }

    /// <summary>The kernel φ(r) = r³.</summary>
    public static double Kernel(double r) => r * r * r;

    /// <summary>RBF weights λ (one per point) of the last fit.</summary>
    public IReadOnlyList<double> Weights => _lambda;

    /// <summary>Tail coefficients c₀, c₁…c_d of the last fit.</summary>
    public IReadOnlyList<double> Tail => _tail;

    /// <summary>Appends a data point (coordinates are copied). Values are given to <see cref="Fit"/>.</summary>
    public void Add(ReadOnlySpan<double> x)
    {
        if (x.Length != Dimension)
        {
            throw new ArgumentException($"point has {x.Length} coordinates, the model {Dimension}", nameof(x));
        }

        var n = _points.Count;
        if (n + 1 > _phi.GetLength(0))
        {
            var grown = new double[Math.Max(16, 2 * (n + 1)), Math.Max(16, 2 * (n + 1))];
            for (var i = 0; i < n; i++)
            {
                for (var k = 0; k < n; k++)
                {
                    grown[i, k] = _phi[i, k];
                }
            }

            _phi = grown;
        }

        var copy = x.ToArray();
        for (var i = 0; i < n; i++)
        {
            var v = Kernel(Distance(_points[i], copy));
            _phi[i, n] = v;
            _phi[n, i] = v;
        }

        _phi[n, n] = 0;
        _points.Add(copy);
        _system = null;
        _lu = null;
        _svd = null;
        IsFitted = false;
    }

    /// <summary>Fits the interpolant to <paramref name="values"/> (one per point, in the order added).</summary>
    public void Fit(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = _points.Count;
        if (values.Count != n)
        {
            throw new ArgumentException($"{values.Count} values for {n} points", nameof(values));
        }

        if (n == 0)
        {
            throw new InvalidOperationException("no data points");
        }

        var d = Dimension;
        var m = n + d + 1;
        var rhs = Vector<double>.Build.Dense(m);
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"value {i} is not finite", nameof(values));
            }

            rhs[i] = values[i];
        }

        if (_system is null)
        {
            _system = Assemble(0.0);
            _lu = _system.LU();
            _svd = null;
            Degenerate = TinyPivot(_lu);
        }

        Vector<double>? solution = null;
        if (!Degenerate)
        {
            solution = _lu!.Solve(rhs);
            if (!Acceptable(solution, rhs))
            {
                Degenerate = true;
                solution = null;
            }
        }

        if (Degenerate)
        {
            _svd ??= Assemble(Regularization).Svd(computeVectors: true);
            solution = PseudoInverseSolve(_svd, rhs);
        }

        _lambda = new double[n];
        for (var i = 0; i < n; i++)
        {
            _lambda[i] = solution![i];
        }

        _tail = new double[d + 1];
        for (var j = 0; j <= d; j++)
        {
            _tail[j] = solution![n + j];
        }

        IsFitted = true;
    }

    /// <summary>The interpolant's value at <paramref name="x"/>.</summary>
    public double Predict(ReadOnlySpan<double> x)
    {
        if (!IsFitted)
        {
            throw new InvalidOperationException("call Fit first");
        }

        if (x.Length != Dimension)
        {
            throw new ArgumentException($"point has {x.Length} coordinates, the model {Dimension}", nameof(x));
        }

        var s = _tail[0];
        for (var j = 0; j < Dimension; j++)
        {
            s += _tail[j + 1] * x[j];
        }

        for (var i = 0; i < _points.Count; i++)
        {
            s += _lambda[i] * Kernel(Distance(_points[i], x));
        }

        return s;
    }

    /// <summary>Euclidean distance from <paramref name="x"/> to the nearest data point (+∞ without data).</summary>
    public double DistanceToNearest(ReadOnlySpan<double> x)
    {
        var best = double.PositiveInfinity;
        foreach (var p in _points)
        {
            best = Math.Min(best, Distance(p, x));
        }

        return best;
    }

    /// <summary>Euclidean distance.</summary>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            var t = a[j] - b[j];
            sum += t * t;
        }

        return Math.Sqrt(sum);
    }

    private Matrix<double> Assemble(double shift)
    {
        var n = _points.Count;
        var d = Dimension;
        var a = Matrix<double>.Build.Dense(n + d + 1, n + d + 1);
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < n; k++)
            {
                a[i, k] = _phi[i, k];
            }

            a[i, i] += shift;
            a[i, n] = 1.0;
            a[n, i] = 1.0;
            for (var j = 0; j < d; j++)
            {
                a[i, n + 1 + j] = _points[i][j];
                a[n + 1 + j, i] = _points[i][j];
            }
        }

        return a;
    }

    /// <summary>
    /// Residual check of the LU solution, computed from the stored kernel entries (plain loops: MathNet's
    /// matrix-vector product spins up threads for this size): |A x − b|∞ ≤ 1e-8 (|b|∞ + |A|∞ |x|∞).
    /// </summary>
    private bool Acceptable(Vector<double> x, Vector<double> b)
    {
        var n = _points.Count;
        var d = Dimension;
        var m = n + d + 1;
        for (var i = 0; i < m; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                return false;
            }
        }

        double residual = 0, rowMax = 0;
        for (var i = 0; i < n; i++)
        {
            double r = x[n], row = 1.0;
            for (var k = 0; k < n; k++)
            {
                r += _phi[i, k] * x[k];
                row += Math.Abs(_phi[i, k]);
            }

            for (var j = 0; j < d; j++)
            {
                r += _points[i][j] * x[n + 1 + j];
                row += Math.Abs(_points[i][j]);
            }

            residual = Math.Max(residual, Math.Abs(r - b[i]));
            rowMax = Math.Max(rowMax, row);
        }

        for (var j = -1; j < d; j++)
        {
            double r = 0, row = 0;
            for (var k = 0; k < n; k++)
            {
                var p = j < 0 ? 1.0 : _points[k][j];
                r += p * x[k];
                row += Math.Abs(p);
            }

            residual = Math.Max(residual, Math.Abs(r));
            rowMax = Math.Max(rowMax, row);
        }

        var scale = b.InfinityNorm() + (rowMax * x.InfinityNorm());
        return residual <= 1e-8 * Math.Max(scale, double.Epsilon);
    }

    /// <summary>Minimum-norm least-squares solution V Σ⁺ Uᵀ b, singular values below 1e-12 of the largest treated as 0.</summary>
    private static Vector<double> PseudoInverseSolve(MathNet.Numerics.LinearAlgebra.Factorization.Svd<double> svd, Vector<double> b)
    {
        var s = svd.S;
        var cutoff = 1e-12 * (s.Count > 0 ? s[0] : 0.0);
        var utb = svd.U.TransposeThisAndMultiply(b);
        for (var i = 0; i < utb.Count; i++)
        {
            utb[i] = i < s.Count && s[i] > cutoff ? utb[i] / s[i] : 0.0;
        }

        return svd.VT.TransposeThisAndMultiply(utb);
    }

    /// <summary>A pivot below 1e-13 of the largest means a (numerically) singular system, e.g. collinear points.</summary>
    private static bool TinyPivot(MathNet.Numerics.LinearAlgebra.Factorization.LU<double> lu)
    {
        var u = lu.U;
        var max = 0.0;
        var min = double.PositiveInfinity;
        for (var i = 0; i < u.RowCount; i++)
        {
            var v = Math.Abs(u[i, i]);
            max = Math.Max(max, v);
            min = Math.Min(min, v);
        }

        return !(min > 1e-13 * max);
    }
}
