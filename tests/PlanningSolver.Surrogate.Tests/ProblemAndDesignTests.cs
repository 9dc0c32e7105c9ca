namespace PlanningSolver.Surrogate.Tests;

public sealed class DiscreteProblemTests
{
    private static readonly double[] Kw = [60, 90, 120, 180, 240, 350];

    [Fact]
    public void Scales_each_variable_by_its_level_range()
    {
        var problem = new DiscreteProblem([Kw, [0, 10]]);
        var u = problem.ToUnit(new LevelPoint(2, 1));
        Assert.Equal((120.0 - 60) / (350 - 60), u[0], 15);
        Assert.Equal(1.0, u[1]);
        Assert.Equal(30.0 / 290, problem.MinUnitSpacing, 15);
    }

    [Fact]
    public void Snaps_values_on_the_levels_and_rejects_others()
    {
        var problem = new DiscreteProblem([Kw, Kw]);
        Assert.Equal(new LevelPoint(5, 0), problem.Snap([350.0, 60.0]));
        Assert.Throws<ArgumentException>(() => problem.Snap([100.0, 60.0]));
        Assert.Equal(new LevelPoint(1, 3), problem.Round([100.0, 170.0]));
    }

    [Fact]
    public void Rejects_levels_that_are_not_strictly_ascending() =>
        Assert.Throws<ArgumentException>(() => new DiscreteProblem([[60.0, 60.0, 90.0]]));

    [Fact]
    public void Enumerates_the_feasible_grid_in_lexicographic_order()
    {
        // Hand count: levels {0,1,2}² with x + y ≤ 2 leaves (0,0) (0,1) (0,2) (1,0) (1,1) (2,0).
        var problem = new DiscreteProblem([[0.0, 1, 2], [0.0, 1, 2]], x => x[0] + x[1] <= 2);
        var points = FeasiblePoints.Enumerate(problem).Select(p => p.ToString()).ToArray();
        Assert.Equal(["(0,0)", "(0,1)", "(0,2)", "(1,0)", "(1,1)", "(2,0)"], points);
        Assert.Equal(6, FeasiblePoints.Count(problem));
    }

    [Fact]
    public void Level_points_have_value_equality()
    {
        var set = new HashSet<LevelPoint> { new(1, 2, 3) };
        Assert.Contains(new LevelPoint(1, 2, 3), set);
        Assert.DoesNotContain(new LevelPoint(3, 2, 1), set);
    }
}

public sealed class ExperimentalDesignTests
{
    [Theory]
    [InlineData(8, 3)]
    [InlineData(14, 6)]
    [InlineData(7, 4)]
    public void Symmetric_latin_hypercube_has_one_point_per_stratum_and_mirrored_rows(int n, int d)
    {
        // Definition of a symmetric Latin hypercube (Ye, Li & Sudjianto 2000): each column is a permutation of the
        // stratum centres (k + 0.5)/n, and row n−1−i equals 1 − row i.
        var design = ExperimentalDesign.SymmetricLatinHypercube(n, d, new Random(42));
        Assert.Equal(n, design.Length);
        var centres = Enumerable.Range(0, n).Select(k => (k + 0.5) / n).ToArray();
        for (var j = 0; j < d; j++)
        {
            var column = design.Select(row => row[j]).Order().ToArray();
            for (var k = 0; k < n; k++)
            {
                Assert.Equal(centres[k], column[k], 12);
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                Assert.Equal(1.0, design[i][j] + design[n - 1 - i][j], 12);
            }
        }
    }

    [Fact]
    public void Grid_design_is_feasible_distinct_deterministic_and_starts_with_the_fixed_points()
    {
        double[] kw = [60, 90, 120, 180, 240, 350];
        var problem = new DiscreteProblem([kw, kw, kw, kw], x => x.Sum() <= 700);
        var uniform = new LevelPoint(2, 2, 2, 2);
        var a = ExperimentalDesign.OnGrid(problem, 10, [uniform], _ => false, 0, new Random(9));
        var b = ExperimentalDesign.OnGrid(problem, 10, [uniform], _ => false, 0, new Random(9));
        Assert.Equal(a, b);
        Assert.Equal(uniform, a[0]);
        Assert.Equal(11, a.Count);
        Assert.Equal(a.Count, a.Distinct().Count());
        Assert.All(a, p => Assert.True(problem.IsKnownFeasible(p)));
        Assert.Equal(5, ExperimentalDesign.Rank(problem, a));
    }

    [Fact]
    public void Grid_design_skips_points_already_evaluated()
    {
        double[] lv = [0, 1, 2];
        var problem = new DiscreteProblem([lv, lv]);
        var taken = FeasiblePoints.Enumerate(problem).Take(7).ToHashSet();
        var design = ExperimentalDesign.OnGrid(problem, 6, [], taken.Contains, taken.Count, new Random(1));
        Assert.True(design.Count <= 2);
        Assert.All(design, p => Assert.DoesNotContain(p, taken));
    }
}
