namespace PlanningSolver.Surrogate.Tests;

public sealed class ExchangeMovesTests
{
    /// <summary>Hand enumeration: variables 0–2 share the levels 0/60/350, variable 3 has its own. At (350, 0, 350, 120)
    /// the pairs (0, 1) and (1, 2) differ and swap; (0, 2) hold the same value; every pair with variable 3 has other
    /// levels.</summary>
    [Fact]
    public void Swaps_the_values_of_every_pair_of_equal_level_variables_that_differ()
    {
        double[] site = [0, 60, 350];
        var problem = new DiscreteProblem([site, site, site, [0, 120]]);
        var moves = ExchangeMoves.Around(problem, new LevelPoint(2, 0, 2, 1)).ToList();
        Assert.Equal([new LevelPoint(0, 2, 2, 1), new LevelPoint(2, 2, 0, 1)], moves);
    }

    [Fact]
    public void A_point_with_all_values_equal_has_no_exchange()
    {
        double[] site = [0, 60, 350];
        var problem = new DiscreteProblem([site, site, site]);
        Assert.Empty(ExchangeMoves.Around(problem, new LevelPoint(1, 1, 1)));
    }
}
