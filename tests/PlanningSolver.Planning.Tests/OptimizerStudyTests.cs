using System.Globalization;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Optimization;
using PlanningSolver.Planning.Output;
using PlanningSolver.Surrogate;
using PlanningSolver.Testing;
using Xunit.Abstractions;

namespace PlanningSolver.Planning.Tests;

/// <summary>
/// The optimizer acceptance study of docs/optimizer-study.md, replayed against the committed exhaustive run of
/// ring-33-s4 (docs/data/ring-33-s4-exhaustive.csv): the search is the one of <see cref="PlanDriver"/> (same problem,
/// same strategies, same batch), and every evaluation is looked up in the archive instead of being computed, so the
/// 20 runs take well under a second. A plan missing from the archive fails the test.
/// </summary>
public sealed class OptimizerStudyTests
{
    public const string ArchivePath = "docs/data/ring-33-s4-exhaustive.csv";

    /// <summary>The same exhaustive run with `plan`'s default DLMP pricing (after the per-hour price search made most
    /// evaluations settle).</summary>
    public const string DlmpArchivePath = "docs/data/ring-33-s4-dlmp-exhaustive.csv";

    public const int Budget = 40;

    /// <summary>The batch of the study's CLI runs: plan's fixed default.</summary>
    public const int Batch = 2;

    private readonly ITestOutputHelper _output;

    public OptimizerStudyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>The other landscapes of docs/optimizer-study.md: the exhaustive run with `plan`'s default DLMP pricing, and
    /// two held-out TOU runs with EV shares 0.2 and 0.4 (`--set ev_share=…`; the case's own is 0.3), recorded after the
    /// search was settled, so the search was not tuned on them.</summary>
    public static readonly TheoryData<string> OtherArchives = new()
    {
        DlmpArchivePath,
        "docs/data/ring-33-s4-ev0.2-exhaustive.csv",
        "docs/data/ring-33-s4-ev0.4-exhaustive.csv",
    };

    public static readonly TheoryData<string> AllArchives = new()
    {
        ArchivePath,
        DlmpArchivePath,
        "docs/data/ring-33-s4-ev0.2-exhaustive.csv",
        "docs/data/ring-33-s4-ev0.4-exhaustive.csv",
    };

    [Theory]
    [MemberData(nameof(AllArchives))]
    public void Archive_holds_every_plan_of_ring_33_s4_once(string archive)
    {
        var study = CaseLoader.Load("ring-33-s4");
        var rows = EvaluationsTable.Read(RepositoryRoot.Path(archive), study);
        Assert.Equal(256, rows.Count);
        Assert.Equal(256, rows.Select(r => Key(r.PowerKw)).Distinct().Count());
        Assert.Equal(256, FeasiblePoints.Count(Problem(study)));
    }

    /// <summary>Acceptance of issue 6 (first bullet, first half): DYCORS with the neighbourhood search after the step
    /// collapse (PlanDriver's settings) reaches the exhaustive optimum within 40 evaluations in at least 9 of seeds 1–10.</summary>
    [Fact]
    public void Dycors_reaches_the_exhaustive_optimum_in_at_least_9_of_10_seeds()
    {
        var (dycors, _) = Study();
        var reached = dycors.Count(r => r.FoundAt is not null);
        Assert.True(reached >= 9, $"DYCORS reached the exhaustive optimum within {Budget} evaluations in only {reached} of 10 seeds");
    }

    /// <summary>The same on seeds 1–200, so the 9-of-10 is not an accident of the first ten seeds: the documented
    /// figure (docs/optimizer-study.md) is 199 of 200; the test requires at least 95 %.</summary>
    [Fact]
    public void Dycors_reaches_the_exhaustive_optimum_in_at_least_95_percent_of_200_seeds()
    {
        var study = CaseLoader.Load("ring-33-s4");
        var rows = EvaluationsTable.Read(RepositoryRoot.Path(ArchivePath), study);
        var optimum = Optimum(rows);
        var reached = Enumerable.Range(1, 200).Count(seed => Replay(study, rows, optimum, seed, "dycors").FoundAt is not null);
        _output.WriteLine($"DYCORS reaches the optimum in {reached}/200 seeds");
        Assert.True(reached >= 190, $"DYCORS reached the exhaustive optimum in only {reached} of 200 seeds");
    }

    /// <summary>The acceptance on the other landscapes (docs/optimizer-study.md, "DLMP pricing" and "Held-out
    /// landscapes"): at least 9 of seeds 1–10 reach each exhaustive optimum, and DYCORS's median best merit is below
    /// random search's.</summary>
    [Theory]
    [MemberData(nameof(OtherArchives))]
    public void Dycors_meets_the_acceptance_on_the_other_landscapes(string archive)
    {
        var study = CaseLoader.Load("ring-33-s4");
        var rows = EvaluationsTable.Read(RepositoryRoot.Path(archive), study);
        var optimum = Optimum(rows);
        var dycors = Enumerable.Range(1, 10).Select(seed => Replay(study, rows, optimum, seed, "dycors", archive)).ToList();
        var random = Enumerable.Range(1, 10).Select(seed => Replay(study, rows, optimum, seed, "random", archive)).ToList();
        foreach (var r in dycors.Concat(random))
        {
            _output.WriteLine(r.ToString());
        }

        var reached = dycors.Count(r => r.FoundAt is not null);
        Assert.True(reached >= 9, $"{archive}: DYCORS reached the exhaustive optimum in only {reached} of 10 seeds");
        var dycorsMedian = Median(dycors.Select(r => r.BestMerit));
        var randomMedian = Median(random.Select(r => r.BestMerit));
        Assert.True(dycorsMedian < randomMedian, $"{archive}: median best merit: DYCORS {dycorsMedian:F2} is not below random {randomMedian:F2}");
    }

