namespace PlanningSolver.Surrogate.Tests;

/// <summary>
/// <see cref="DycorsOptions.ExchangeCandidates"/> on a synthetic siting problem shaped like the default case paper-8:
/// 8 sites on a ring, each not built, small or large; the budget allows five large sites; which five is the question.
/// The optimum comes from enumerating all 3⁸ plans in the test.
/// </summary>
public sealed class ExchangeSearchTests
{
    private static readonly double[] SiteLevels = [0, 60, 350];
    private static readonly double[] Demand = [1.4, 1.0, 0.6, 0.8, 1.4, 1.0, 0.6, 1.2];

    private static DiscreteProblem Sites() => new(Enumerable.Repeat(SiteLevels, 8).ToArray(), x => x.Sum() <= 1750);

    /// <summary>Facility-location cost: each zone charges at the built site of least time (ring distance plus the
    /// charging time, which falls with the power and rises with the site's load), plus a fixed cost per built site.</summary>
    internal static double Cost(IReadOnlyList<double> x)
    {
        var load = new double[8];
        var cost = 0.0;
        for (var pass = 0; pass < 2; pass++)
        {
            Array.Clear(load);
            cost = 0;
            for (var i = 0; i < 8; i++)
            {
                var best = 50.0;
                var site = -1;
                for (var j = 0; j < 8; j++)
                {
                    if (x[j] <= 0)
                    {
                        continue;
                    }

                    var ring = Math.Min(Math.Abs(i - j), 8 - Math.Abs(i - j));
                    var time = (0.8 * ring) + (60 / x[j]) * (1 + (pass == 0 ? 0 : load[j] / 4));
                    if (time < best)
                    {
                        best = time;
                        site = j;
                    }
                }

                cost += Demand[i] * best;
                if (site >= 0)
                {
                    load[site] += Demand[i];
                }
            }
        }

        return cost + x.Count(v => v > 0) * 0.15 + (x.Sum() / 350 * 0.05);
    }

    private static double Best(DiscreteProblem problem, bool exchanges, int seed) =>
        new SearchController(problem, new SearchOptions(60, 2, 1))
            .Run(new DycorsStrategy(new DycorsOptions { Seed = seed, OnCollapse = CollapseAction.NeighbourhoodSearch, ExchangeCandidates = exchanges }), x => new EvaluationOutcome(Cost(x), true))
            .BestValue;

    /// <summary>Measured when written: 19 of 20 seeds reach the optimum (350,350,0,0,350,350,0,350) with exchanges, 13 of
    /// 20 without.</summary>
    [Fact]
    public void Exchanges_find_which_sites_get_the_large_size_more_often()
    {
        var problem = Sites();
        var optimum = new SearchController(problem, new SearchOptions(int.MaxValue, 64, 2)).Run(new ExhaustiveStrategy(), x => new EvaluationOutcome(Cost(x), true));
        var seeds = Enumerable.Range(1, 20).ToArray();
        var with = seeds.Count(s => Best(problem, true, s) <= optimum.BestValue + 1e-12);
        var without = seeds.Count(s => Best(problem, false, s) <= optimum.BestValue + 1e-12);
        Assert.True(with >= 18, $"with exchanges {with} of 20 seeds reach the optimum {optimum.BestValue}");
        Assert.True(with > without, $"with exchanges {with} of 20, without {without}");
    }
}
