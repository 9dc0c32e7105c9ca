namespace PlanningSolver.Surrogate;

/// <summary>
/// Outcomes of earlier evaluations (point → outcome), handed to <see cref="SearchController"/> to resume a run:
/// when a strategy proposes a point that is in the archive, the stored outcome is used and the evaluator is not called.
/// Replaying with the same seed and options proposes the same points, so a run rebuilt from its evaluation log
/// continues where it stopped without re-evaluating anything. The stored value must be bit-identical to the original
/// for the replay to stay on the same path (write doubles in round-trip form, see <c>Invariant.Format</c>).
/// </summary>
public sealed class EvaluationArchive
{
    private readonly Dictionary<LevelPoint, EvaluationOutcome> _outcomes = [];

    public EvaluationArchive(DiscreteProblem problem)
    {
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
    }

    public DiscreteProblem Problem { get; }

    public int Count => _outcomes.Count;

    /// <summary>Adds (or replaces) the outcome of the point with these values; each value must be one of its levels.</summary>
    public void Add(IReadOnlyList<double> values, EvaluationOutcome outcome) => Add(Problem.Snap(values), outcome);

    public void Add(LevelPoint point, EvaluationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(outcome);
        if (point.Dimension != Problem.Dimension)
        {
            throw new ArgumentException($"point has {point.Dimension} variables, the problem {Problem.Dimension}", nameof(point));
        }

        _outcomes[point] = outcome;
    }

    /// <summary>Adds every record of an earlier history.</summary>
    public void AddRange(IEnumerable<EvaluationRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var r in records)
        {
            Add(r.Point, r.Outcome);
        }
    }

    public bool TryGet(LevelPoint point, out EvaluationOutcome outcome)
    {
        if (_outcomes.TryGetValue(point, out var found))
        {
            outcome = found;
            return true;
        }

        outcome = null!;
        return false;
    }
}
