namespace PlanningSolver.Surrogate;

/// <summary>
/// The evaluations of a run so far, in proposal order: the only input (besides its seed) a strategy may base its
/// proposals on, which is what makes runs reproducible and resumable.
/// </summary>
public sealed class SearchHistory
{
    private readonly List<EvaluationRecord> _records = [];
    private readonly HashSet<LevelPoint> _points = [];

    internal SearchHistory(DiscreteProblem problem, int maxEvaluations, int batchSize)
    {
        Problem = problem;
        MaxEvaluations = maxEvaluations;
        BatchSize = batchSize;
    }

    public DiscreteProblem Problem { get; }

    /// <summary>The run's evaluation budget (strategies use it to schedule, e.g. DYCORS's perturbation probability).</summary>
    public int MaxEvaluations { get; }

    public int BatchSize { get; }

    public IReadOnlyList<EvaluationRecord> Records => _records;

    public int Count => _records.Count;

    /// <summary>Lowest value so far, whatever the feasibility flag (null before the first evaluation).</summary>
    public EvaluationRecord? BestByValue { get; private set; }

    /// <summary>The reported best: lowest value among feasible evaluations, else lowest among all.</summary>
    public EvaluationRecord? Best { get; private set; }

    public bool Contains(LevelPoint point) => _points.Contains(point);

    internal void Add(EvaluationRecord record)
    {
        _records.Add(record);
        _points.Add(record.Point);
        if (BestByValue is null || IsBetter(record.Value, BestByValue.Value))
        {
            BestByValue = record;
        }

        if (Best is null || (record.Feasible && !Best.Feasible) || (record.Feasible == Best.Feasible && IsBetter(record.Value, Best.Value)))
        {
            Best = record;
        }
    }

    /// <summary>Strictly better, with NaN worst of all (ties keep the earlier record).</summary>
    internal static bool IsBetter(double candidate, double incumbent) =>
        !double.IsNaN(candidate) && (double.IsNaN(incumbent) || candidate < incumbent);
}
