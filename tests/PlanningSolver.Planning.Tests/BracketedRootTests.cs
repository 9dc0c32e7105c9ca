using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Tests;

public sealed class BracketedRootTests
{
    /// <summary>f(x) = 0.3 − x on [0, 1] (root 0.3 by hand): the first step is Newton's with the given slope −1, so it
    /// lands on the root at once; a wrong slope estimate (−4) is corrected by the secant step that follows.</summary>
    [Theory]
    [InlineData(-1.0, 1)]
    [InlineData(-4.0, 2)]
    public void A_linear_function_is_solved_by_newton_then_secant_steps(double slope, int steps)
    {
        var root = new BracketedRoot(0, 1, slope);
        var x = 0.9;
        for (var i = 0; i < steps; i++)
        {
            var value = 0.3 - x;
            x = root.Next(x, value, value > 0);
        }

        Assert.Equal(0.3, x, 12);
    }

    /// <summary>A step function (the value reads 1 below 0.7 and −1 above; the flag tells the side): secant steps see no
    /// slope, so the search bisects, and the bracket closes on 0.7 by halving (hand count: 40 halvings of 1).</summary>
    [Fact]
    public void A_step_function_is_bisected_onto_its_jump()
    {
        var root = new BracketedRoot(0, 1, 0);
        var x = 0.5;
        for (var i = 0; i < 40; i++)
        {
            var above = x < 0.7;
            x = root.Next(x, above ? 1 : -1, above);
        }

        Assert.True(root.Width <= Math.Pow(2, -38), $"width {root.Width}");
        Assert.Equal(0.7, x, 9);
    }

    /// <summary>A function flat between two trials whose root lies beyond them (a traffic response that does not move in
    /// this range of prices): the next trial is the untried end of the bracket, not a step along a stale slope.</summary>
    [Fact]
    public void A_flat_stretch_sends_the_search_to_the_untried_end()
    {
        var root = new BracketedRoot(0, 1, -1e-3);
        var x = root.Next(0.2, 5, rootAbove: true);
        Assert.True(x > 0.2);
        x = root.Next(x, 5, rootAbove: true);
        Assert.Equal(1.0, x);
    }
}
