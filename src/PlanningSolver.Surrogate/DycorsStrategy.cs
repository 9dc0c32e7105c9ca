namespace PlanningSolver.Surrogate;

/// <summary>Settings of <see cref="DycorsStrategy"/>; defaults follow Regis &amp; Shoemaker (2013) and pySOT.</summary>
public sealed record DycorsOptions
{
    /// <summary>Seed of the strategy's only random generator.</summary>
    public int Seed { get; init; }

    /// <summary>Points evaluated first, before the Latin hypercube (e.g. the uniform plan), as values on the levels
    /// (rounded to the nearest level). Dropped when they break the known constraint or repeat.</summary>
    public IReadOnlyList<IReadOnlyList<double>> FixedInitialPoints { get; init; } = [];

    /// <summary>Rows of the symmetric Latin hypercube; default 2(d+1).</summary>
    public int? DesignSize { get; init; }

    /// <summary>Merit weights on the scaled surrogate value, cycled one per adaptive proposal.</summary>
    public IReadOnlyList<double> Weights { get; init; } = [0.3, 0.5, 0.8, 0.95];

    /// <summary>Candidates drawn per adaptive batch before de-duplication; default min(100·d, 5000).</summary>
    public int? Candidates { get; init; }

    /// <summary>Share of the candidates drawn uniformly over the grid instead of around the centre (the global
    /// candidates of SRBF, Regis &amp; Shoemaker 2007); 0 = pure DYCORS.</summary>
    public double UniformCandidateShare { get; init; }

    /// <summary>Initial perturbation standard deviation in the unit box; default max(0.2, smallest level spacing).</summary>
    public double? SigmaInitial { get; init; }

    /// <summary>Upper bound of sigma; default the initial sigma.</summary>
    public double? SigmaMax { get; init; }

    /// <summary>Restart threshold: when sigma falls below it the search restarts; default half the smallest level
    /// spacing in the unit box (every perturbation is then a single-level step).</summary>
    public double? SigmaMin { get; init; }

    /// <summary>Consecutive improving batches before sigma doubles.</summary>
    public int SuccessTolerance { get; init; } = 3;

    /// <summary>Consecutive non-improving batches before sigma halves; default max(⌈d/B⌉, ⌈4/B⌉).</summary>
    public int? FailureTolerance { get; init; }

    /// <summary>Fit the surrogate to min(value, median) (Regis &amp; Shoemaker 2007), damping large values such as penalties.</summary>
    public bool CapAtMedian { get; init; } = true;

    /// <summary>What the search does once sigma falls below <see cref="SigmaMin"/> (the step has collapsed below one
    /// level): restart from a new design (pySOT's DYCORS), or search the one-level neighbourhoods of the best points.</summary>
    public CollapseAction OnCollapse { get; init; } = CollapseAction.Restart;

    /// <summary>
    /// Adds to every adaptive batch's candidates the exchanges of the centre (<see cref="ExchangeMoves"/>: the values of
    /// two variables with the same levels swapped, e.g. which stations get the large size), chosen by the same merit. No
    /// random draw is spent on them. Default off (pure DYCORS).
    /// </summary>
    public bool ExchangeCandidates { get; init; }

    /// <summary>The last evaluations of the budget polish the best point: candidates are the unevaluated exchanges and
    /// coordinate moves of the best evaluated points, chosen by the surrogate alone (weight 1). 0 = off.</summary>
    public int PolishEvaluations { get; init; }
}

/// <summary>What <see cref="DycorsStrategy"/> does once its step sigma has collapsed below one level.</summary>
public enum CollapseAction
{
    /// <summary>Restart: a new Latin hypercube and a new centre (the archive is kept). Regis &amp; Shoemaker (2013).</summary>
    Restart,

