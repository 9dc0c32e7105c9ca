using PlanningSolver.Planning.Settings;

namespace PlanningSolver.Planning.Tests;

/// <summary>
/// Issue 14: the default budget of <c>plan</c> follows the number of stations d, max(60, 2(d+1) + 1 + 5d), so the
/// surrogate always gets at least 5 evaluations per station after the initial design (the uniform plan and a symmetric
/// Latin hypercube of 2(d+1) points).
/// </summary>
public sealed class DefaultBudgetTests
{
    [Theory]
    // Hand derivation: design 1 + 2(d+1); budget max(60, design + 5d).
    [InlineData(4, 11, 60)]   // ring-33-s4: 11 + 20 = 31 -> 60
    [InlineData(8, 19, 60)]   // paper-8, ring-33: 19 + 40 = 59 -> 60, the default before the rule
    [InlineData(9, 21, 66)]   // 21 + 45
    [InlineData(12, 27, 87)]  // 27 + 60: the Anaheim case of issue 14 (20 evaluations never left its design)
    [InlineData(14, 31, 101)] // 31 + 70
    public void The_default_budget_is_the_design_plus_five_evaluations_per_station_and_at_least_60(int stations, int design, int budget)
    {
        Assert.Equal(design, SearchSettings.InitialDesignSize(stations));
        Assert.Equal(budget, SearchSettings.DefaultEvaluations(stations));
        Assert.True(budget - design >= SearchSettings.SurrogateStepsPerStation * stations);
    }

    [Fact]
    public void Up_to_eight_stations_the_default_is_the_record_default()
    {
        for (var d = 1; d <= 8; d++)
        {
            Assert.Equal(RunSettings.Defaults.Search.Evaluations, SearchSettings.DefaultEvaluations(d));
        }
    }
}
