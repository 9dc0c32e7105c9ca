namespace PlanningSolver.Surrogate;

/// <summary>
/// Proposes points; the <see cref="SearchController"/> evaluates them (pySOT's split). A strategy is stateful and
/// serves one run. Its proposals must be a deterministic function of its seed and the history it has observed, so
/// the same seed gives the same run whatever the thread count and a resumed run replays the same path.
/// </summary>
public interface ISearchStrategy
{
    /// <summary>Short name for reports, e.g. "dycors".</summary>
    string Name { get; }

    /// <summary>
    /// Up to <paramref name="count"/> distinct points, none already in <paramref name="history"/> and all meeting the
    /// known constraint. Fewer (a partial batch) is allowed; none means the strategy has nothing left to try.
    /// </summary>
    IReadOnlyList<Proposal> Propose(int count, SearchHistory history);

    /// <summary>Assimilates a completed batch (in proposal order; already appended to <paramref name="history"/>).</summary>
    void Observe(IReadOnlyList<EvaluationRecord> batch, SearchHistory history);
}

/// <summary>Baseline: uniformly random feasible points, never repeating one.</summary>
/// <remarks>On grids up to 250 000 points the feasible set is enumerated once and shuffled (sampling without
/// replacement); larger grids use rejection sampling.</remarks>
public sealed class RandomSearchStrategy : ISearchStrategy
{
    private readonly Random _rng;
    private FeasibleSampler? _sampler;
    private List<LevelPoint>? _order;
    private int _next;

    public RandomSearchStrategy(int seed)
    {
        _rng = new Random(seed);
    }

    public string Name => "random";

    public IReadOnlyList<Proposal> Propose(int count, SearchHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (_sampler is null)
        {
            _sampler = new FeasibleSampler(history.Problem);
            if (history.Problem.GridSize <= FeasibleSampler.EnumerationLimit)
            {
                _order = [.. _sampler.AllFeasible()!];
                _rng.Shuffle(_order);
            }
        }

        var batch = new List<Proposal>();
        var chosen = new HashSet<LevelPoint>();
        while (batch.Count < count)
        {
            LevelPoint? p;
            if (_order is not null)
            {
                p = null;
                while (_next < _order.Count && p is null)
                {
                    var q = _order[_next++];
                    p = history.Contains(q) || chosen.Contains(q) ? null : q;
                }
            }
            else
            {
                p = _sampler.Draw(_rng, q => history.Contains(q) || chosen.Contains(q));
            }

            if (p is null)
            {
                break;
            }

            chosen.Add(p);
            batch.Add(new Proposal(p, ProposalKind.Random));
        }

        return batch;
    }

    public void Observe(IReadOnlyList<EvaluationRecord> batch, SearchHistory history)
    {
    }
}

/// <summary>Every feasible point in lexicographic order (<see cref="FeasiblePoints.Enumerate"/>); for small cases.</summary>
public sealed class ExhaustiveStrategy : ISearchStrategy
{
    private IEnumerator<LevelPoint>? _points;

    public string Name => "exhaustive";

    public IReadOnlyList<Proposal> Propose(int count, SearchHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        _points ??= FeasiblePoints.Enumerate(history.Problem).GetEnumerator();
        var batch = new List<Proposal>();
        while (batch.Count < count && _points.MoveNext())
        {
            if (!history.Contains(_points.Current))
            {
                batch.Add(new Proposal(_points.Current, ProposalKind.Enumeration));
            }
        }

        return batch;
    }

    public void Observe(IReadOnlyList<EvaluationRecord> batch, SearchHistory history)
    {
    }
}
