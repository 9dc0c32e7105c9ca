using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Tests;

public sealed class EvaluationSummaryTests
{
    /// <summary>The grid check fails from 0.001 kWh/day of unserved load; its message printed the 0.00102 kWh/day of
    /// ring-33-s4 S2=60,S4=60,S5=60,S8=240 as "0.0 kWh". Expected texts by hand: one decimal from 1 kWh, three
    /// significant digits below.</summary>
    [Theory]
    [InlineData(0.0010242610457358858, "0.00102")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.123456, "0.123")]
    [InlineData(1.0, "1.0")]
    [InlineData(231.54, "231.5")]
    public void Unserved_energy_in_the_grid_check_message_never_reads_zero(double kwh, string expected) =>
        Assert.Equal(expected, EvaluationSummary.Kwh(kwh));
}
