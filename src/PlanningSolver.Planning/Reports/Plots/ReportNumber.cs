using System.Globalization;

namespace PlanningSolver.Planning.Reports.Plots;

/// <summary>Human-facing number text for plots and reports: invariant culture, thousands separators, "n/a" for NaN/∞.</summary>
internal static class ReportNumber
{
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
}
