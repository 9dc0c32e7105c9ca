using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        var settled = Settled;
        ref var arcCost = ref MemoryMarshal.GetReference(cost);
        var heapSize = 0;
        distance[source] = 0;
        Push(source, 0, ref heapSize);
        while (heapSize > 0)
        {
            var u = PopMin(ref heapSize);
            Unchecked.At(settled, SettledCount++) = u;
            var baseIndex = u >= baseNodes ? u - baseNodes : u;
            if (baseIndex < firstThruIndex && baseIndex != source)
            {
                continue;
            }

            var du = Unchecked.At(distance, u);
            var last = Unchecked.At(firstOut, u + 1);
            for (var j = Unchecked.At(firstOut, u); j < last; j++)
            {
                var nd = du + Unsafe.Add(ref arcCost, (nint)(uint)j);
                var v = Unchecked.At(outHead, j);
                ref var dv = ref Unchecked.At(distance, v);
                if (nd < dv)
                {
                    var fresh = double.IsPositiveInfinity(dv);
                    dv = nd;
                    Unchecked.At(pred, v) = Unchecked.At(outArc, j);
                    if (fresh)
                    {
                        Push(v, nd, ref heapSize);
                    }
                    else
                    {
                        SiftUp(Unchecked.At(_position, v), v, nd);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
            var parentKey = Unchecked.At(keys, parent);
            if (parentKey <= key)
            {
                break;
            }

            var p = Unchecked.At(nodes, parent);
            Unchecked.At(keys, i) = parentKey;
            Unchecked.At(nodes, i) = p;
            Unchecked.At(position, p) = i;
            i = parent;
        }

        Unchecked.At(keys, i) = key;
        Unchecked.At(nodes, i) = node;
        Unchecked.At(position, node) = i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PopMin(ref int heapSize)
    {
        var keys = _heapKey;
        var nodes = _heap;
        var position = _position;
        var top = Unchecked.At(nodes, 0);
        Unchecked.At(position, top) = -1;
        heapSize--;
        if (heapSize > 0)
        {
            var last = Unchecked.At(nodes, heapSize);
            var key = Unchecked.At(keys, heapSize);
            var i = 0;
            while (true)
            {
                var child = (2 * i) + 1;
                if (child >= heapSize)
                {
                    break;
                }

                var childKey = Unchecked.At(keys, child);
                var right = child + 1;
                if (right < heapSize && Unchecked.At(keys, right) < childKey)
                {
                    child = right;
                    childKey = Unchecked.At(keys, right);
                }

                if (childKey >= key)
                {
                    break;
                }

                var c = Unchecked.At(nodes, child);
                Unchecked.At(keys, i) = childKey;
                Unchecked.At(nodes, i) = c;
                Unchecked.At(position, c) = i;
                i = child;
            }

            Unchecked.At(keys, i) = key;
            Unchecked.At(nodes, i) = last;
            Unchecked.At(position, last) = i;
        }

        return top;
    }
}
