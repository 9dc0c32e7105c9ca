namespace PlanningSolver.Surrogate;

/// <summary>Enumeration of the feasible grid (for exhaustive search on small cases and for tests).</summary>
public static class FeasiblePoints
{
    /// <summary>
    /// Every level combination meeting the known constraint, in lexicographic order of the level indices
    /// (first variable slowest, last fastest). Lazy: the grid is never materialised.
    /// </summary>
    public static IEnumerable<LevelPoint> Enumerate(DiscreteProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Iterate(problem);
    }

    /// <summary>Number of feasible points (walks the whole grid).</summary>
    public static long Count(DiscreteProblem problem) => Enumerate(problem).LongCount();

    private static IEnumerable<LevelPoint> Iterate(DiscreteProblem problem)
    {
        var d = problem.Dimension;
        var idx = new int[d];
        while (true)
        {
            var point = new LevelPoint(idx);
            if (problem.IsKnownFeasible(point))
            {
                yield return point;
            }

            var j = d - 1;
            while (j >= 0 && ++idx[j] == problem.LevelCount(j))
            {
                idx[j] = 0;
                j--;
            }

            if (j < 0)
            {
                yield break;
            }
        }
    }
}

/// <summary>Random feasible points not yet used, drawn deterministically from a seeded generator.</summary>
internal sealed class FeasibleSampler
{
    /// <summary>Grids up to this size are enumerated once when rejection sampling fails, so exhaustion is detected exactly.</summary>
    internal const double EnumerationLimit = 250_000;

    private const int RejectionTries = 300;
    private readonly DiscreteProblem _problem;
    private List<LevelPoint>? _feasible;

    public FeasibleSampler(DiscreteProblem problem)
    {
        _problem = problem;
    }

    /// <summary>All feasible points in lexicographic order, when the grid is small enough; else null.</summary>
    public IReadOnlyList<LevelPoint>? AllFeasible()
    {
        if (_feasible is null && _problem.GridSize <= EnumerationLimit)
        {
            _feasible = FeasiblePoints.Enumerate(_problem).ToList();
        }

        return _feasible;
    }

    /// <summary>A uniformly random feasible point for which <paramref name="taken"/> is false, or null when none is found.</summary>
    public LevelPoint? Draw(Random rng, Func<LevelPoint, bool> taken)
    {
        var d = _problem.Dimension;
        for (var t = 0; t < RejectionTries; t++)
        {
            var idx = new int[d];
            for (var j = 0; j < d; j++)
            {
                idx[j] = rng.Next(_problem.LevelCount(j));
            }

            var p = new LevelPoint(idx);
            if (!taken(p) && _problem.IsKnownFeasible(p))
            {
                return p;
            }
        }

        var all = AllFeasible();
        if (all is null)
        {
            return null;
        }

        var free = all.Where(p => !taken(p)).ToList();
        return free.Count == 0 ? null : free[rng.Next(free.Count)];
    }
}

internal static class RandomExtensions
{
    /// <summary>Standard normal deviate (Box–Muller), deterministic for a seeded <see cref="Random"/>.</summary>
    public static double NextGaussian(this Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public static void Shuffle<T>(this Random rng, IList<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var k = rng.Next(i + 1);
            (list[i], list[k]) = (list[k], list[i]);
        }
    }
}
