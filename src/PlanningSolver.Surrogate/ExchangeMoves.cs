namespace PlanningSolver.Surrogate;

/// <summary>
/// Exchange moves on a discrete grid: a point with the values of two variables swapped, for every pair of variables
/// that share the same levels and differ at the point. On a sizing problem an exchange keeps what is built and moves it
/// between sites (which stations get the large size); a coordinate perturbation needs two large simultaneous steps for
/// that. Used as extra candidates by <see cref="DycorsStrategy"/> (<see cref="DycorsOptions.ExchangeCandidates"/>).
/// </summary>
public static class ExchangeMoves
{
    /// <summary>The exchanges of <paramref name="point"/>, pairs (i, j), i &lt; j, in lexicographic order; the known
    /// constraint is not checked here.</summary>
    public static IEnumerable<LevelPoint> Around(DiscreteProblem problem, LevelPoint point)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(point);
        for (var i = 0; i < problem.Dimension; i++)
        {
            for (var j = i + 1; j < problem.Dimension; j++)
            {
                if (point[i] == point[j] || !problem.Levels[i].SequenceEqual(problem.Levels[j]))
                {
                    continue;
                }

                var idx = point.ToArray();
                (idx[i], idx[j]) = (idx[j], idx[i]);
                yield return new LevelPoint(idx);
            }
        }
    }
}