    /// <summary>Discrete neighbourhood search: candidates are the unevaluated one-level neighbours (one variable moved one
    /// level up or down) of the best evaluated point whose neighbourhood is not yet exhausted, chosen by the same merit.
    /// A point all of whose neighbours are evaluated and no better is a confirmed discrete local minimum, and the search
    /// moves on to the next best point, so a near-tie in another basin is not left behind.</summary>
    NeighbourhoodSearch,
}

/// <summary>
/// DYCORS (Regis &amp; Shoemaker 2013) on a discrete grid, with the SRBF merit of Regis &amp; Shoemaker (2007).
/// </summary>
/// <remarks>
/// <para><b>Design.</b> Fixed points, then a symmetric Latin hypercube of 2(d+1) points rounded to the levels and repaired
/// (see <see cref="ExperimentalDesign.OnGrid"/>).</para>
/// <para><b>Adaptive step.</b> Cubic RBF with linear tail on every evaluation so far (unit box). Candidates perturb the
/// centre (the best point since the last (re)start) on each variable with probability
/// p = max(min(20/d, 1)·(1 − ln k / ln K), 1/d), k = evaluations since the design, K = remaining budget after it; the
/// step is sigma·N(0,1), reflected into [0,1] and rounded to the nearest level, and forced to at least one level when
/// rounding would undo it. Candidates repeating an evaluated point or breaking the known constraint are dropped. Each
/// point of the batch minimises w·ŝ + (1 − w)·(1 − d̂), ŝ and d̂ the surrogate value and distance to the nearest
/// evaluated or already selected point, both min–max scaled over the candidates, w cycling through
/// <see cref="DycorsOptions.Weights"/>. When no candidate survives (neighbourhood exhausted), sigma is doubled up to three
/// times, then random unevaluated feasible points are proposed.</para>
/// <para><b>Step control.</b> After each adaptive batch: an improvement of the centre by more than 1e-3 × (median − best
/// of the values so far) counts
/// a success, else a failure; <see cref="DycorsOptions.SuccessTolerance"/> successes double sigma (up to SigmaMax),
/// <see cref="DycorsOptions.FailureTolerance"/> failures halve it. Below SigmaMin the search is converged locally and
/// restarts (<see cref="CollapseAction.Restart"/>): a new Latin hypercube (skipping evaluated points) and a new centre,
/// while the surrogate keeps every evaluation of the run (the archive), so nothing is evaluated twice and the knowledge
/// is not thrown away.</para>
/// <para><b>Neighbourhood search</b> (<see cref="CollapseAction.NeighbourhoodSearch"/>). On a coarse grid a collapsed
/// step only ever moves one variable by one level, so the adaptive step becomes a systematic, surrogate-ordered search
/// of the one-level neighbourhood N₁(x) = {x ± eⱼ} (the ±1 perturbations of SO-I, Müller, Shoemaker &amp; Piché 2014):
/// candidates are the unevaluated, known-feasible members of N₁ of the best evaluated point whose N₁ is not exhausted,
/// then of the next best, until the batch can be filled; the merit picks among them. Evaluating all of N₁(x) without
/// improvement certifies x as a discrete local minimum, and the search continues from the next best point instead of
/// staying put: with penalised objectives near-ties sit in separate basins, one or two levels apart on several
/// variables. Sigma stays at half its minimum meanwhile; three improving batches double it and bring back the DYCORS
/// perturbations.</para>
/// <para><b>Polish</b> (<see cref="DycorsOptions.PolishEvaluations"/>). The last evaluations of the budget take their
/// candidates from the exchanges (<see cref="ExchangeMoves"/>) and coordinate moves (<see cref="CoordinateMoves"/>) of
/// the best evaluated points, best point first, and choose by the surrogate value alone (weight 1): with a fixed cost
/// per built site, a site one level above "not built" is worse than none while the full size is better, which one-level
/// steps cannot see.</para>
/// </remarks>
public sealed class DycorsStrategy : ISearchStrategy
{
    private readonly DycorsOptions _options;
    private readonly Random _rng;
    private readonly Queue<LevelPoint> _design = new();
    private DiscreteProblem? _problem;
    private SearchHistory? _history;
    private FeasibleSampler? _sampler;
    private CubicRbf? _rbf;
    private bool _designPhase = true;
    private int _localStart;
    private EvaluationRecord? _localBest;
    private int _designEnd;
    private double _sigma;
    private double _sigmaMax;
    private double _sigmaMin;
    private int _failTolerance;
    private int _successes;
    private int _failures;
    private int _weightIndex;

