namespace PlanningSolver.Surrogate.Tests;

/// <summary>
/// <see cref="DycorsOptions.PolishEvaluations"/> on the synthetic siting problem of <see cref="ExchangeSearchTests"/>
/// with paper-8's seven levels per site (0 = not built, 60 … 350 kW), whose optimum comes from enumerating the grid.
/// </summary>
public sealed class PolishSearchTests
{
    private static readonly double[] SiteLevels = [0, 60, 90, 120, 180, 240, 350];

    private static DiscreteProblem Sites() => new(Enumerable.Repeat(SiteLevels, 8).ToArray(), x => x.Sum() <= 1750);

    private static double Best(DiscreteProblem problem, int polish, int seed) =>
        new SearchController(problem, new SearchOptions(60, 2, 1))
            .Run(
                new DycorsStrategy(new DycorsOptions { Seed = seed, OnCollapse = CollapseAction.NeighbourhoodSearch, ExchangeCandidates = true, PolishEvaluations = polish }),
                x => new EvaluationOutcome(ExchangeSearchTests.Cost(x), true))
            .BestValue;

    /// <summary>The least cost over all 7⁸ plans within the budget, by enumeration.</summary>
    private static double Optimum()
    {
        var best = double.PositiveInfinity;
        var x = new double[8];
        var idx = new int[8];
        while (true)
        {
            for (var j = 0; j < 8; j++)
            {
                x[j] = SiteLevels[idx[j]];
            }

            if (x.Sum() <= 1750)
            {
                best = Math.Min(best, ExchangeSearchTests.Cost(x));
            }

            var k = 0;
            while (k < 8 && ++idx[k] == SiteLevels.Length)
            {
                idx[k++] = 0;
            }

            if (k == 8)
            {
                return best;
            }
        }
    }

    [Fact]
    public void Polish_proposals_are_exchanges_or_coordinate_moves_of_earlier_points_in_the_last_evaluations()
    {
        var problem = Sites();
        var search = new SearchController(problem, new SearchOptions(40, 2, 1)).Run(
            new DycorsStrategy(new DycorsOptions { Seed = 3, ExchangeCandidates = true, PolishEvaluations = 6 }),
            x => new EvaluationOutcome(ExchangeSearchTests.Cost(x), true));
        var records = search.History;
        Assert.Equal(40, records.Count);
        Assert.All(records.Take(34), r => Assert.NotEqual(ProposalKind.Polish, r.Kind));
        foreach (var r in records.Skip(34))
        {
            Assert.Equal(ProposalKind.Polish, r.Kind);
            var earlier = records.Where(e => e.Order < r.Order).Select(e => e.Point).ToList();
            Assert.Contains(earlier, e => ExchangeMoves.Around(problem, e).Concat(CoordinateMoves.Around(problem, e)).Contains(r.Point));
        }
    }

    /// <summary>Measured when written, 20 seeds of 60 evaluations: 14 reach the optimum with polishing and 14 without; of
    /// the six that miss, polishing ends closer on two (seeds 11 and 18) and further on one (seed 9). On this function
    /// it neither helps nor hurts the count; the paper-8 gain (17 → 18 of 20 seeds) is in docs/optimizer-study.md. The
    /// test holds the count: polishing must not cost a seed its optimum here.</summary>
    [Fact]
    public void Polishing_the_last_evaluations_keeps_the_seeds_that_reach_the_optimum()
    {
        var problem = Sites();
        var optimum = Optimum();
        var seeds = Enumerable.Range(1, 20).ToArray();
        var with = seeds.Count(s => Best(problem, 6, s) <= optimum + 1e-12);
        var without = seeds.Count(s => Best(problem, 0, s) <= optimum + 1e-12);
        Assert.True(with >= without, $"with polishing {with} of 20 seeds reach the optimum {optimum}, without {without}");
        Assert.True(with >= 14, $"with polishing {with} of 20 seeds reach the optimum {optimum}");
    }
}
