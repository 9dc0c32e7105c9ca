using PlanningSolver.Core;

namespace PlanningSolver.Surrogate.Tests;

public sealed class SearchControllerTests
{
    private static readonly double[] Kw = [60, 90, 120, 180, 240, 350];

    /// <summary>Four stations, six power levels, investment budget Σ P ≤ 800 kW.</summary>
    private static DiscreteProblem Stations() => new([Kw, Kw, Kw, Kw], x => x.Sum() <= 800);

    /// <summary>A smooth cost with an interior optimum, in the spirit of a social-cost curve.</summary>
    private static double Cost(IReadOnlyList<double> x)
    {
        double[] target = [200, 110, 150, 90];
        var s = 0.0;
        for (var j = 0; j < x.Count; j++)
        {
            s += (j + 1) * Math.Pow((x[j] - target[j]) / 100, 2);
        }

        return s + (0.3 * Math.Sin(x[0] / 40));
    }

    private static SearchResult Run(DiscreteProblem problem, int budget, int batch, int threads, int seed, EvaluationArchive? archive = null, Func<IReadOnlyList<double>, EvaluationOutcome>? evaluate = null, Action<EvaluationRecord>? onEvaluated = null)
    {
        var controller = new SearchController(problem, new SearchOptions(budget, batch, threads)) { Archive = archive, OnEvaluated = onEvaluated };
        var strategy = new DycorsStrategy(new DycorsOptions { Seed = seed, FixedInitialPoints = [[120.0, 120, 120, 120]] });
        return controller.Run(strategy, evaluate ?? (x => new EvaluationOutcome(Cost(x), true)));
    }

    private static string Trace(SearchResult r) =>
        string.Join("|", r.History.Select(h => $"{h.Order}:{h.Batch}:{h.Point}:{Invariant.Format(h.Value)}:{h.Kind}"));

    [Fact]
    public void Same_seed_gives_the_same_history_with_one_and_two_threads()
    {
        var one = Run(Stations(), 40, 4, 1, 7);
        var two = Run(Stations(), 40, 4, 2, 7);
        Assert.Equal(40, one.History.Count);
        Assert.Equal(Trace(one), Trace(two));
        Assert.NotEqual(Trace(one), Trace(Run(Stations(), 40, 4, 1, 8)));
    }

    [Fact]
    public void Resume_from_an_archive_replays_the_run_and_evaluates_only_the_rest()
    {
        var first = Run(Stations(), 20, 4, 2, 3);
        var problem = Stations();

        // The archive is rebuilt as a driver would from its evaluations.csv: values written and parsed as text.
        var archive = new EvaluationArchive(problem);
        foreach (var r in first.History.Take(12))
        {
            var values = r.Values.Select(v => Parse(Invariant.Format(v))).ToArray();
            archive.Add(values, new EvaluationOutcome(Parse(Invariant.Format(r.Value)), r.Feasible));
        }

        var calls = 0;
        var resumed = Run(problem, 20, 4, 2, 3, archive, x =>
        {
            Interlocked.Increment(ref calls);
            return new EvaluationOutcome(Cost(x), true);
        });

        Assert.Equal(Trace(first), Trace(resumed));
        Assert.Equal(8, calls);
        Assert.Equal(8, resumed.EvaluatorCalls);
        Assert.Equal(12, resumed.ArchiveHits);
        Assert.All(resumed.History, r => Assert.Equal(r.Order < 12, r.FromArchive));
    }

    [Fact]
    public void Never_evaluates_a_budget_infeasible_point_or_a_point_twice()
    {
        ISearchStrategy[] strategies =
        [
            new DycorsStrategy(new DycorsOptions { Seed = 1 }),
            new DycorsStrategy(new DycorsOptions { Seed = 1, UniformCandidateShare = 0.3, FixedInitialPoints = [[350.0, 350, 350, 350]] }),
            new RandomSearchStrategy(1),
            new ExhaustiveStrategy(),
        ];
        foreach (var strategy in strategies)
        {
            var problem = new DiscreteProblem([Kw, Kw, Kw, Kw], x => x.Sum() <= 520);
            var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
            var result = new SearchController(problem, new SearchOptions(60, 3, 2)).Run(strategy, x =>
            {
                Assert.True(x.Sum() <= 520, $"{strategy.Name} evaluated an infeasible point");
                Assert.True(seen.TryAdd(string.Join(",", x), 0), $"{strategy.Name} evaluated {string.Join(",", x)} twice");
                return new EvaluationOutcome(Cost(x), true);
            });
            Assert.Equal(result.History.Count, result.History.Select(r => r.Point).Distinct().Count());
            Assert.Equal(result.History.Count, seen.Count);
        }
    }

    [Fact]
    public void Exhaustive_search_evaluates_every_feasible_point_once_and_converges()
    {
        var problem = new DiscreteProblem([Kw, Kw, Kw], x => x.Sum() <= 500);
        var result = new SearchController(problem, new SearchOptions(int.MaxValue, 8, 2)).Run(new ExhaustiveStrategy(), x => new EvaluationOutcome(Cost([.. x, 90]), true));
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.Equal(FeasiblePoints.Count(problem), result.History.Count);
        Assert.Equal(result.History.Min(r => r.Value), result.BestValue);
    }