    /// <summary>Acceptance of issue 6 (first bullet, second half): DYCORS beats random search on the median best merit.</summary>
    [Fact]
    public void Dycors_beats_random_search_on_the_median_best_merit()
    {
        var (dycors, random) = Study();
        var dycorsMedian = Median(dycors.Select(r => r.BestMerit));
        var randomMedian = Median(random.Select(r => r.BestMerit));
        _output.WriteLine($"DYCORS reaches the optimum in {dycors.Count(r => r.FoundAt is not null)}/10 seeds, random in {random.Count(r => r.FoundAt is not null)}/10");
        _output.WriteLine($"median best merit: DYCORS {dycorsMedian:F2}, random {randomMedian:F2}");
        Assert.True(dycorsMedian < randomMedian, $"median best merit: DYCORS {dycorsMedian:F2} is not below random {randomMedian:F2}");
    }

    private (List<SeedResult> Dycors, List<SeedResult> Random) Study()
    {
        var study = CaseLoader.Load("ring-33-s4");
        var rows = EvaluationsTable.Read(RepositoryRoot.Path(ArchivePath), study);
        var optimum = Optimum(rows);
        _output.WriteLine($"optimum {Key(optimum.PowerKw)} merit {optimum.Merit.ToString("F2", CultureInfo.InvariantCulture)} feasible {optimum.Feasible}");
        var dycors = new List<SeedResult>();
        var random = new List<SeedResult>();
        for (var seed = 1; seed <= 10; seed++)
        {
            dycors.Add(Replay(study, rows, optimum, seed, "dycors"));
            random.Add(Replay(study, rows, optimum, seed, "random"));
        }

        foreach (var r in dycors.Concat(random))
        {
            _output.WriteLine(r.ToString());
        }

        return (dycors, random);
    }

    /// <summary>The optimum the way <see cref="PlanDriver"/> reports the best plan: lowest merit among feasible rows,
    /// else among all.</summary>
    public static PlanEvaluation Optimum(IReadOnlyList<PlanEvaluation> rows) =>
        rows.Where(r => r.Feasible).OrderBy(r => r.Merit).ThenBy(r => r.Order).FirstOrDefault()
        ?? rows.OrderBy(r => r.Merit).ThenBy(r => r.Order).First();

    /// <summary>The problem exactly as <see cref="PlanDriver"/> builds it.</summary>
    public static DiscreteProblem Problem(StudyCase study) => new(
        study.Stations.Select(s => (IReadOnlyList<double>)s.LevelsKw).ToArray(),
        kw => Economics.CapitalCost(study, new ChargingPlan(kw)) <= study.Parameters.Budget,
        names: study.Stations.Select(s => s.Id).ToArray());

    public static SeedResult Replay(StudyCase study, IReadOnlyList<PlanEvaluation> rows, PlanEvaluation optimum, int seed, string strategyName, string archive = ArchivePath)
    {
        var byPlan = rows.ToDictionary(r => Key(r.PowerKw));
        ISearchStrategy strategy = strategyName == "random"
            ? new RandomSearchStrategy(seed)
            : new DycorsStrategy(PlanDriver.DycorsOptionsFor(study, seed));
        var controller = new SearchController(Problem(study), new SearchOptions(Budget, Batch, 1));
        var search = controller.Run(strategy, kw => byPlan.TryGetValue(Key(kw), out var row)
            ? new EvaluationOutcome(row.Merit, row.Feasible, row)
            : throw new InvalidOperationException($"plan {Key(kw)} is not in {archive}"));
        var target = Key(optimum.PowerKw);
        var found = search.History.FirstOrDefault(r => Key(r.Values) == target);
        var best = search.History.Where(r => r.Feasible).OrderBy(r => r.Value).ThenBy(r => r.Order).FirstOrDefault()
            ?? search.History.OrderBy(r => r.Value).ThenBy(r => r.Order).First();
        return new SeedResult(strategyName, seed, found is null ? null : found.Order + 1, best.Value, best.Value - optimum.Merit, Key(best.Values));
    }

    public static string Key(IReadOnlyList<double> kw) => string.Join(";", kw.Select(v => Invariant.Format(v)));

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }

    /// <param name="FoundAt">1-based evaluation at which the optimum plan was first evaluated; null = not within the budget.</param>
    public sealed record SeedResult(string Strategy, int Seed, int? FoundAt, double BestMerit, double Gap, string BestPlan)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Strategy} seed {Seed}: optimum at {(FoundAt is { } n ? n.ToString(CultureInfo.InvariantCulture) : "-")}, best {BestMerit:F2} ({BestPlan}), gap {Gap:F2}");
    }
}
