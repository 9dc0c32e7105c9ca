namespace PlanningSolver.Traffic;

/// <summary>
/// One origin's bush for one class (Dial 2006): an acyclic subgraph of the expanded network reaching every node the
/// origin can reach, with the class's flow from that origin on each of its arcs. Stored compactly by position in a
/// topological order: position 0 is the origin, and the arcs entering the node at position p (its in-slots) are
/// <c>InStart[p] .. InStart[p + 1] − 1</c>, each with its arc, the position of its tail (always &lt; p) and its flow.
/// Arrays may be longer than <see cref="NodeCount"/> and <see cref="SlotCount"/>; they grow, never shrink.
/// </summary>
internal sealed class Bush
{
    public Bush(int classIndex, int origin)
    {
        Class = classIndex;
        Origin = origin;
    }

    public int Class { get; }

    /// <summary>Origin zone index (0-based; also the origin's expanded node).</summary>
    public int Origin { get; }

    public int NodeCount { get; private set; }

    public int SlotCount { get; private set; }

    /// <summary>Expanded node at each position.</summary>
    public int[] Order { get; private set; } = [];

    /// <summary>First in-slot of each position (length ≥ NodeCount + 1).</summary>
    public int[] InStart { get; private set; } = [];

    public int[] InArc { get; private set; } = [];

    /// <summary>Position of each in-slot's tail node.</summary>
    public int[] InTail { get; private set; } = [];

    /// <summary>Class flow from this origin on each in-slot's arc (vehicles per period).</summary>
    public double[] InFlow { get; private set; } = [];

    /// <summary>
    /// Position of the last merge (a node with two or more in-slots; 0 when there is none). Flow shifts happen only at
    /// merges and read labels only on paths back from them, so labels beyond it are never needed.
    /// </summary>
    public int LastMerge { get; private set; }

    /// <summary>Sets <see cref="LastMerge"/> from the in-slots; call after the slots are written.</summary>
    public void FindLastMerge()
    {
        for (var p = NodeCount - 1; p >= 1; p--)
        {
            if (InStart[p + 1] - InStart[p] >= 2)
            {
                LastMerge = p;
                return;
            }
        }

        LastMerge = 0;
    }

    /// <summary>Makes room for <paramref name="nodes"/> positions and <paramref name="slots"/> in-slots and sets the counts.</summary>
    public void Resize(int nodes, int slots)
    {
        if (Order.Length < nodes)
        {
            Order = new int[nodes];
            InStart = new int[nodes + 1];
        }

        if (InArc.Length < slots)
        {
            var capacity = Math.Max(slots, InArc.Length + (InArc.Length / 4));
            InArc = new int[capacity];
            InTail = new int[capacity];
            InFlow = new double[capacity];
        }

        NodeCount = nodes;
        SlotCount = slots;
    }
}
