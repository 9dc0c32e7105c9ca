namespace PlanningSolver.Traffic.Tntp;

/// <summary>One directed link of a TNTP <c>_net</c> file, as parsed (node ids as in the file).</summary>
/// <param name="From">init_node.</param>
/// <param name="To">term_node.</param>
/// <param name="Capacity">capacity (veh per demand period).</param>
/// <param name="Length">length (file units).</param>
/// <param name="FreeFlowTime">free_flow_time (file time units).</param>
/// <param name="B">BPR α ("b").</param>
/// <param name="Power">BPR β ("power").</param>
/// <param name="Speed">speed (informational).</param>
/// <param name="Toll">toll (file units; weighted by the toll factor).</param>
/// <param name="LinkType">link_type.</param>
public sealed record TntpLink(
    int From, int To, double Capacity, double Length, double FreeFlowTime, double B, double Power, double Speed, double Toll, int LinkType);

/// <summary>A TNTP <c>_net</c> file as parsed: metadata and links, in file order.</summary>
/// <param name="Source">The file name as given (for messages).</param>
/// <param name="Zones"><c>&lt;NUMBER OF ZONES&gt;</c>: zones are the nodes 1..Zones.</param>
/// <param name="Nodes"><c>&lt;NUMBER OF NODES&gt;</c>: nodes are numbered 1..Nodes.</param>
/// <param name="FirstThruNode"><c>&lt;FIRST THRU NODE&gt;</c>: nodes numbered below it carry no through traffic.</param>
/// <param name="Links">The links in file order.</param>
public sealed record TntpNetwork(string Source, int Zones, int Nodes, int FirstThruNode, IReadOnlyList<TntpLink> Links)
{
    /// <summary>What the reader accepted but changed (a dropped self-loop), one line each naming file and line; the CLI logs them.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>One line of a TNTP <c>_flow</c> file: a link's volume and cost.</summary>
public sealed record TntpLinkFlow(int From, int To, double Volume, double Cost);
