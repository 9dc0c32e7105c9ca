using MathNet.Numerics.LinearAlgebra;

namespace PlanningSolver.Surrogate;

/// <summary>Space-filling initial designs.</summary>
public static class ExperimentalDesign
{
    /// <summary>
    /// Symmetric Latin hypercube (Ye, Li &amp; Sudjianto 2000) of <paramref name="points"/> rows in [0,1]^d, before any
    /// rounding: every column holds each stratum centre (k + 0.5)/n exactly once, and row n−1−i mirrors row i
    /// (u ↔ 1 − u). The first column is in stratum order; the others are random.
    /// </summary>
    public static double[][] SymmetricLatinHypercube(int points, int dimension, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (points <= 0 || dimension <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(points), "points and dimension must be > 0");
        }

        var n = points;
        var half = n / 2;
        var strata = new int[n][];
        for (var i = 0; i < n; i++)
        {
            strata[i] = new int[dimension];
            strata[i][0] = i;
        }

        if (n % 2 == 1)
        {
            Array.Fill(strata[half], half);
        }

        for (var j = 1; j < dimension; j++)
        {
            var top = new int[half];
            for (var i = 0; i < half; i++)
            {
                top[i] = rng.NextDouble() < 0.5 ? i : n - 1 - i;
            }

            rng.Shuffle(top);
            for (var i = 0; i < half; i++)
            {
                strata[i][j] = top[i];
            }
        }

        for (var i = n - half; i < n; i++)
        {
            for (var j = 0; j < dimension; j++)
            {
                strata[i][j] = n - 1 - strata[n - 1 - i][j];
            }
        }

        return strata.Select(row => row.Select(s => (s + 0.5) / n).ToArray()).ToArray();
    }

    /// <summary>
    /// A design on the grid: <paramref name="fixedPoints"/> first (kept when feasible and new), then a symmetric Latin
    /// hypercube of <paramref name="size"/> rows rounded to the nearest levels. A rounded row that repeats a point of
    /// the design, is <paramref name="taken"/> (already evaluated) or breaks the known constraint is replaced by the first
    /// acceptable point at level distance 1, then 2 (a fixed search order), else dropped; dropped rows are replaced by
    /// random feasible points. When the design plus <paramref name="taken"/> history cannot fit a linear tail
    /// (rank of [1 U] &lt; d+1), random feasible points are added until it can (or the space runs out).
    /// Deterministic for a given <paramref name="rng"/> state.
    /// </summary>
    public static IReadOnlyList<LevelPoint> OnGrid(
        DiscreteProblem problem,
        int size,
        IEnumerable<LevelPoint> fixedPoints,
        Func<LevelPoint, bool> taken,
        int takenCount,
        Random rng)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(fixedPoints);
        ArgumentNullException.ThrowIfNull(taken);
        ArgumentNullException.ThrowIfNull(rng);
        var design = new List<LevelPoint>();
        var inDesign = new HashSet<LevelPoint>();
        bool Usable(LevelPoint p) => !inDesign.Contains(p) && !taken(p) && problem.IsKnownFeasible(p);
        void Take(LevelPoint p)
        {
            design.Add(p);
            inDesign.Add(p);
        }

        foreach (var p in fixedPoints)
        {
            if (Usable(p))
            {
                Take(p);
            }
        }

        var sampler = new FeasibleSampler(problem);
        var dropped = 0;
        if (size > 0)
        {
            foreach (var row in SymmetricLatinHypercube(size, problem.Dimension, rng))
            {
                var idx = new int[problem.Dimension];
                for (var j = 0; j < idx.Length; j++)
                {
                    idx[j] = problem.NearestLevelUnit(j, row[j]);
                }

                var p = new LevelPoint(idx);
                var repaired = Usable(p) ? p : Neighbour(problem, p, Usable);
                if (repaired is null)
                {
                    dropped++;
                }
                else
                {
                    Take(repaired);
                }
            }
        }

        for (var k = 0; k < dropped; k++)
        {
            var p = sampler.Draw(rng, q => inDesign.Contains(q) || taken(q));
            if (p is null)
            {
                break;
            }

            Take(p);
        }

        if (takenCount == 0)
        {
            for (var extra = 0; Rank(problem, design) < problem.Dimension + 1 && extra < 4 * (problem.Dimension + 1); extra++)
            {
                var p = sampler.Draw(rng, q => inDesign.Contains(q) || taken(q));
                if (p is null)
                {
                    break;
                }

                Take(p);
            }
        }

        return design;
    }

    /// <summary>Rank of [1 U] for the points' unit coordinates.</summary>
    internal static int Rank(DiscreteProblem problem, IReadOnlyList<LevelPoint> points)
    {
        if (points.Count == 0)
        {
            return 0;
        }

        var m = Matrix<double>.Build.Dense(points.Count, problem.Dimension + 1);
        for (var i = 0; i < points.Count; i++)
        {
            m[i, 0] = 1.0;
            var u = problem.ToUnit(points[i]);
            for (var j = 0; j < u.Length; j++)
            {
                m[i, j + 1] = u[j];
            }
        }

        return m.Rank();
    }

    /// <summary>First acceptable point at L1 level distance 1, then 2: variables in order, lower step before higher.</summary>
    private static LevelPoint? Neighbour(DiscreteProblem problem, LevelPoint p, Func<LevelPoint, bool> usable)
    {
        var d = problem.Dimension;
        var steps = new[] { -1, 1 };
        LevelPoint? Shift(int[] idx)
        {
            for (var j = 0; j < d; j++)
            {
                if (idx[j] < 0 || idx[j] >= problem.LevelCount(j))
                {
                    return null;
                }
            }

            var q = new LevelPoint(idx);
            return usable(q) ? q : null;
        }

        foreach (var radius in new[] { 1, 2 })
        {
            for (var j = 0; j < d; j++)
            {
                foreach (var s in steps)
                {
                    if (radius == 1)
                    {
                        var idx = p.ToArray();
                        idx[j] += s;
                        if (Shift(idx) is { } q)
                        {
                            return q;
                        }

                        continue;
                    }

                    var same = p.ToArray();
                    same[j] += 2 * s;
                    if (Shift(same) is { } q2)
                    {
                        return q2;
                    }

                    for (var k = j + 1; k < d; k++)
                    {
                        foreach (var t in steps)
                        {
                            var idx = p.ToArray();
                            idx[j] += s;
                            idx[k] += t;
                            if (Shift(idx) is { } q3)
                            {
                                return q3;
                            }
                        }
                    }
                }
            }
        }

        return null;
    }
}