    public DycorsStrategy(DycorsOptions? options = null)
    {
        _options = options ?? new DycorsOptions();
        _rng = new Random(_options.Seed);
        if (_options.Weights.Count == 0 || _options.Weights.Any(w => !(w >= 0 && w <= 1)))
        {
            throw new ArgumentException("weights must be in [0, 1] and not empty", nameof(options));
        }
    }

    public string Name => "dycors";

    /// <summary>Current perturbation sigma (unit box).</summary>
    public double Sigma => _sigma;

    /// <summary>Number of restarts so far.</summary>
    public int Restarts { get; private set; }

    public IReadOnlyList<Proposal> Propose(int count, SearchHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (_history is null)
        {
            _history = history;
            Start(history);
        }
        else if (!ReferenceEquals(_history, history))
        {
            throw new InvalidOperationException("a DycorsStrategy serves one run; create a new one (same options) for another");
        }

        var batch = new List<Proposal>();
        if (_designPhase)
        {
            while (batch.Count < count && _design.Count > 0)
            {
                var p = _design.Dequeue();
                if (!history.Contains(p))
                {
                    batch.Add(new Proposal(p, ProposalKind.Design));
                }
            }

            if (batch.Count > 0)
            {
                return batch;
            }

            BeginAdaptive(history);
        }

        return Adaptive(count, history);
    }

    /// <summary>Median minus minimum of the finite values so far (the range the capped surrogate sees), or the full range.</summary>
    private static double Spread(SearchHistory history)
    {
        var values = history.Records.Select(r => r.Value).Where(double.IsFinite).Order().ToArray();
        if (values.Length < 2)
        {
            return 0;
        }

        var spread = values[(values.Length - 1) / 2] - values[0];
        return spread > 0 ? spread : values[^1] - values[0];
    }

    public void Observe(IReadOnlyList<EvaluationRecord> batch, SearchHistory history)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(history);
        var before = _localBest?.Value;
        var adaptive = false;
        foreach (var r in batch)
        {
            adaptive |= r.Kind != ProposalKind.Design;
            if (r.Order >= _localStart && (_localBest is null || SearchHistory.IsBetter(r.Value, _localBest.Value)))
            {
                _localBest = r;
            }
        }

        if (_designPhase)
        {
            if (_design.Count == 0)
            {
                BeginAdaptive(history);
            }

            return;
        }

        if (!adaptive)
        {
            return;
        }

        // A success is an improvement by 0.1 % of the spread of the values seen so far: relative to the value itself,
        // an objective with a large constant part (a city's travel time) would never register one.
        var improved = before is { } b && _localBest is not null && _localBest.Value < b - (1e-3 * Spread(history));
        if (improved)
        {
            _successes++;
            _failures = 0;
        }
        else
        {
            _failures++;
            _successes = 0;
        }

        if (_successes >= _options.SuccessTolerance)
        {
            _successes = 0;
            _sigma = Math.Min(2 * _sigma, _sigmaMax);
        }

