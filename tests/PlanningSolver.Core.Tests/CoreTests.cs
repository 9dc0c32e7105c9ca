using System.Globalization;
using PlanningSolver.Core;

namespace PlanningSolver.Core.Tests;

public sealed class StopCriteriaTests
{
    [Theory]
    [InlineData(1e-7, 3, 0.1, SolveStatus.Converged)]
    [InlineData(1e-3, 10, 0.1, SolveStatus.IterationLimit)]
    [InlineData(1e-3, 3, 5.0, SolveStatus.TimeLimit)]
    public void Stops_on_the_first_criterion_met(double measure, int iteration, double seconds, SolveStatus expected)
    {
        var stop = new StopCriteria(1e-6, 10, 5.0);
        Assert.Equal(expected, stop.Check(measure, iteration, seconds));
    }

    [Fact]
    public void Goes_on_while_no_criterion_is_met() =>
        Assert.Null(new StopCriteria(1e-6, 10, 5.0).Check(1e-3, 3, 0.1));

    [Fact]
    public void Rejects_nan_tolerance() =>
        Assert.Throws<ArgumentException>(() => new StopCriteria(double.NaN, 10).Validated());
}

public sealed class InputErrorTests
{
    [Fact]
    public void Message_names_file_line_and_column_on_one_line()
    {
        var e = new InputError("links.csv", 7, "capacity", "must be > 0,\ngot -3");
        Assert.Equal("links.csv:7: column 'capacity': must be > 0, got -3", e.Message);
    }
}

public sealed class InvariantTests
{
    [Fact]
    public void Parses_and_formats_with_a_dot_whatever_the_thread_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE", useUserOverride: false);
            Assert.True(Invariant.TryParseFinite("1.5", out var x));
            Assert.Equal(1.5, x);
            Assert.Equal("0.1", Invariant.Format(0.1));
            Assert.False(Invariant.TryParseFinite("NaN", out _));
            Assert.False(Invariant.TryParseFinite("abc", out _));
            Assert.Equal("n/a", Invariant.Format(double.NaN, 3));
            Assert.Equal("1.500", Invariant.Format(1.5, 3));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}

public sealed class AtomicFileTests
{
    [Fact]
    public void A_failed_write_leaves_the_previous_file_and_no_temporary()
    {
        var dir = Directory.CreateTempSubdirectory("ps-atomic-").FullName;
        var path = System.IO.Path.Combine(dir, "result.csv");
        AtomicFile.WriteAllText(path, "old\n");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, w =>
        {
            w.Write("half");
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("old\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
    }
}

public sealed class DeterministicParallelTests
{
    [Fact]
    public void Map_gives_the_same_array_for_any_thread_count()
    {
        var one = DeterministicParallel.Map(1000, 1, i => Math.Sin(i) * i);
        var many = DeterministicParallel.Map(1000, 4, i => Math.Sin(i) * i);
        Assert.Equal(one, many);
    }
}

public sealed class HumanNumberTests
{
    [Theory]
    // Hand-rounded: 2 significant digits, plain decimal form, never an exponent.
    [InlineData(9.592018476525799E-05, "0.000096")]
    [InlineData(0.0003249, "0.00032")]
    [InlineData(1.234, "1.2")]
    [InlineData(0, "0")]
    [InlineData(3e-12, "< 0.000000001")]
    [InlineData(double.NaN, "n/a")]
    public void Significant_has_two_digits_and_no_exponent(double value, string text) =>
        Assert.Equal(text, HumanNumber.Significant(value));

    [Theory]
    [InlineData(520.0 / 3, "173.3")]
    [InlineData(350, "350")]
    [InlineData(-0.01, "0")]
    public void Short_keeps_at_most_one_decimal(double value, string text) => Assert.Equal(text, HumanNumber.Short(value));

    [Fact]
    public void Format_groups_thousands_whatever_the_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("2,922,658", HumanNumber.Format(2_922_657.82, 0));
            Assert.Equal("0.9073", HumanNumber.Format(0.90726, 4));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }
}
