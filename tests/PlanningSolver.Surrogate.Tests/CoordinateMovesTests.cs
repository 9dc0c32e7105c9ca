namespace PlanningSolver.Surrogate.Tests;

public sealed class CoordinateMovesTests
{
    /// <summary>Hand enumeration: at (1, 0) on levels {0, 60, 350} × {0, 120} the moves are variable 0 to levels 0 and 2,
    /// then variable 1 to level 1.</summary>
    [Fact]
    public void Sets_one_variable_to_each_of_its_other_levels()
    {
        var problem = new DiscreteProblem([[0, 60, 350], [0, 120]]);
        var moves = CoordinateMoves.Around(problem, new LevelPoint(1, 0)).ToList();
        Assert.Equal([new LevelPoint(0, 0), new LevelPoint(2, 0), new LevelPoint(1, 1)], moves);
    }

    [Fact]
    public void A_variable_with_one_level_has_no_move()
    {
        var problem = new DiscreteProblem([[60]]);
        Assert.Empty(CoordinateMoves.Around(problem, new LevelPoint(0)));
    }
}
