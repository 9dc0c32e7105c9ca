using PlanningSolver.Core;

namespace PlanningSolver.Traffic;

/// <summary>
/// Direction finding of the Frank-Wolfe family: every class's demand loaded all-or-nothing on shortest-path trees at
/// the given costs, one tree per (class, origin with demand), in parallel. Every task writes its own slot and slots are
/// summed in task order, in blocks of <see cref="BlockSize"/> tasks (so memory does not grow with the number of
/// origins): the load is bit-identical whatever the thread count. Buffers are allocated once; a load allocates nothing
/// (apart from the thread-pool bookkeeping of a parallel loop).
/// </summary>
internal sealed class AllOrNothingLoader
{
    /// <summary>Tasks (class, origin) whose trees are held at once; bounds memory, has no effect on the result.</summary>
    private const int BlockSize = 64;

    private readonly AssignmentModel _model;
    private readonly int _zones;
    private readonly int _arcs;
    private readonly ShortestPathTree[] _trees;
    private readonly int[][] _taskArc;
    private readonly double[][] _taskFlow;
    private readonly int[] _taskCount;
    private readonly double[] _taskCost;
    private readonly int[] _taskUnreachable;
    private readonly Action<int> _worker;
    private IReadOnlyList<DemandMatrix> _demand = [];
    private double[] _starCost = [];
    private int _nextTask;
    private int _blockStart;
    private int _blockEnd;
    private int _unreachableTask = -1;
    private int _unreachableDestination = -1;

    /// <param name="model">The shared model.</param>
    /// <param name="threads">Worker threads (≥ 1).</param>
    public AllOrNothingLoader(AssignmentModel model, int threads)
    {
        _model = model;
        _zones = model.Network.ZoneCount;
        _arcs = model.ArcCount;
        _trees = new ShortestPathTree[Math.Max(1, threads)];
        for (var w = 0; w < _trees.Length; w++)
        {
            _trees[w] = new ShortestPathTree(model.ExpandedNodeCount);
        }

        var tasks = Math.Min(model.Classes.Count * _zones, BlockSize);
        _taskArc = new int[tasks][];
        _taskFlow = new double[tasks][];
        for (var t = 0; t < tasks; t++)
        {
            _taskArc[t] = new int[model.ExpandedNodeCount];
            _taskFlow[t] = new double[model.ExpandedNodeCount];
        }

        _taskCount = new int[tasks];
        _taskCost = new double[tasks];
        _taskUnreachable = new int[tasks];
        ClassSptt = new double[model.Classes.Count];
        _worker = RunWorker;
    }

    /// <summary>Each class's share of the SPTT of the last load.</summary>
    public double[] ClassSptt { get; }

    /// <summary>
    /// Loads every class's demand all-or-nothing at the arc costs <paramref name="starCost"/> (class-major, each class in
    /// forward-star order, +∞ = closed) into <paramref name="load"/> (class-major joint arc flows); returns the SPTT.
    /// </summary>
    public double Load(IReadOnlyList<DemandMatrix> demand, double[] starCost, double[] load)
    {
        _demand = demand;
        _starCost = starCost;
        var tasks = _model.Classes.Count * _zones;
        Array.Clear(load);
        Array.Clear(ClassSptt);
        var sptt = 0.0;
        _unreachableTask = -1;
        for (_blockStart = 0; _blockStart < tasks; _blockStart += BlockSize)
        {
            _blockEnd = Math.Min(tasks, _blockStart + BlockSize);
            if (_trees.Length <= 1)
            {
                for (var t = _blockStart; t < _blockEnd; t++)
                {
                    RunTask(t, _trees[0]);
                }
            }
            else
            {
                _nextTask = _blockStart - 1;
                DeterministicParallel.For(_trees.Length, _trees.Length, _worker);
            }

            // Reduce in task order, whatever thread computed each tree.
            for (var t = _blockStart; t < _blockEnd; t++)
            {
                var slot = t - _blockStart;
                var offset = (t / _zones) * _arcs;
                var arcs = _taskArc[slot];
                var flows = _taskFlow[slot];
                for (var j = 0; j < _taskCount[slot]; j++)
                {
                    load[offset + arcs[j]] += flows[j];
                }

                sptt += _taskCost[slot];
                ClassSptt[t / _zones] += _taskCost[slot];
                if (_taskUnreachable[slot] >= 0 && _unreachableTask < 0)
                {
                    _unreachableTask = t;
                    _unreachableDestination = _taskUnreachable[slot];
                }
            }
        }

        return sptt;
    }

    /// <summary>The first destination the last load could not reach, as a message; null when all were reached.</summary>
    public string? Unreachable()
    {
        if (_unreachableTask < 0)
        {
            return null;
        }

        var k = _unreachableTask / _zones;
        var why = _model.Classes[k].Charging ? " (no charging station is available on any path)" : "";
        return $"class '{_model.Classes[k].Name}': no path from zone {(_unreachableTask % _zones) + 1} to zone {_unreachableDestination + 1}{why}";
    }

    private void RunWorker(int worker)
    {
        var tree = _trees[worker];
        int t;
        while ((t = Interlocked.Increment(ref _nextTask)) < _blockEnd)
        {
            RunTask(t, tree);
        }
    }

    /// <summary>One shortest-path tree (class k, origin o) and its demand loaded onto the tree, into the task's slot in the block.</summary>
    private void RunTask(int task, ShortestPathTree tree)
    {
        var k = task / _zones;
        var origin = task % _zones;
        var t = task - _blockStart;
        _taskCount[t] = 0;
        _taskCost[t] = 0;
        _taskUnreachable[t] = -1;
        var row = _demand[k].Row(origin);
        var any = false;
        foreach (var q in row)
        {
            if (q > 0)
            {
                any = true;
                break;
            }
        }

        if (!any)
        {
            return;
        }

        var charging = _model.Classes[k].Charging;
        tree.Run(_model, origin, _starCost.AsSpan(k * _arcs, _arcs), _model.Network.NodeCount, _model.Network.FirstThruNode - 1);
        var distance = tree.Distance;
        var load = tree.Load;
        var cost = 0.0;
        for (var d = 0; d < row.Length; d++)
        {
            var q = row[d];
            if (q == 0 || (d == origin && !charging))
            {
                continue;
            }

            var node = _model.DestinationNode(k, d);
            var dist = distance[node];
            if (double.IsPositiveInfinity(dist))
            {
                _taskUnreachable[t] = d;
                continue;
            }

            cost += q * dist;
            load[node] += q;
        }

        var pred = tree.PredecessorArc;
        var settled = tree.Settled;
        var tail = _model.ArcTail;
        var arcs = _taskArc[t];
        var flows = _taskFlow[t];
        var count = 0;
        for (var i = tree.SettledCount - 1; i > 0; i--)
        {
            var v = settled[i];
            var l = load[v];
            if (l == 0)
            {
                continue;
            }

            load[v] = 0;
            var e = pred[v];
            arcs[count] = e;
            flows[count] = l;
            count++;
            load[tail[e]] += l;
        }

        load[settled[0]] = 0;
        _taskCount[t] = count;
        _taskCost[t] = cost;
    }
}
