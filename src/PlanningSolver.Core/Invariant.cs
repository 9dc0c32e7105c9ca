using System.Globalization;

namespace PlanningSolver.Core;

/// <summary>
/// Culture-independent number parsing and formatting. Every number read from or written to a file goes through here,
/// so a machine set to a decimal-comma locale reads and writes the same bytes.
/// </summary>
public static class Invariant
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>Shortest text that round-trips the double exactly; stable across runs and machines.</summary>
    public static string Format(double value) => value.ToString("R", Culture);

    /// <summary>Fixed number of decimals, for human-facing tables; "n/a" for NaN and infinities (an undefined figure of a
    /// failed solve), which machine-readable outputs write as null (JSON) or in round-trip form (CSV) instead.</summary>
    public static string Format(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("F" + decimals.ToString(Culture), Culture) : "n/a";

    /// <summary>A number of significant digits (e.g. 1.12E-07), for messages about tolerances and gaps.</summary>
    public static string Significant(double value, int digits) => value.ToString("G" + digits.ToString(Culture), Culture);

    public static string Format(int value) => value.ToString(Culture);

    public static string Format(long value) => value.ToString(Culture);

    /// <summary>Parses a finite double (rejects NaN, ±Inf, thousands separators and decimal commas).</summary>
    public static bool TryParseFinite(ReadOnlySpan<char> text, out double value)
    {
        if (double.TryParse(text.Trim(), NumberStyles.Float, Culture, out value) && double.IsFinite(value))
        {
            return true;
        }

        value = double.NaN;
        return false;
    }

    /// <summary>Parses a number written by <see cref="Format(double)"/>; throws <see cref="FormatException"/> otherwise.</summary>
    public static double Parse(string text) =>
        double.TryParse(text, NumberStyles.Float, Culture, out var value) ? value : throw new FormatException($"'{text}' is not a number");

    public static bool TryParseInt(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, Culture, out value);
}
