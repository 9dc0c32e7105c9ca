namespace PlanningSolver.Surrogate;

/// <summary>
/// A minimisation problem over d discrete variables, each taking one value from a finite ascending list of levels
/// (e.g. charging power 60, 90, 120, 180, 240, 350 kW, or 0 for "not built"). The objective is evaluated outside the
/// library; an optional <b>known constraint</b> (for example a linear investment budget) is a cheap predicate on the
/// values, and points failing it are never proposed or evaluated.
/// </summary>
/// <remarks>
/// The surrogate works in the unit box: each variable is scaled by its level range, u = (v − lowest) / (highest − lowest)
/// (u = 0 for a variable with a single level). The known constraint must be a pure function of the values: it is called
/// from one thread, possibly many times for the same point.
/// </remarks>
public sealed class DiscreteProblem
{
    private readonly double[][] _levels;
    private readonly double[][] _unit;

    /// <param name="levels">Per variable, its allowed values, finite and strictly ascending (at least one).</param>
    /// <param name="knownConstraint">Cheap feasibility predicate on the values (e.g. investment ≤ budget); null = none.</param>
    /// <param name="names">Optional variable names for reports; defaults to x0, x1, ….</param>
    public DiscreteProblem(
        IReadOnlyList<IReadOnlyList<double>> levels,
        Func<IReadOnlyList<double>, bool>? knownConstraint = null,
        IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count == 0)
        {
            throw new ArgumentException("a problem needs at least one variable", nameof(levels));
        }

        _levels = new double[levels.Count][];
        _unit = new double[levels.Count][];
        for (var j = 0; j < levels.Count; j++)
        {
            var list = levels[j] ?? throw new ArgumentException($"variable {j} has no level list", nameof(levels));
            if (list.Count == 0)
            {
                throw new ArgumentException($"variable {j} has no levels", nameof(levels));
            }

            var values = list.ToArray();
            for (var k = 0; k < values.Length; k++)
            {
                if (!double.IsFinite(values[k]))
                {
                    throw new ArgumentException($"variable {j} level {k} is not finite", nameof(levels));
                }

                if (k > 0 && !(values[k] > values[k - 1]))
                {
                    throw new ArgumentException($"variable {j} levels must be strictly ascending", nameof(levels));
                }
            }

            _levels[j] = values;
            var range = values[^1] - values[0];
            _unit[j] = values.Select(v => range > 0 ? (v - values[0]) / range : 0.0).ToArray();
        }

        if (names is not null && names.Count != levels.Count)
        {
            throw new ArgumentException($"{names.Count} names for {levels.Count} variables", nameof(names));
        }

        Names = names?.ToArray() ?? Enumerable.Range(0, levels.Count).Select(j => $"x{j}").ToArray();
        KnownConstraint = knownConstraint;
        Levels = Array.AsReadOnly(_levels.Select(l => (IReadOnlyList<double>)Array.AsReadOnly(l)).ToArray());

        var min = double.PositiveInfinity;
        foreach (var unit in _unit)
        {
            for (var k = 1; k < unit.Length; k++)
            {
                min = Math.Min(min, unit[k] - unit[k - 1]);
            }
        }

        MinUnitSpacing = double.IsPositiveInfinity(min) ? 1.0 : min;
    }

    public int Dimension => _levels.Length;

    public IReadOnlyList<IReadOnlyList<double>> Levels { get; }

    public IReadOnlyList<string> Names { get; }

    public Func<IReadOnlyList<double>, bool>? KnownConstraint { get; }

    /// <summary>Smallest gap between adjacent levels of any variable, in unit-box coordinates (1 when no variable has two levels).</summary>
    public double MinUnitSpacing { get; }

    /// <summary>Number of level combinations (feasible or not), as a double because it can overflow an integer.</summary>
    public double GridSize => _levels.Aggregate(1.0, (n, l) => n * l.Length);

    public int LevelCount(int variable) => _levels[variable].Length;

    /// <summary>The values of a point.</summary>
    public double[] Values(LevelPoint point)
    {
        CheckDimension(point);
        var values = new double[Dimension];
        for (var j = 0; j < values.Length; j++)
        {
            values[j] = _levels[j][point[j]];
        }

        return values;
    }

    /// <summary>The unit-box coordinates of a point.</summary>
    public double[] ToUnit(LevelPoint point)
    {
        CheckDimension(point);
        var u = new double[Dimension];
        for (var j = 0; j < u.Length; j++)
        {
            u[j] = _unit[j][point[j]];
        }

        return u;
    }

    /// <summary>Unit-box coordinate of level <paramref name="level"/> of <paramref name="variable"/>.</summary>
    public double UnitLevel(int variable, int level) => _unit[variable][level];

    /// <summary>The level of <paramref name="variable"/> nearest to unit coordinate <paramref name="u"/> (ties go to the lower level).</summary>
    public int NearestLevelUnit(int variable, double u) => Nearest(_unit[variable], u);

    /// <summary>The level of <paramref name="variable"/> nearest to <paramref name="value"/> (ties go to the lower level).</summary>
    public int NearestLevel(int variable, double value) => Nearest(_levels[variable], value);

    /// <summary>Rounds arbitrary values to the nearest levels.</summary>
    public LevelPoint Round(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckDimension(values.Count);
        var idx = new int[Dimension];
        for (var j = 0; j < idx.Length; j++)
        {
            idx[j] = NearestLevel(j, values[j]);
        }

        return new LevelPoint(idx);
    }

    /// <summary>
    /// The point whose values are <paramref name="values"/>; each value must equal one of its variable's levels to within
    /// 1e-9 of the level range (so values read back from a CSV file match). Throws <see cref="ArgumentException"/> otherwise.
    /// </summary>
    public LevelPoint Snap(IReadOnlyList<double> values)
    {
        var point = Round(values);
        for (var j = 0; j < Dimension; j++)
        {
            var level = _levels[j][point[j]];
            var tolerance = 1e-9 * Math.Max(1.0, Math.Abs(_levels[j][^1] - _levels[j][0]));
            if (!(Math.Abs(values[j] - level) <= tolerance))
            {
                throw new ArgumentException($"{Names[j]} = {values[j]} is not one of its levels");
            }
        }

        return point;
    }

    /// <summary>True when the point is on the grid and meets the known constraint (always true without one).</summary>
    public bool IsKnownFeasible(LevelPoint point)
    {
        CheckDimension(point);
        for (var j = 0; j < Dimension; j++)
        {
            if (point[j] < 0 || point[j] >= _levels[j].Length)
            {
                return false;
            }
        }

        return KnownConstraint is null || KnownConstraint(Values(point));
    }

    private static int Nearest(double[] sorted, double x)
    {
        var best = 0;
        var bestDistance = Math.Abs(sorted[0] - x);
        for (var k = 1; k < sorted.Length; k++)
        {
            var distance = Math.Abs(sorted[k] - x);
            if (distance < bestDistance)
            {
                best = k;
                bestDistance = distance;
            }
        }

        return best;
    }

    private void CheckDimension(LevelPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        CheckDimension(point.Dimension);
    }

    private void CheckDimension(int count)
    {
        if (count != Dimension)
        {
            throw new ArgumentException($"point has {count} variables, the problem {Dimension}");
        }
    }
}
