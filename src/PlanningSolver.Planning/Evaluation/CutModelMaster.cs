namespace PlanningSolver.Planning.Evaluation;

/// <summary>
/// The master problem of the coupled hour (see <see cref="CoupledHourSolver"/>): the charging prices as a convex
/// combination π = Σ_i w_i λ_i of the gathered cuts' marginal grid costs, w on the simplex, maximising the model
/// <c>Σ_i w_i ℓ_i(ŷ) + ½ dᵀ K d</c> with d = π − π_c, ŷ the stations' response at the centre π_c and K = E·J − ρI ⪯ 0
/// (J the stations' price response, ρ a proximal weight). Its optimality condition is that every cut with weight ties
/// as the largest at the predicted response ŷ + J d: π is a subgradient of the cut model of the grid cost there, the
/// linearised equilibrium of design.md §4. Concave over the simplex; solved by pairwise Frank–Wolfe steps with exact
/// line search (Lacoste-Julien &amp; Jaggi 2015, "On the global linear convergence of Frank-Wolfe optimization variants").
/// </summary>
internal static class CutModelMaster
{
    private const int MaxIterations = 20_000;

    /// <param name="values">ℓ_i(ŷ), each cut's value at the centre's response (USD).</param>
    /// <param name="marginals">λ_i per cut (USD/kWh per station).</param>
    /// <param name="centre">π_c (USD/kWh per station).</param>
    /// <param name="curvature">K (S×S, negative semidefinite), USD per (USD/kWh)².</param>
    /// <param name="weights">Start weights on the simplex; overwritten with the solution.</param>
    public static void Solve(IReadOnlyList<double> values, IReadOnlyList<double[]> marginals, double[] centre, double[,] curvature, double[] weights)
    {
        var m = values.Count;
        var stations = centre.Length;
        var d = new double[stations];
        var kd = new double[stations];
        var gradient = new double[m];
        var move = new double[stations];
        var kMove = new double[stations];
        for (var s = 0; s < stations; s++)
        {
            for (var i = 0; i < m; i++)
            {
                d[s] += weights[i] * marginals[i][s];
            }

            d[s] -= centre[s];
        }

        Multiply(curvature, d, kd);
        var scale = 1.0;
        for (var i = 0; i < m; i++)
        {
            scale = Math.Max(scale, Math.Abs(values[i]));
        }

        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            int toward = 0, away = -1;
            for (var i = 0; i < m; i++)
            {
                gradient[i] = values[i] + Dot(marginals[i], kd);
                toward = gradient[i] > gradient[toward] ? i : toward;
                away = weights[i] > 0 && (away < 0 || gradient[i] < gradient[away]) ? i : away;
            }

            var gap = gradient[toward] - gradient[away];
            if (toward == away || gap <= 1e-14 * scale)
            {
                return;
            }

            for (var s = 0; s < stations; s++)
            {
                move[s] = marginals[toward][s] - marginals[away][s];
            }

            Multiply(curvature, move, kMove);
            var q = Dot(move, kMove);
            var available = weights[away];
            var step = q < 0 ? Math.Min(available, gap / -q) : available;
            weights[toward] += step;
            weights[away] = step >= available ? 0 : available - step;

            for (var s = 0; s < stations; s++)
            {
                kd[s] += step * kMove[s];
            }
        }
    }

    private static void Multiply(double[,] matrix, double[] vector, double[] result)
    {
        for (var r = 0; r < result.Length; r++)
        {
            var sum = 0.0;
            for (var c = 0; c < vector.Length; c++)
            {
                sum += matrix[r, c] * vector[c];
            }

            result[r] = sum;
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
