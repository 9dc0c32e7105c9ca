using PlanningSolver.Core;
using PlanningSolver.Power;

namespace PlanningSolver.Planning.Output;

/// <summary>The per-bus table of <c>pf --out FILE</c>: one row per bus, full precision.</summary>
public static class PowerFlowFile
{
    public static IReadOnlyList<string> Columns { get; } = ["bus", "v_pu", "angle_deg", "p_load_kw", "q_load_kvar"];

    public static void Write(string path, PowerFlowResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        AtomicFile.Write(path, writer =>
        {
            var csv = new CsvText(writer, [.. Columns]);
            foreach (var bus in result.Buses.OrderBy(b => b.BusId))
            {
                csv.Field(bus.BusId).Field(bus.VPu).Field(bus.AngleDeg).Field(bus.PLoadMw * 1000).Field(bus.QLoadMvar * 1000).EndRow();
            }
        });
    }
}
