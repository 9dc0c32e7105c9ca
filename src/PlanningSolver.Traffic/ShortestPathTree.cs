namespace PlanningSolver.Traffic;

/// <summary>
/// Dijkstra's algorithm with an indexed binary heap over buffers allocated once per graph size; a call allocates nothing.
/// Settles every node reachable from the source, records the settling order and each node's predecessor arc, and
/// honours the no-through-traffic rule for zones numbered below <c>FIRST THRU NODE</c>.
/// </summary>
internal sealed class ShortestPathTree
{
    private readonly int[] _heap;
    private readonly int[] _position;

    public ShortestPathTree(int nodeCount)
    {
        Distance = new double[nodeCount];
        PredecessorArc = new int[nodeCount];
        Settled = new int[nodeCount];
        Load = new double[nodeCount];
        _heap = new int[nodeCount];
        _position = new int[nodeCount];
        Array.Fill(Distance, double.PositiveInfinity);
        Array.Fill(PredecessorArc, -1);
        Array.Fill(_position, -1);
    }

    /// <summary>Distance per node after <see cref="Run"/>; +∞ where unreachable.</summary>
    public double[] Distance { get; }

    /// <summary>Arc entering each settled node on its shortest path (-1 at the source or when unreachable).</summary>
    public int[] PredecessorArc { get; }

    /// <summary>Settled nodes in settling order (the first <see cref="SettledCount"/> entries).</summary>
    public int[] Settled { get; }

    public int SettledCount { get; private set; }

    /// <summary>Scratch per node for loading demand onto the tree (kept zero between uses).</summary>
    public double[] Load { get; }

    /// <summary>
    /// Runs from <paramref name="source"/> with arc costs <paramref name="cost"/> given in forward-star order (entry j is
    /// the cost of arc <c>OutArc[j]</c>; +∞ = arc closed). A node whose base
    /// index (index modulo <paramref name="baseNodes"/>) is below <paramref name="firstThruIndex"/> is not expanded
    /// unless it is a copy of the source.
    /// </summary>
    public void Run(AssignmentModel graph, int source, ReadOnlySpan<double> cost, int baseNodes, int firstThruIndex)
    {
        for (var i = 0; i < SettledCount; i++)
        {
            var v = Settled[i];
            Distance[v] = double.PositiveInfinity;
            PredecessorArc[v] = -1;
        }

        SettledCount = 0;
        var firstOut = graph.FirstOut;
        var outArc = graph.OutArc;
        var outHead = graph.OutHead;
        var distance = Distance;
        var pred = PredecessorArc;
        var heapSize = 0;
        distance[source] = 0;
        Push(source, 0, ref heapSize);
        while (heapSize > 0)
        {
            var u = PopMin(ref heapSize);
            Settled[SettledCount++] = u;
            var baseIndex = u >= baseNodes ? u - baseNodes : u;
            if (baseIndex < firstThruIndex && baseIndex != source)
            {
                continue;
            }

            var du = distance[u];
            for (var j = firstOut[u]; j < firstOut[u + 1]; j++)
            {
                var nd = du + cost[j];
                var v = outHead[j];
                if (nd < distance[v])
                {
                    var fresh = double.IsPositiveInfinity(distance[v]);
                    distance[v] = nd;
                    pred[v] = outArc[j];
                    if (fresh)
                    {
                        Push(v, nd, ref heapSize);
                    }
                    else
                    {
                        SiftUp(_position[v], nd);
                    }
                }
            }
        }
    }

    private void Push(int node, double key, ref int heapSize)
    {
        var i = heapSize++;
        _heap[i] = node;
        _position[node] = i;
        SiftUp(i, key);
    }

    private void SiftUp(int i, double key)
    {
        var node = _heap[i];
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            var p = _heap[parent];
            if (Distance[p] <= key)
            {
                break;
            }

            _heap[i] = p;
            _position[p] = i;
            i = parent;
        }

        _heap[i] = node;
        _position[node] = i;
    }

    private int PopMin(ref int heapSize)
    {
        var top = _heap[0];
        _position[top] = -1;
        heapSize--;
        if (heapSize > 0)
        {
            var last = _heap[heapSize];
            var key = Distance[last];
            var i = 0;
            while (true)
            {
                var child = (2 * i) + 1;
                if (child >= heapSize)
                {
                    break;
                }

                var right = child + 1;
                if (right < heapSize && Distance[_heap[right]] < Distance[_heap[child]])
                {
                    child = right;
                }

                if (Distance[_heap[child]] >= key)
                {
                    break;
                }

                _heap[i] = _heap[child];
                _position[_heap[i]] = i;
                i = child;
            }

            _heap[i] = last;
            _position[last] = i;
        }

        return top;
    }
}
