using System.Globalization;
using PlanningSolver.Core;
using PlanningSolver.Planning.Reports;
using PlanningSolver.Planning.Studies;

namespace PlanningSolver.Planning.Output;

/// <summary>The files of <c>v2g --out DIR</c>: v2g_hourly.csv and the feeder-load plot.</summary>
public static class V2gFiles
{
    public const string HourlyFile = "v2g_hourly.csv";

    /// <summary>Every file <c>v2g --out</c> writes.</summary>
    public static IReadOnlyList<string> Names { get; } = [HourlyFile, StudyPlots.FeederLoadFile];

    public static void Write(string folder, V2gResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        AtomicFile.Write(Path.Combine(folder, HourlyFile), w => WriteHourly(w, result));
        var png = StudyPlots.FeederLoad(result.SubstationKwWithout, result.SubstationKwWith);
        AtomicFile.WriteBytes(Path.Combine(folder, StudyPlots.FeederLoadFile), s => s.Write(png));
    }

    /// <summary>hour, substation_kw_without, substation_kw_with, then per station discharge_kw_S, recharge_kw_S.</summary>
    private static void WriteHourly(TextWriter w, V2gResult r)
    {
        var header = new List<string> { "hour", "substation_kw_without", "substation_kw_with" };
        foreach (var s in r.Stations)
        {
            header.Add($"discharge_kw_{s.Id}");
            header.Add($"recharge_kw_{s.Id}");
        }

        w.Write(string.Join(",", header) + "\n");
        for (var t = 0; t < r.SubstationKwWith.Count; t++)
        {
            var row = new List<string>
            {
                t.ToString(CultureInfo.InvariantCulture),
                Invariant.Format(r.SubstationKwWithout[t]),
                Invariant.Format(r.SubstationKwWith[t]),
            };
            foreach (var s in r.Stations)
            {
                row.Add(s.DischargeKw.Count > t ? Invariant.Format(s.DischargeKw[t]) : "");
                row.Add(s.RechargeKw.Count > t ? Invariant.Format(s.RechargeKw[t]) : "");
            }

            w.Write(string.Join(",", row) + "\n");
        }
    }
}
