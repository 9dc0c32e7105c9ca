namespace PlanningSolver.Traffic;

/// <summary>
/// Scratch buffers of one worker of <see cref="BushAssignmentSolver"/>, sized once to the expanded network. Buffers
/// indexed by node or arc are kept at their idle value between uses (-1 positions, 0 demand), so a bush is processed
/// in time proportional to its own size; stamps avoid clearing the marks.
/// </summary>
internal sealed class BushWorkspace
{
    public BushWorkspace(AssignmentModel model)
    {
        var nodes = model.ExpandedNodeCount;
        var arcs = model.ArcCount;
        Tree = new ShortestPathTree(nodes);
        Position = new int[nodes];
        Array.Fill(Position, -1);
        NodeDemand = new double[nodes];
        Shortest = new double[nodes];
        BushDistance = new double[nodes];
        Array.Fill(BushDistance, double.PositiveInfinity);
        Longest = new double[nodes];
        ShortestSlot = new int[nodes];
        LongestSlot = new int[nodes];
        Through = new double[nodes];
        Reaching = new double[nodes];
        Supplied = new bool[nodes];
        Indegree = new int[nodes];
        Queue = new int[nodes];
        NewPosition = new int[nodes];
        NewOrder = new int[nodes];
        NewInStart = new int[nodes + 1];
        ArcMark = new int[arcs];
        ArcFlow = new double[arcs];
        LongSegment = new int[nodes];
        ShortSegment = new int[nodes];
        NetCount = new int[model.AggregateCount];
        AggregateMark = new int[model.AggregateCount];
        Touched = new int[2 * nodes];
    }

    public ShortestPathTree Tree { get; }

    /// <summary>Expanded node → position in the bush being processed, -1 elsewhere.</summary>
    public int[] Position { get; }

    /// <summary>Expanded node → demand ending there from the bush's origin (0 elsewhere).</summary>
    public double[] NodeDemand { get; }

    // Labels by position: shortest bush path cost, longest used (or kept) path cost, and the in-slots achieving them.
    public double[] Shortest { get; }

    public double[] Longest { get; }

    /// <summary>Expanded node → shortest bush path cost from the origin of the bush being checked, +∞ elsewhere (and
    /// between uses).</summary>
    public double[] BushDistance { get; }

    public int[] ShortestSlot { get; }

    public int[] LongestSlot { get; }

    /// <summary>Flow through each position (demand ending there plus flow leaving it), for loading a bush; all zero
    /// between loads.</summary>
    public double[] Through { get; }

    /// <summary>The flow reaching each position at a topology update (round-off flows are measured against it).</summary>
    public double[] Reaching { get; }

    /// <summary>Per position, whether flow from the origin reaches it (the origin, or an in-slot with flow from such a
    /// position), for the topology update's removal of round-off flows.</summary>
    public bool[] Supplied { get; }

    // Topological sort and rebuilt bush.
    public int[] Indegree { get; }

    public int[] Queue { get; }

    public int[] NewPosition { get; }

    public int[] NewOrder { get; }

    public int[] NewInStart { get; }

    /// <summary>Arc → <see cref="Stamp"/> when the arc belongs to the bush being rebuilt, with its flow in <see cref="ArcFlow"/>.</summary>
    public int[] ArcMark { get; }

    public double[] ArcFlow { get; }

    // Newton shift: the two segments' in-slots, and the net number of times each cost term is crossed (longest minus
    // shortest) for the exact derivative.
    public int[] LongSegment { get; }

    public int[] ShortSegment { get; }

    public int[] NetCount { get; }

    public int[] AggregateMark { get; }

    public int[] Touched { get; }

    public int Stamp { get; private set; }

    /// <summary>A fresh stamp; marks are reset when the counter would overflow.</summary>
    public int NextStamp()
    {
        if (Stamp == int.MaxValue)
        {
            Array.Clear(ArcMark);
            Array.Clear(AggregateMark);
            Stamp = 0;
        }

        return ++Stamp;
    }
}
