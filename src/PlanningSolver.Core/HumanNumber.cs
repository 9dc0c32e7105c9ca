using System.Globalization;

namespace PlanningSolver.Core;

/// <summary>
/// Human-facing number text for printed summaries, report tables and plots: invariant culture, rounded, thousands
/// separators, never an exponent, "n/a" for NaN/∞. Files (CSV, JSON) keep full precision through
/// <see cref="Invariant.Format(double)"/> instead.
/// </summary>
public static class HumanNumber
{
    /// <summary>Fixed decimals with thousands separators, e.g. 2,922,658 or 173.3.</summary>
    public static string Format(double value, int decimals)
    {
        if (!double.IsFinite(value))
        {
            return "n/a";
        }

        // No "-0.00" for a tiny negative value.
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0 : rounded).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    public static string Format(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>With an explicit sign for positive values, e.g. "+1,234.50" and "-1,234.50".</summary>
    public static string Signed(double value, int decimals)
    {
        var text = Format(value, decimals);
        return double.IsFinite(value) && text[0] != '-' && Math.Round(value, decimals, MidpointRounding.AwayFromZero) > 0 ? "+" + text : text;
    }

    /// <summary>At most <paramref name="decimals"/> decimals, trailing zeros dropped, no separators: 350, 173.3 (for
    /// values read back by a person typing them, such as kW levels in S1=173.3).</summary>
    public static string Short(double value, int decimals = 1)
    {
        if (!double.IsFinite(value))
        {
            return "n/a";
        }

        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0 : rounded).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A quantity such as a residual or a gap with <paramref name="digits"/> significant digits in plain decimal form
    /// (9.6e-5 → "0.000096"), never an exponent; magnitudes under 1e-9 print as "&lt; 0.000000001".
    /// </summary>
    public static string Significant(double value, int digits = 2)
    {
        if (!double.IsFinite(value))
        {
            return "n/a";
        }

        if (value == 0)
        {
            return "0";
        }

        const double Smallest = 1e-9;
        if (Math.Abs(value) < Smallest)
        {
            return value < 0 ? "> -0.000000001" : "< 0.000000001";
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var decimals = Math.Clamp(digits - 1 - magnitude, 0, 15);
        return Format(value, decimals);
    }
}