    [Fact]
    public void Dycors_stops_converged_when_the_feasible_space_is_used_up()
    {
        double[] lv = [0, 1, 2];
        var problem = new DiscreteProblem([lv, lv], x => x[0] + x[1] <= 3);
        var result = new SearchController(problem, new SearchOptions(100, 2)).Run(new DycorsStrategy(), x => new EvaluationOutcome(x[0] - x[1], true));
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.Equal(8, result.History.Count);
    }

    [Fact]
    public void Reports_infeasible_without_calling_the_evaluator_when_nothing_meets_the_known_constraint()
    {
        var problem = new DiscreteProblem([Kw, Kw], _ => false);
        var result = new SearchController(problem, new SearchOptions(10)).Run(new DycorsStrategy(), _ => throw new InvalidOperationException("called"));
        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Empty(result.History);
        Assert.Null(result.Best);
    }

    [Fact]
    public void Callback_sees_every_evaluation_once_including_archive_reuses()
    {
        // Replay needs the same seed and options, the budget included (it schedules DYCORS's perturbation probability).
        var first = Run(Stations(), 24, 4, 2, 5);
        var archive = new EvaluationArchive(Stations());
        archive.AddRange(first.History.Take(6));
        var orders = new List<(int Order, bool FromArchive)>();
        var result = Run(Stations(), 24, 4, 2, 5, archive, onEvaluated: r => orders.Add((r.Order, r.FromArchive)));
        Assert.Equal(Enumerable.Range(0, 24), orders.Select(o => o.Order).Order());
        Assert.Equal(6, orders.Count(o => o.FromArchive));
        Assert.Equal(Trace(first), Trace(result));
    }

    [Fact]
    public void Best_prefers_feasible_outcomes_and_survives_failed_evaluations()
    {
        // Penalty contract: the evaluator returns objective + penalty with Feasible = false for violations.
        // Here points with x0 = 60 are "grid-infeasible" yet carry the lowest value; a failed evaluation returns +∞.
        var result = Run(Stations(), 30, 2, 1, 2, evaluate: x =>
            x[1] == 350 ? new EvaluationOutcome(double.PositiveInfinity, false)
            : x[0] == 60 ? new EvaluationOutcome(-100 + Cost(x), false)
            : new EvaluationOutcome(Cost(x), true));
        Assert.True(result.Best!.Feasible);
        Assert.Equal(result.History.Where(r => r.Feasible).Min(r => r.Value), result.BestValue);
        Assert.Equal(30, result.History.Count);
    }

    [Fact]
    public void Stops_at_the_target_value()
    {
        var problem = Stations();
        var optimum = FeasiblePoints.Enumerate(problem).Min(p => Cost(problem.Values(p)));
        var controller = new SearchController(problem, new SearchOptions(500, 1, 1, TargetValue: optimum));
        var result = controller.Run(new DycorsStrategy(new DycorsOptions { Seed = 4 }), x => new EvaluationOutcome(Cost(x), true));
        Assert.Equal(SolveStatus.Converged, result.Status);
        Assert.Equal(optimum, result.BestValue);
        Assert.Equal(result.History.Count, result.Convergence.Count);
        Assert.Equal(optimum, result.Convergence.Last!.Value.Objective);
    }

    [Fact]
    public void Stops_on_the_time_limit_after_a_whole_batch()
    {
        var controller = new SearchController(Stations(), new SearchOptions(100, 3, 1, MaxSeconds: 0.01));
        var result = controller.Run(new RandomSearchStrategy(1), x =>
        {
            Thread.Sleep(10);
            return new EvaluationOutcome(Cost(x), true);
        });
        Assert.Equal(SolveStatus.TimeLimit, result.Status);
        Assert.Equal(3, result.History.Count);
    }

    [Fact]
    public void Cancellation_between_batches_throws_after_reporting_the_finished_batch()
    {
        using var cts = new CancellationTokenSource();
        var reported = 0;
        var controller = new SearchController(Stations(), new SearchOptions(100, 2, 2))
        {
            OnEvaluated = _ =>
            {
                reported++;
                cts.Cancel();
            },
        };
        Assert.Throws<OperationCanceledException>(() =>
            controller.Run(new DycorsStrategy(), x => new EvaluationOutcome(Cost(x), true), cts.Token));
        Assert.Equal(2, reported);
    }

    [Fact]
    public void A_dycors_strategy_refuses_a_second_run()
    {
        var strategy = new DycorsStrategy();
        var controller = new SearchController(Stations(), new SearchOptions(5));
        controller.Run(strategy, x => new EvaluationOutcome(Cost(x), true));
        Assert.Throws<InvalidOperationException>(() => controller.Run(strategy, x => new EvaluationOutcome(Cost(x), true)));
    }

    [Fact]
    public void Rejects_a_strategy_that_repeats_a_point()
    {
        var problem = Stations();
        var controller = new SearchController(problem, new SearchOptions(10));
        Assert.Throws<InvalidOperationException>(() => controller.Run(new RepeatingStrategy(), x => new EvaluationOutcome(Cost(x), true)));
    }

    private static double Parse(string text) => Invariant.TryParseFinite(text, out var v) ? v : throw new FormatException(text);

    private sealed class RepeatingStrategy : ISearchStrategy
    {
        public string Name => "repeat";

        public IReadOnlyList<Proposal> Propose(int count, SearchHistory history) => [new Proposal(new LevelPoint(0, 0, 0, 0), ProposalKind.Random)];

        public void Observe(IReadOnlyList<EvaluationRecord> batch, SearchHistory history)
        {
        }
    }
}
