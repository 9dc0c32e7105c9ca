using PlanningSolver.Core;

namespace PlanningSolver.Traffic.Tntp;

/// <summary>Writes the TNTP <c>_net</c> and <c>_trips</c> formats (read back by <see cref="TntpReader"/>), numbers in invariant form.</summary>
public static class TntpWriter
{
    public static void WriteNetwork(TextWriter writer, TntpNetwork network)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(network);
        writer.Write($"<NUMBER OF ZONES> {network.Zones}\n<NUMBER OF NODES> {network.Nodes}\n");
        writer.Write($"<FIRST THRU NODE> {network.FirstThruNode}\n<NUMBER OF LINKS> {network.Links.Count}\n<END OF METADATA>\n\n");
        writer.Write("~\tinit_node\tterm_node\tcapacity\tlength\tfree_flow_time\tb\tpower\tspeed\ttoll\tlink_type\t;\n");
        foreach (var l in network.Links)
        {
            writer.Write(string.Join(
                '\t',
                "",
                Invariant.Format(l.From),
                Invariant.Format(l.To),
                Invariant.Format(l.Capacity),
                Invariant.Format(l.Length),
                Invariant.Format(l.FreeFlowTime),
                Invariant.Format(l.B),
                Invariant.Format(l.Power),
                Invariant.Format(l.Speed),
                Invariant.Format(l.Toll),
                Invariant.Format(l.LinkType),
                ";\n"));
        }
    }

    public static void WriteTrips(TextWriter writer, DemandMatrix demand)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(demand);
        writer.Write($"<NUMBER OF ZONES> {demand.Zones}\n<TOTAL OD FLOW> {Invariant.Format(demand.Total)}\n<END OF METADATA>\n");
        for (var o = 0; o < demand.Zones; o++)
        {
            writer.Write($"\nOrigin {o + 1}\n");
            var row = demand.Row(o);
            for (var d = 0; d < row.Length; d++)
            {
                writer.Write($"{d + 1} : {Invariant.Format(row[d])};{(d % 5 == 4 ? "\n" : " ")}");
            }

            writer.Write('\n');
        }
    }
}
