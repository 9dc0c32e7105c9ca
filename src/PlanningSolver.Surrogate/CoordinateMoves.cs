namespace PlanningSolver.Surrogate;

/// <summary>
/// Coordinate moves on a discrete grid: a point with one variable set to any other of its levels. On a sizing problem
/// with a fixed cost per built site the value along one variable is not monotone (building a small unit costs more than
/// it saves, a large one saves), so the one-level steps of a collapsed perturbation never reach the far level; a
/// coordinate move does (e.g. building a closed station at full size).
/// </summary>
public static class CoordinateMoves
{
    /// <summary>The coordinate moves of <paramref name="point"/>, variable by variable, levels in order; the known
    /// constraint is not checked here.</summary>
    public static IEnumerable<LevelPoint> Around(DiscreteProblem problem, LevelPoint point)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(point);
        for (var j = 0; j < problem.Dimension; j++)
        {
            for (var k = 0; k < problem.LevelCount(j); k++)
            {
                if (k == point[j])
                {
                    continue;
                }

                var idx = point.ToArray();
                idx[j] = k;
                yield return new LevelPoint(idx);
            }
        }
    }
}
