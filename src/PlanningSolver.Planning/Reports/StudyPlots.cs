using PlanningSolver.Core;
using PlanningSolver.Planning.Reports.Plots;
using ScottPlot;

namespace PlanningSolver.Planning.Reports;

/// <summary>The PNG plots of the studies (issue 7): EV share against average DLMP, and the feeder load with and without V2G.</summary>
public static class StudyPlots
{
    public const string EvShareDlmpFile = "ev_share_dlmp.png";
    public const string FeederLoadFile = "feeder_load_v2g.png";

    /// <summary>
    /// Average DLMP at the station buses against EV share, markers and a line, sorted by share.
    /// <paramref name="points"/>: EV share as a fraction in [0, 1] (drawn in %), average DLMP in USD/MWh.
    /// </summary>
    public static byte[] EvShareDlmp(IReadOnlyList<(double EvShare, double AverageDlmpPerMwh)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var plot = PlotCanvas.Create("Average DLMP at the station buses vs EV share", "EV share of trips (%)", "Average DLMP (USD/MWh)");
        var sorted = points.Where(p => double.IsFinite(p.EvShare) && double.IsFinite(p.AverageDlmpPerMwh)).OrderBy(p => p.EvShare).ToList();
        if (sorted.Count == 0)
        {
            PlotCanvas.NoData(plot, "no study points");
            return PlotCanvas.Png(plot);
        }

        var xs = sorted.Select(p => p.EvShare * 100).ToArray();
        var ys = sorted.Select(p => p.AverageDlmpPerMwh).ToArray();
        var line = plot.Add.ScatterLine(xs, ys, PlotCanvas.Case1);
        line.LineWidth = 2;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.MarkerSize = 9;
        var (min, max) = (ys.Min(), ys.Max());
        var pad = Math.Max(0.1 * (max - min), Math.Max(0.02 * Math.Abs(max), 0.5));
        plot.Axes.SetLimitsY(min - pad, max + pad);
        var (left, right) = (xs.Min(), xs.Max());
        var xPad = Math.Max(0.04 * (right - left), 1);
        plot.Axes.SetLimitsX(left - xPad, right + xPad);
        return PlotCanvas.Png(plot);
    }

    /// <summary>Hourly substation load over the day (kW, hour k = element k), without and with V2G, one line each.</summary>
    public static byte[] FeederLoad(IReadOnlyList<double> withoutV2gKw, IReadOnlyList<double> withV2gKw)
    {
        ArgumentNullException.ThrowIfNull(withoutV2gKw);
        ArgumentNullException.ThrowIfNull(withV2gKw);
        var title = withoutV2gKw.Count > 0 && withV2gKw.Count > 0
            ? $"Substation load: peak {HumanNumber.Format(withoutV2gKw.Max(), 0)} kW without V2G, {HumanNumber.Format(withV2gKw.Max(), 0)} kW with V2G"
            : "Substation load with and without V2G";
        var plot = PlotCanvas.Create(title, "Hour of day", "Substation load (kW)");
        var values = new List<double>();
        foreach (var (series, name, color, pattern, shape) in new[]
        {
            (withoutV2gKw, "without V2G", PlotCanvas.Case2, LinePattern.Solid, MarkerShape.FilledSquare),
            (withV2gKw, "with V2G", PlotCanvas.Case1, LinePattern.Solid, MarkerShape.FilledCircle),
        })
        {
            if (series.Count == 0)
            {
                continue;
            }

            var line = plot.Add.ScatterLine(Enumerable.Range(0, series.Count).Select(h => (double)h).ToArray(), series.ToArray(), color);
            line.LineWidth = 2.5f;
            line.LinePattern = pattern;
            line.MarkerShape = shape;
            line.MarkerSize = 6;
            line.LegendText = name;
            values.AddRange(series.Where(double.IsFinite));
        }

        if (values.Count == 0)
        {
            PlotCanvas.NoData(plot, "no feeder load");
            return PlotCanvas.Png(plot);
        }

        PlotCanvas.HourTicks(plot);
        var (min, max) = (Math.Min(0, values.Min()), values.Max());
        plot.Axes.SetLimitsY(min, max + Math.Max(0.08 * (max - min), 1));
        PlotCanvas.LegendRight(plot);
        return PlotCanvas.Png(plot);
    }
}
