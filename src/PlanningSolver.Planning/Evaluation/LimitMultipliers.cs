using MathNet.Numerics.LinearAlgebra;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>
/// Newton steps on the multipliers μ ≥ 0 of the grid limits that bind at the master's flows y*, for the prices
/// <c>π(μ) = λ₀ + Âᵀμ</c> (λ₀ the smooth part of the marginal grid cost, the rows Â the limits' sensitivities to the
/// station flows, each scaled to a largest entry of 1: <see cref="PlanningSolver.Power.BindingLimit"/>). Every such π is
/// a subgradient of G_t at a point of the kink, so the search only has to make the traffic meet the limits: the residual
/// <c>r(μ) = g(y(π(μ)))</c>, the limits' excess at the flows (to first order Â (y − y*)), is the gradient (over E) of the concave Lagrangian dual of the side-constrained
/// assignment <c>min B/κ + λ₀·E y  s.t.  Â y ≤ Â y*</c>, whose Hessian is <c>M = Â J Âᵀ ⪯ 0</c> with J the stations'
/// price response (estimated by finite differences, <see cref="CoupledHourSolver"/>).
/// </summary>
internal sealed class LimitMultipliers
{
    /// <summary>Eigenvalues of M below this fraction of the largest are taken as no response (no step along them).</summary>
    private const double NullResponse = 1e-9;

    private readonly double[][] _rows;
    private readonly double[] _scales;
    private readonly Matrix<double> _hessian;

    /// <param name="rows">Each binding limit's ∂g/∂y_s (any positive scale).</param>
    /// <param name="response">J_rs = ∂y_r/∂π_s (EV/h per USD/kWh), symmetric and ⪯ 0.</param>
    public LimitMultipliers(IReadOnlyList<double[]> rows, double[,] response)
    {
        _scales = [.. rows.Select(r => r.Max(Math.Abs) is var largest && largest > 0 ? largest : 1)];
        _rows = [.. rows.Select((r, a) => r.Select(x => x / _scales[a]).ToArray())];
        var n = response.GetLength(0);
        var m = _rows.Length;
        _hessian = Matrix<double>.Build.Dense(m, m, (a, b) =>
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    sum += _rows[a][i] * response[i, j] * _rows[b][j];
                }
            }

            return sum;
        });
    }

    public int Count => _rows.Length;

    /// <summary>∂r_a/∂μ_a from the estimated response (negative), the first slope of a one-limit search.</summary>
    public double Slope(int limit) => _hessian[limit, limit];

    /// <summary>π₀ + Âᵀθ, not below zero.</summary>
    public double[] Prices(double[] origin, double[] theta)
    {
        var prices = (double[])origin.Clone();
        for (var a = 0; a < _rows.Length; a++)
        {
            for (var s = 0; s < prices.Length; s++)
            {
                prices[s] += theta[a] * _rows[a][s];
            }
        }

        return [.. prices.Select(p => Math.Max(0, p))];
    }

    /// <summary>r: each limit's excess at the flows (from a power flow, in the limit's units) over its row's scale, the
    /// EV/h along the scaled row by which the flows overshoot it; to first order Â (y − y*) with y* on the limits.</summary>
    public double[] Residual(double[] excess) => [.. excess.Select((e, a) => e / _scales[a])];

    /// <summary>The multipliers whose rows best explain a price difference (least squares, ÂÂᵀμ = Â·difference).</summary>
    public double[] Fit(double[] difference)
    {
        var m = _rows.Length;
        var gram = Matrix<double>.Build.Dense(m, m, (a, b) => _rows[a].Select((x, s) => x * _rows[b][s]).Sum());
        var rhs = Vector<double>.Build.Dense(m, a => _rows[a].Select((x, s) => x * difference[s]).Sum());
        return Pseudo(gram, rhs);
    }

    /// <summary>The part of a price difference off the rows' span (what no multiplier explains): v − ÂᵀFit(v).</summary>
    public double[] OffRows(double[] difference)
    {
        var along = Fit(difference);
        var off = (double[])difference.Clone();
        for (var a = 0; a < _rows.Length; a++)
        {
            for (var s = 0; s < off.Length; s++)
            {
                off[s] -= along[a] * _rows[a][s];
            }
        }

        return off;
    }

    /// <summary>The Newton step −M⁺ r on the limits marked active (the others keep their multiplier), on the range of M
    /// (where the traffic responds).</summary>
    public double[] Step(double[] residual, bool[] active)
    {
        var index = Enumerable.Range(0, _rows.Length).Where(a => active[a]).ToArray();
        var step = new double[_rows.Length];
        if (index.Length == 0)
        {
            return step;
        }

        var block = Matrix<double>.Build.Dense(index.Length, index.Length, (a, b) => _hessian[index[a], index[b]]);
        var solved = Pseudo(block, Vector<double>.Build.Dense(index.Length, a => -residual[index[a]]));
        for (var a = 0; a < index.Length; a++)
        {
            step[index[a]] = solved[a];
        }

        return step;
    }

    /// <summary>x = A⁺ b for a symmetric A, on the eigenvectors whose eigenvalues are not negligible.</summary>
    private static double[] Pseudo(Matrix<double> symmetric, Vector<double> rhs)
    {
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        var largest = evd.EigenValues.Select(e => Math.Abs(e.Real)).DefaultIfEmpty(0).Max();
        var x = new double[rhs.Count];
        for (var i = 0; i < rhs.Count; i++)
        {
            var lambda = evd.EigenValues[i].Real;
            if (!(largest > 0) || Math.Abs(lambda) <= NullResponse * largest)
            {
                continue;
            }

            var q = evd.EigenVectors.Column(i);
            var along = q.DotProduct(rhs) / lambda;
            for (var a = 0; a < x.Length; a++)
            {
                x[a] += along * q[a];
            }
        }

        return x;
    }

    /// <summary>The largest price move |Âᵀ step| over the stations (USD/kWh).</summary>
    public double PriceMove(double[] step)
    {
        var n = _rows.Length == 0 ? 0 : _rows[0].Length;
        var largest = 0.0;
        for (var s = 0; s < n; s++)
        {
            var move = 0.0;
            for (var a = 0; a < _rows.Length; a++)
            {
                move += step[a] * _rows[a][s];
            }

            largest = Math.Max(largest, Math.Abs(move));
        }

        return largest;
    }
}
