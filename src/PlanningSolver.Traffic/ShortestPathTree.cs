using System.Runtime.CompilerServices;

namespace PlanningSolver.Traffic;

/// <summary>
/// Dijkstra's algorithm with an indexed binary heap over buffers allocated once per graph size; a call allocates nothing.
/// Settles every node reachable from the source, records the settling order and each node's predecessor arc, and
/// honours the no-through-traffic rule for zones numbered below <c>FIRST THRU NODE</c>.
/// </summary>
internal sealed class ShortestPathTree
{
    private readonly int[] _heap;
    private readonly double[] _heapKey;
    private readonly int[] _position;

    public ShortestPathTree(int nodeCount)
    {
        Distance = new double[nodeCount];
        PredecessorArc = new int[nodeCount];
        Settled = new int[nodeCount];
        Load = new double[nodeCount];
        _heap = new int[nodeCount];
        _heapKey = new double[nodeCount];
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                        SiftUp(_position[v], v, nd);
                    }
                }
            }
        }
    }

    private void Push(int node, double key, ref int heapSize)
    {
        var i = heapSize++;
        SiftUp(i, node, key);
    }

    /// <summary>Moves <paramref name="node"/> with <paramref name="key"/> up from slot <paramref name="i"/>.</summary>
    private void SiftUp(int i, int node, double key)
    {
        var keys = _heapKey;
        var nodes = _heap;
        var position = _position;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            var parentKey = keys[parent];
            if (parentKey <= key)
            {
                break;
            }

            var p = nodes[parent];
            keys[i] = parentKey;
            nodes[i] = p;
            position[p] = i;
            i = parent;
        }

        keys[i] = key;
        nodes[i] = node;
        position[node] = i;
    }

    private int PopMin(ref int heapSize)
    {
        var keys = _heapKey;
        var nodes = _heap;
        var position = _position;
        var top = nodes[0];
        position[top] = -1;
        heapSize--;
        if (heapSize > 0)
        {
            var last = nodes[heapSize];
            var key = keys[heapSize];
            var i = 0;
            while (true)
            {
                var child = (2 * i) + 1;
                if (child >= heapSize)
                {
                    break;
                }

                var childKey = keys[child];
                var right = child + 1;
                if (right < heapSize && keys[right] < childKey)
                {
                    child = right;
                    childKey = keys[right];
                }

                if (childKey >= key)
                {
                    break;
                }

                var c = nodes[child];
                keys[i] = childKey;
                nodes[i] = c;
                position[c] = i;
                i = child;
            }

            keys[i] = key;
            nodes[i] = last;
            position[last] = i;
        }

        return top;
    }
}
