using System.Globalization;
using PlanningSolver.Core;
using ScottPlot;

namespace PlanningSolver.Planning.Reports.Plots;

/// <summary>
/// The shared look of every plot: one font, fixed colours, fixed sizes, PNG bytes rendered in memory. Nothing here reads
/// the clock, the culture or a random source, so the same data always gives the same bytes on the same machine.
/// </summary>
internal static class PlotCanvas
{
    public const int Width = 1000;
    public const int Height = 560;
    public const int TallHeight = 720;

    public const string FontName = "DejaVu Sans";

    /// <summary>Case 1 (optimized) and Case 2 (uniform) always get these two colours.</summary>
    public static readonly Color Case1 = Color.FromHex("#1F77B4");
    public static readonly Color Case2 = Color.FromHex("#FF7F0E");
    public static readonly Color Limit = Color.FromHex("#D62728");
    public static readonly Color Neutral = Color.FromHex("#7F7F7F");
    public static readonly Color Good = Color.FromHex("#2CA02C");

    /// <summary>Category-10 colours, for one line per station.</summary>
    private static readonly Color[] Series =
    [
        Color.FromHex("#1F77B4"), Color.FromHex("#FF7F0E"), Color.FromHex("#2CA02C"), Color.FromHex("#D62728"),
        Color.FromHex("#9467BD"), Color.FromHex("#8C564B"), Color.FromHex("#E377C2"), Color.FromHex("#7F7F7F"),
        Color.FromHex("#BCBD22"), Color.FromHex("#17BECF"),
    ];

    public static Color SeriesColor(int index) => Series[index % Series.Length];

    /// <summary>The line pattern of series <paramref name="index"/>: solid for the first ten, dashed for the next ten, …</summary>
    public static LinePattern SeriesPattern(int index) => (index / Series.Length % 3) switch
    {
        0 => LinePattern.Solid,
        1 => LinePattern.Dashed,
        _ => LinePattern.Dotted,
    };

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, 18);
        plot.XLabel(xLabel, 15);
        plot.YLabel(yLabel, 15);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        return plot;
    }

    /// <summary>A legend in its own panel to the right of the data area, so it never covers data.</summary>
    public static void LegendRight(Plot plot)
    {
        var panel = plot.ShowLegend(Edge.Right);
        panel.Legend.FontSize = 13;
        panel.Legend.FontName = FontName;
    }

    /// <summary>Ticks at every <paramref name="step"/>-th hour of 0..23.</summary>
    public static void HourTicks(Plot plot, int step = 2)
    {
        var hours = Enumerable.Range(0, StudyCaseHours / step).Select(i => (double)(i * step)).ToArray();
        plot.Axes.Bottom.SetTicks(hours, hours.Select(h => Invariant.Format((int)h)).ToArray());
        plot.Axes.SetLimitsX(-0.5, StudyCaseHours - 0.5);
    }

    /// <summary>A centred note in an otherwise empty plot (no data to show).</summary>
    public static void NoData(Plot plot, string message)
    {
        var text = plot.Add.Text(message, 0, 0);
        text.Alignment = Alignment.MiddleCenter;
        text.LabelStyle.FontSize = 16;
        text.LabelStyle.FontName = FontName;
        text.LabelStyle.ForeColor = Neutral;
        plot.Axes.SetLimits(-1, 1, -1, 1);
    }

    /// <summary>
    /// Renders to PNG bytes. ScottPlot formats tick labels with the current culture, so the render runs under the
    /// invariant culture (a per-thread setting, restored afterwards): a decimal-comma machine draws the same image.
    /// </summary>
    public static byte[] Png(Plot plot, int width = Width, int height = Height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            return plot.GetImageBytes(width, height, ImageFormat.Png);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    private const int StudyCaseHours = Cases.StudyCase.Hours;
}