        if (_failures >= _failTolerance)
        {
            _failures = 0;
            _sigma /= 2;
            if (_sigma < _sigmaMin)
            {
                if (_options.OnCollapse == CollapseAction.Restart)
                {
                    Restart(history);
                }
                else
                {
                    _sigma = Math.Max(_sigma, 0.5 * _sigmaMin);
                }
            }
        }
    }

    private void Start(SearchHistory history)
    {
        var problem = history.Problem;
        _problem = problem;
        _sampler = new FeasibleSampler(problem);
        _rbf = new CubicRbf(problem.Dimension);
        var d = problem.Dimension;
        _sigmaMin = _options.SigmaMin ?? 0.5 * problem.MinUnitSpacing;
        var sigmaInitial = _options.SigmaInitial ?? Math.Max(0.2, problem.MinUnitSpacing);
        _sigmaMax = _options.SigmaMax ?? sigmaInitial;
        _sigma = sigmaInitial;
        var b = Math.Max(1, history.BatchSize);
        _failTolerance = _options.FailureTolerance ?? Math.Max((d + b - 1) / b, (4 + b - 1) / b);
        var fixedPoints = _options.FixedInitialPoints.Select(problem.Round).ToList();
        var size = _options.DesignSize ?? 2 * (d + 1);
        foreach (var p in ExperimentalDesign.OnGrid(problem, size, fixedPoints, history.Contains, history.Count, _rng))
        {
            _design.Enqueue(p);
        }

        _designPhase = true;
        _localStart = 0;
    }

    private void Restart(SearchHistory history)
    {
        Restarts++;
        _design.Clear();
        var size = _options.DesignSize ?? 2 * (_problem!.Dimension + 1);
        foreach (var p in ExperimentalDesign.OnGrid(_problem!, size, [], history.Contains, history.Count, _rng))
        {
            _design.Enqueue(p);
        }

        _localStart = history.Count;
        _localBest = null;
        _designPhase = true;
        if (_design.Count == 0)
        {
            BeginAdaptive(history);
        }
    }

    private void BeginAdaptive(SearchHistory history)
    {
        _designPhase = false;
        _designEnd = history.Count;
        _localBest ??= history.BestByValue;
        _sigma = _options.SigmaInitial ?? Math.Max(0.2, _problem!.MinUnitSpacing);
        _successes = 0;
        _failures = 0;
    }

    private List<Proposal> Adaptive(int count, SearchHistory history)
    {
        var problem = _problem!;
        var batch = new List<Proposal>();
        var center = _localBest?.Point ?? history.BestByValue?.Point;
        List<LevelPoint> candidates = [];
        var kind = ProposalKind.Polish;
        if (_options.PolishEvaluations > 0 && history.MaxEvaluations - history.Count <= _options.PolishEvaluations)
        {
            FitSurrogate(history);
            candidates = PolishCandidates(count, history);
        }

        if (candidates.Count == 0 && _options.OnCollapse == CollapseAction.NeighbourhoodSearch && _sigma < _sigmaMin)
        {
            kind = ProposalKind.Neighbourhood;
            FitSurrogate(history);
            candidates = NeighbourhoodCandidates(count, history);
        }
        else if (candidates.Count == 0 && center is not null)
        {
            kind = ProposalKind.Adaptive;
            FitSurrogate(history);
            var probability = PerturbationProbability(history);
            var sigma = _sigma;
            for (var attempt = 0; attempt < 4 && candidates.Count == 0; attempt++)
            {
                candidates = Candidates(center, sigma, probability, history);
                sigma = Math.Min(2 * sigma, 1.0);
                probability = 1.0;
            }
        }

        if (candidates.Count == 0)
        {
            var chosen = new HashSet<LevelPoint>();
            while (batch.Count < count)
            {
                var p = _sampler!.Draw(_rng, q => history.Contains(q) || chosen.Contains(q));
                if (p is null)
                {
                    break;
                }

                chosen.Add(p);
                batch.Add(new Proposal(p, ProposalKind.Random));
            }

            return batch;
        }

        var unit = candidates.Select(problem.ToUnit).ToList();
        var predicted = unit.Select(u => _rbf!.Predict(u)).ToArray();
        var distance = unit.Select(u => _rbf!.DistanceToNearest(u)).ToArray();
        var alive = new bool[candidates.Count];
        Array.Fill(alive, true);
        for (var k = 0; k < count && k < candidates.Count; k++)
        {
            var w = kind == ProposalKind.Polish ? 1.0 : _options.Weights[_weightIndex++ % _options.Weights.Count];
            var pick = SelectByMerit(predicted, distance, alive, w);
            alive[pick] = false;
            batch.Add(new Proposal(candidates[pick], kind));
            for (var i = 0; i < candidates.Count; i++)
            {
                if (alive[i])
                {
                    distance[i] = Math.Min(distance[i], CubicRbf.Distance(unit[i], unit[pick]));
                }
            }
        }

        return batch;
    }

    /// <summary>Unevaluated known-feasible one-level neighbours of the best evaluated points, best point first, until at
    /// least <paramref name="count"/> are found or every neighbourhood is exhausted.</summary>
    private List<LevelPoint> NeighbourhoodCandidates(int count, SearchHistory history) =>
        MovesOfBestPoints(count, history, p => OneLevelMoves(_problem!, p));

    /// <summary>Unevaluated known-feasible exchanges and coordinate moves of the best evaluated points, best point first,
    /// until at least <paramref name="count"/> are found.</summary>
    private List<LevelPoint> PolishCandidates(int count, SearchHistory history) =>
        MovesOfBestPoints(count, history, p => ExchangeMoves.Around(_problem!, p).Concat(CoordinateMoves.Around(_problem!, p)));

    /// <summary>The unevaluated known-feasible <paramref name="moves"/> of the evaluated points, best point first, until
    /// at least <paramref name="count"/> are found or the points run out.</summary>
    private List<LevelPoint> MovesOfBestPoints(int count, SearchHistory history, Func<LevelPoint, IEnumerable<LevelPoint>> moves)
    {
        var problem = _problem!;
        var list = new List<LevelPoint>();
        var seen = new HashSet<LevelPoint>();
        var ranked = history.Records.Where(r => !double.IsNaN(r.Value)).OrderBy(r => r.Value).ThenBy(r => r.Order);
        foreach (var record in ranked)
        {
            foreach (var p in moves(record.Point))
            {
                AddIfNew(list, seen, p, history, problem);
            }

            if (list.Count >= count)
            {
                break;
            }
        }

        return list;
    }

    /// <summary>N₁(x): one variable moved one level down or up, variable by variable, down first.</summary>
    private static IEnumerable<LevelPoint> OneLevelMoves(DiscreteProblem problem, LevelPoint centre)
    {
        for (var j = 0; j < problem.Dimension; j++)
        {
            for (var step = -1; step <= 1; step += 2)
            {
                var k = centre[j] + step;
                if (k < 0 || k >= problem.LevelCount(j))
                {
                    continue;
                }

                var idx = centre.ToArray();
                idx[j] = k;
                yield return new LevelPoint(idx);
            }
        }
    }

    /// <summary>Adds <paramref name="p"/> to the candidates unless it is already among them, evaluated, or known to be
    /// infeasible.</summary>
    private static void AddIfNew(List<LevelPoint> list, HashSet<LevelPoint> seen, LevelPoint p, SearchHistory history, DiscreteProblem problem)
    {
        if (seen.Add(p) && !history.Contains(p) && problem.IsKnownFeasible(p))
        {
            list.Add(p);
        }
    }

    private static int SelectByMerit(double[] s, double[] d, bool[] alive, double w)
    {
        double sMin = double.PositiveInfinity, sMax = double.NegativeInfinity;
        double dMin = double.PositiveInfinity, dMax = double.NegativeInfinity;
        for (var i = 0; i < s.Length; i++)
        {
            if (alive[i])
            {
                sMin = Math.Min(sMin, s[i]);
                sMax = Math.Max(sMax, s[i]);
                dMin = Math.Min(dMin, d[i]);
                dMax = Math.Max(dMax, d[i]);
            }
        }

        var best = -1;
        var bestMerit = double.PositiveInfinity;
        for (var i = 0; i < s.Length; i++)
        {
            if (!alive[i])
            {
                continue;
            }

            var vs = sMax > sMin ? (s[i] - sMin) / (sMax - sMin) : 1.0;
            var vd = dMax > dMin ? (dMax - d[i]) / (dMax - dMin) : 1.0;
            var merit = (w * vs) + ((1 - w) * vd);
            if (best < 0 || merit < bestMerit)
            {
                best = i;
                bestMerit = merit;
            }
        }

        return best;
    }

    private double PerturbationProbability(SearchHistory history)
    {
        var d = _problem!.Dimension;
        var minimum = Math.Min(1.0, 1.0 / d);
        var budget = history.MaxEvaluations - _designEnd;
        if (budget <= 1)
        {
            return minimum;
        }

        var k = history.Count - _designEnd + 1.0;
        var p = Math.Min(20.0 / d, 1.0) * (1.0 - (Math.Log(k) / Math.Log(budget)));
        return Math.Max(p, minimum);
    }

    private List<LevelPoint> Candidates(LevelPoint center, double sigma, double probability, SearchHistory history)
    {
        var problem = _problem!;
        var d = problem.Dimension;
        var n = _options.Candidates ?? Math.Min(100 * d, 5000);
        var uniform = (int)Math.Round(Math.Clamp(_options.UniformCandidateShare, 0.0, 1.0) * n);
        var cu = problem.ToUnit(center);
        var list = new List<LevelPoint>();
        var seen = new HashSet<LevelPoint>();
        var mask = new bool[d];
        for (var c = 0; c < uniform; c++)
        {
            var idx = new int[d];
            for (var j = 0; j < d; j++)
            {
                idx[j] = _rng.Next(problem.LevelCount(j));
            }

            var p = new LevelPoint(idx);
            AddIfNew(list, seen, p, history, problem);
        }

        for (var c = uniform; c < n; c++)
        {
            var any = false;
            for (var j = 0; j < d; j++)
            {
                mask[j] = _rng.NextDouble() < probability;
                any |= mask[j];
            }

            if (!any)
            {
                mask[_rng.Next(d)] = true;
            }

            var idx = center.ToArray();
            for (var j = 0; j < d; j++)
            {
                if (!mask[j])
                {
                    continue;
                }

                var step = sigma * _rng.NextGaussian();
                var levels = problem.LevelCount(j);
                if (levels < 2)
                {
                    continue;
                }

                var u = cu[j] + step;
                u = u < 0 ? -u : u;
                u = u > 1 ? 2 - u : u;
                u = Math.Clamp(u, 0.0, 1.0);
                var k = problem.NearestLevelUnit(j, u);
                if (k == center[j])
                {
                    var direction = step >= 0 ? 1 : -1;
                    k = center[j] + direction;
                    if (k < 0 || k >= levels)
                    {
                        k = center[j] - direction;
                    }
                }

                idx[j] = k;
            }

            var p = new LevelPoint(idx);
            AddIfNew(list, seen, p, history, problem);
        }

        if (_options.ExchangeCandidates)
        {
            foreach (var p in ExchangeMoves.Around(problem, center))
            {
                AddIfNew(list, seen, p, history, problem);
            }
        }

        return list;
    }

    private void FitSurrogate(SearchHistory history)
    {
        var rbf = _rbf!;
        for (var i = rbf.Count; i < history.Count; i++)
        {
            var u = _problem!.ToUnit(history.Records[i].Point);
            rbf.Add(u);
        }

        var values = history.Records.Select(r => r.Value).ToArray();
        var finite = values.Where(double.IsFinite).ToArray();
        var worst = finite.Length > 0 ? finite.Max() : 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = double.IsFinite(values[i]) ? values[i] : worst;
        }

        if (_options.CapAtMedian && values.Length > 0)
        {
            var sorted = values.Order().ToArray();
            var median = sorted.Length % 2 == 1
                ? sorted[sorted.Length / 2]
                : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Math.Min(values[i], median);
            }
        }

        rbf.Fit(values);
    }
}
