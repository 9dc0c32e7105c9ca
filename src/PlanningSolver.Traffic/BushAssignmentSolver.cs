using System.Diagnostics;
using System.Runtime.CompilerServices;
using PlanningSolver.Core;

namespace PlanningSolver.Traffic;

/// <summary>
/// Multi-class user equilibrium by Algorithm B (R. B. Dial, "A path-based user-equilibrium traffic assignment algorithm
/// that obviates path storage and enumeration", Transportation Research Part B 40(10), 2006), in the form of Boyles'
/// tap-b: one acyclic bush per (class, origin) on the expanded two-layer network, flow moved at each merge node from
/// the longest used to the shortest bush path segment by a Newton step with the exact derivative, link costs updated
/// exactly after every shift; bush topology updated with the strict criterion of Y. Nie, "A note on Bar-Gera's
/// algorithm for the origin-based traffic assignment problem" (Transportation Science 46(1), 2012), unused arcs pruned.
/// Classes share congestion through the total flow on each road link and station; each class's fixed costs (distance,
/// toll, money per km, charging price) enter its own arc costs in its own time units.
/// <para>
/// The stop rule and gap are those of <see cref="AssignmentSolver"/>: per class (TSTT_k − SPTT_k)/SPTT_k with SPTT from
/// a full shortest-path search per (class, origin) at the current costs, every class at or below the target.
/// </para>
/// <para>
/// Reusable: the solver keeps its bushes and flows between calls, so a re-solve of the same hour after small changes
/// (station prices, power) starts from the previous equilibrium and needs few shifts. Changed demand reloads each bush
/// with its previous route proportions; a station opened or closed rebuilds the charging classes' bushes.
/// <see cref="Reset"/> forgets the state. Topology updates and gap searches run in parallel over bushes, each bush on
/// its own; flow shifts run over bushes in a fixed order: the flows are bit-identical whatever the thread count.
/// Not thread-safe: one solver per concurrent solve (the model can be shared).
/// </para>
/// <para>
/// The loops over bushes are compiled optimized at their first call (<see cref="MethodImplOptions.AggressiveOptimization"/>):
/// a solve of a small network or a warm re-solve lasts milliseconds, less than tiered compilation needs to replace the
/// unoptimized first code (Anaheim to 1e-6: solve 0.17 → 0.06 s, docs/benchmarks.md).
/// </para>
/// </summary>
public sealed partial class BushAssignmentSolver
{
    /// <summary>An in-slot flow at most this share of its node's in-flow is round-off and dropped at a topology update.</summary>
    private const double RoundOffShare = 1e-12;

    private readonly AssignmentModel _model;
    private readonly AlgorithmBSettings _settings;
    private readonly int _threads;
    private readonly int _classes;
    private readonly int _zones;
    private readonly int _arcs;
    private readonly int _links;
    private readonly int _sites;
    private readonly int[] _aggregate;
    private readonly int[] _arcTail;
    private readonly VolumeDelayFunction?[] _delay;
    private readonly double[] _total;
    private readonly double[] _time;
    private readonly double[] _slope;
    private readonly double[] _fixed;
    private readonly double[] _classFlow;
    private readonly double[] _starCost;
    private readonly double[] _classTstt;
    private readonly double[] _classSptt;
    private readonly double[] _taskSptt;
    private readonly int[] _taskUnreachable;
    private readonly bool[] _skip;
    private readonly Bush?[] _bushes;
    private readonly bool[] _available;
    private readonly BushWorkspace[] _workspaces;
    private readonly Action<int> _gapWorker;
    private DemandMatrix[] _demand = [];
    private ulong[] _fingerprints = [];
    private bool _hasState;
    private int _nextTask;
    private long _shifts;

    /// <param name="model">The shared model.</param>
    /// <param name="settings">Knobs (defaults: <see cref="AlgorithmBSettings"/>).</param>
    /// <param name="threads">Threads for topology updates and gap searches (0 = all cores); results do not depend on it.</param>
    public BushAssignmentSolver(AssignmentModel model, AlgorithmBSettings? settings = null, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _model = model;
        _settings = (settings ?? new AlgorithmBSettings()).Validated();
        _threads = threads == 0 ? Environment.ProcessorCount : threads;
        _classes = model.Classes.Count;
        _zones = model.Network.ZoneCount;
        _arcs = model.ArcCount;
        _links = model.Network.LinkCount;
        _sites = model.HasChargingClass ? model.Sites.Count : 0;
        _aggregate = model.ArcAggregate;
        _arcTail = model.ArcTail;
        var aggregates = model.AggregateCount;
        _delay = new VolumeDelayFunction?[aggregates];
        for (var a = 0; a < _links; a++)
        {
            _delay[a] = model.Network.DelayFunctions[a];
        }

        _total = new double[aggregates];
        _time = new double[aggregates];
        _slope = new double[aggregates];
        _fixed = new double[_classes * _arcs];
        _classFlow = new double[_classes * _arcs];
        _starCost = new double[_classes * _arcs];
        _classTstt = new double[_classes];
        _classSptt = new double[_classes];
        var tasks = _classes * _zones;
        _taskSptt = new double[tasks];
        _taskUnreachable = new int[tasks];
        _skip = new bool[tasks];
        _bushes = new Bush?[tasks];
        _available = new bool[_sites];
        _workspaces = new BushWorkspace[Math.Max(1, _threads)];
        for (var w = 0; w < _workspaces.Length; w++)
        {
            _workspaces[w] = new BushWorkspace(model);
        }

        _gapWorker = RunGapWorker;
    }

    public AssignmentModel Model => _model;

    public AlgorithmBSettings Settings => _settings;

    /// <summary>The result of the last solve, or null after <see cref="Reset"/> or before the first solve.</summary>
    public AssignmentResult? LastResult { get; private set; }

    /// <summary>Forgets the bushes and flows: the next solve starts cold.</summary>
    public void Reset()
    {
        Array.Clear(_bushes);
        _hasState = false;
        LastResult = null;
    }

    /// <summary>
    /// Solves one period to user equilibrium, starting from the bushes of the previous solve when there is one (see the
    /// class remarks); <see cref="AssignmentRequest.WarmStart"/> and <see cref="AssignmentRequest.Algorithm"/> are not read.
    /// </summary>
    public AssignmentResult Solve(AssignmentRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stop = request.Stop.Validated();
        var clock = Stopwatch.StartNew();
        var previousDemand = _fingerprints;
        var previousAvailable = (bool[])_available.Clone();
        Prepare(request);
        var totalDemand = 0.0;
        foreach (var d in _demand)
        {
            totalDemand += d.Total;
        }

        _shifts = 0;
        var log = new ConvergenceLog();
        var warm = _hasState;
        _hasState = false;
        LastResult = null;
        if (warm)
        {
            ReuseBushes(previousDemand, previousAvailable);
        }
        else
        {
            Array.Clear(_bushes);
        }

        if (InitializeMissingBushes() is { } unreachable)
        {
            // Infinite costs from an overflowing demand also leave destinations "unreachable": name the overflow instead.
            AggregateFlows();
            UpdateCosts();
            return CostOverflow.Find(_model, _delay, _time, _total) is { } overflow
                ? Finish(SolveStatus.Failed, overflow, 0, log, double.NaN, double.NaN, double.NaN, totalDemand, clock, warm)
                : Finish(SolveStatus.Infeasible, unreachable, 0, log, double.NaN, double.NaN, double.NaN, totalDemand, clock, warm);
        }

        var skipThreshold = _settings.BushSkipFraction * stop.Tolerance;
        var worstHistory = new double[Math.Max(1, _settings.StallIterations)];
        string? stalled = null;
        var iteration = 0;
        double gap, tstt, sptt;
        SolveStatus status;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            AggregateFlows();
            UpdateCosts();
            if (CostOverflow.Find(_model, _delay, _time, _total) is { } overflow)
            {
                return Finish(SolveStatus.Failed, overflow, iteration, log, double.NaN, double.NaN, double.NaN, totalDemand, clock, warm);
            }

            if (ShortestPathCosts(out sptt) is { } message)
            {
                return Finish(SolveStatus.Infeasible, message, iteration, log, double.NaN, double.NaN, double.NaN, totalDemand, clock, warm);
            }

            tstt = TotalCost();
            gap = RelativeGap.Of(tstt, sptt);
            var elapsed = clock.Elapsed.TotalSeconds;
            if (iteration > 0)
            {
                log.Add(new IterationRecord(iteration, gap, double.NaN, Beckmann(), elapsed));
            }

            var worst = Math.Max(gap, RelativeGap.WorstClass(_classTstt, _classSptt));
            if (stop.Check(worst, iteration, elapsed) is { } done)
            {
                status = done;
                break;
            }

            if (Stalled(worstHistory, iteration, worst))
            {
                status = SolveStatus.IterationLimit;
                stalled = $"stalled: the worst class gap {Invariant.Significant(worst, 3)} did not halve in the last {_settings.StallIterations} iterations";
                break;
            }

            ShiftFlows(Math.Max(skipThreshold, _settings.BushSkipGapFraction * gap), cancellation);
            iteration++;
        }

        _hasState = true;
        return Finish(status, stalled, iteration, log, gap, tstt, sptt, totalDemand, clock, warm);
    }

    /// <summary>The stall guard of <see cref="AlgorithmBSettings.StallIterations"/>: records this iteration's worst gap in a
    /// ring and tells whether it is above half the one that many iterations ago.</summary>
    private bool Stalled(double[] history, int iteration, double worst)
    {
        var window = _settings.StallIterations;
        if (window == 0)
        {
            return false;
        }

        var slot = iteration % history.Length;
        var before = history[slot]; // written at iteration − window (the ring holds window entries)
        history[slot] = worst;
        return iteration >= window && worst > 0.5 * before;
    }

    private void Prepare(AssignmentRequest request)
    {
        RequestCosts.Apply(_model, request, _delay, _fixed);
        _demand = [.. request.Demand];
        _fingerprints = _demand.Select(d => d.Fingerprint()).ToArray();
        for (var s = 0; s < _sites; s++)
        {
            _available[s] = request.Stations![s].IsAvailable;
        }
    }

    /// <summary>
    /// Keeps the previous bushes: a class whose demand changed is reloaded on its bushes with their route proportions;
    /// when a station opened or closed, the charging classes' bushes are dropped (rebuilt from shortest paths).
    /// </summary>
    private void ReuseBushes(ulong[] previousDemand, bool[] previousAvailable)
    {
        var availabilityChanged = !previousAvailable.AsSpan().SequenceEqual(_available);
        var w = _workspaces[0];
        for (var k = 0; k < _classes; k++)
        {
            var rebuild = availabilityChanged && _model.Classes[k].Charging;
            var reload = previousDemand.Length != _classes || previousDemand[k] != _fingerprints[k];
            for (var o = 0; o < _zones; o++)
            {
                var t = (k * _zones) + o;
                if (_bushes[t] is not { } bush)
                {
                    continue;
                }

                if (rebuild || !HasDemand(k, o))
                {
                    _bushes[t] = null;
                }
                else if (reload)
                {
                    Reload(bush, w);
                }
            }
        }
    }

    private bool HasDemand(int k, int origin)
    {
        var charging = _model.Classes[k].Charging;
        var row = _demand[k].Row(origin);
        for (var d = 0; d < row.Length; d++)
        {
            if (row[d] > 0 && (charging || d != origin))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The demand of bush (k, o): its trips to every destination (a charging class's to its own zone included).</summary>
    private double BushDemand(int k, int origin)
    {
        var charging = _model.Classes[k].Charging;
        var row = _demand[k].Row(origin);
        var sum = 0.0;
        for (var d = 0; d < row.Length; d++)
        {
            if (row[d] > 0 && (charging || d != origin))
            {
                sum += row[d];
            }
        }

        return sum;
    }

    /// <summary>Writes the demand of bush (k, o) at its destination nodes into <see cref="BushWorkspace.NodeDemand"/>.</summary>
    private void PlaceDemand(int k, int origin, BushWorkspace w, bool place)
    {
        var charging = _model.Classes[k].Charging;
        var row = _demand[k].Row(origin);
        for (var d = 0; d < row.Length; d++)
        {
            if (row[d] > 0 && (charging || d != origin))
            {
                w.NodeDemand[_model.DestinationNode(k, d)] = place ? row[d] : 0;
            }
        }
    }

    /// <summary>
    /// Loads the current demand onto an existing bush, splitting the flow through each node over its in-arcs in the
    /// proportions of the previous flows (all on the first in-arc where none flowed). A bush holds every node its
    /// origin can reach, so demand is lost only for an unreachable destination, which the gap search then reports.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Reload(Bush bush, BushWorkspace w)
    {
        var k = bush.Class;
        PlaceDemand(k, bush.Origin, w, place: true);
        var n = bush.NodeCount;
        var order = bush.Order;
        var inStart = bush.InStart;
        var inTail = bush.InTail;
        var inFlow = bush.InFlow;
        var through = w.Through;
        for (var p = n - 1; p >= 1; p--)
        {
            var flow = w.NodeDemand[order[p]] + through[p];
            through[p] = 0;
            var old = 0.0;
            for (var i = inStart[p]; i < inStart[p + 1]; i++)
            {
                old += inFlow[i];
            }

            for (var i = inStart[p]; i < inStart[p + 1]; i++)
            {
                var share = old > 0 ? flow * (inFlow[i] / old) : (i == inStart[p] ? flow : 0);
                inFlow[i] = share;
                through[inTail[i]] += share;
            }
        }

        through[0] = 0;
        PlaceDemand(k, bush.Origin, w, place: false);
    }

    /// <summary>
    /// Builds a bush for every (class, origin) with demand and none yet, one after the other in task order: the shortest
    /// path tree at the current costs, loaded, its flows added before the next tree is searched (tap-b's initial bushes).
    /// Returns the message of an unreachable destination, or null.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? InitializeMissingBushes()
    {
        AggregateFlows();
        UpdateCosts();
        var w = _workspaces[0];
        var tree = w.Tree;
        for (var t = 0; t < _bushes.Length; t++)
        {
            var k = t / _zones;
            var origin = t % _zones;
            if (_bushes[t] is not null || !HasDemand(k, origin))
            {
                continue;
            }

            UpdateStarCosts(k);
            tree.Run(_model, origin, _starCost.AsSpan(k * _arcs, _arcs), _model.Network.NodeCount, _model.Network.FirstThruNode - 1);
            var bush = new Bush(k, origin);
            if (!LoadTree(bush, tree, w, out var unreachable))
            {
                return UnreachableMessage(k, origin, unreachable);
            }

            _bushes[t] = bush;
            var inArc = bush.InArc;
            var inFlow = bush.InFlow;
            for (var i = 0; i < bush.SlotCount; i++)
            {
                var m = _aggregate[inArc[i]];
                _total[m] += inFlow[i];
                UpdateCost(m);
            }
        }

        return null;
    }

    /// <summary>A bush of the tree's settled nodes and predecessor arcs, with the demand loaded on it.</summary>
    private bool LoadTree(Bush bush, ShortestPathTree tree, BushWorkspace w, out int unreachable)
    {
        var k = bush.Class;
        var n = tree.SettledCount;
        bush.Resize(n, n - 1);
        var settled = tree.Settled;
        var pred = tree.PredecessorArc;
        var position = w.Position;
        var order = bush.Order;
        for (var p = 0; p < n; p++)
        {
            order[p] = settled[p];
            position[settled[p]] = p;
        }

        // Every destination with demand must have been reached.
        unreachable = -1;
        var charging = _model.Classes[k].Charging;
        var row = _demand[k].Row(bush.Origin);
        for (var d = 0; d < row.Length; d++)
        {
            if (row[d] > 0 && (charging || d != bush.Origin) && position[_model.DestinationNode(k, d)] < 0)
            {
                unreachable = d;
                break;
            }
        }

        if (unreachable < 0)
        {
            var inStart = bush.InStart;
            for (var p = 0; p < n; p++)
            {
                inStart[p] = Math.Max(0, p - 1);
                if (p > 0)
                {
                    var arc = pred[order[p]];
                    bush.InArc[p - 1] = arc;
                    bush.InTail[p - 1] = position[_arcTail[arc]];
                    bush.InFlow[p - 1] = 0;
                }
            }

            inStart[n] = n - 1;
            bush.FindLastMerge();
        }

        for (var p = 0; p < n; p++)
        {
            position[order[p]] = -1;
        }

        if (unreachable >= 0)
        {
            return false;
        }

        Reload(bush, w);
        return true;
    }

    private string UnreachableMessage(int k, int origin, int destination)
    {
        var why = _model.Classes[k].Charging ? " (no charging station is available on any path)" : "";
        return $"class '{_model.Classes[k].Name}': no path from zone {origin + 1} to zone {destination + 1}{why}";
    }

    /// <summary>Class arc flows summed over bushes in task order, then cost-term totals (exact, whatever the shifts' rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AggregateFlows()
    {
        Array.Clear(_classFlow);
        Array.Clear(_total);
        foreach (var bush in _bushes)
        {
            if (bush is null)
            {
                continue;
            }

            var offset = bush.Class * _arcs;
            var inArc = bush.InArc;
            var inFlow = bush.InFlow;
            for (var i = 0; i < bush.SlotCount; i++)
            {
                _classFlow[offset + inArc[i]] += inFlow[i];
            }
        }

        for (var k = 0; k < _classes; k++)
        {
            var offset = k * _arcs;
            var end = _model.ClassArcEnd[k];
            for (var e = 0; e < end; e++)
            {
                _total[_aggregate[e]] += _classFlow[offset + e];
            }
        }
    }

    private void UpdateCosts()
    {
        for (var m = 0; m < _total.Length; m++)
        {
            UpdateCost(m);
        }
    }

    /// <summary>Time and slope of cost term <paramref name="m"/> at its current total (closed site: +∞).</summary>
    private void UpdateCost(int m)
    {
        if (_delay[m] is { } f)
        {
            f.TimeAndDerivative(_total[m], out _time[m], out _slope[m]);
        }
        else
        {
            _time[m] = double.PositiveInfinity;
            _slope[m] = 0;
        }
    }

    /// <summary>Class k's arc costs in forward-star order (+∞ on arcs the class may not use).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateStarCosts(int k)
    {
        var offset = k * _arcs;
        var end = _model.ClassArcEnd[k];
        var outArc = _model.OutArc;
        for (var j = 0; j < outArc.Length; j++)
        {
            var e = outArc[j];
            _starCost[offset + j] = e < end ? _time[_aggregate[e]] + _fixed[offset + e] : double.PositiveInfinity;
        }
    }

    /// <summary>SPTT per class from a full shortest-path search per (class, origin), each search followed by that bush's
    /// topology update (both at the current costs); the first unreachable destination's message.</summary>
    private string? ShortestPathCosts(out double sptt)
    {
        for (var k = 0; k < _classes; k++)
        {
            UpdateStarCosts(k);
        }

        _nextTask = -1;
        DeterministicParallel.For(_workspaces.Length, _workspaces.Length, _gapWorker);
        sptt = 0;
        Array.Clear(_classSptt);
        for (var t = 0; t < _taskSptt.Length; t++)
        {
            if (_taskUnreachable[t] >= 0)
            {
                return UnreachableMessage(t / _zones, t % _zones, _taskUnreachable[t]);
            }

            _classSptt[t / _zones] += _taskSptt[t];
            sptt += _taskSptt[t];
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunGapWorker(int worker)
    {
        var w = _workspaces[worker];
        var tree = w.Tree;
        int t;
        while ((t = Interlocked.Increment(ref _nextTask)) < _taskSptt.Length)
        {
            var k = t / _zones;
            var origin = t % _zones;
            _taskSptt[t] = 0;
            _taskUnreachable[t] = -1;
            if (_bushes[t] is not { } bush)
            {
                continue;
            }

            double[] distance;
            var shortestInBush = BushDistancesAreShortest(bush, w);
            if (shortestInBush)
            {
                distance = w.BushDistance;
            }
            else
            {
                tree.Run(_model, origin, _starCost.AsSpan(k * _arcs, _arcs), _model.Network.NodeCount, _model.Network.FirstThruNode - 1);
                distance = tree.Distance;
            }

            var charging = _model.Classes[k].Charging;
            var row = _demand[k].Row(origin);
            var cost = 0.0;
            for (var d = 0; d < row.Length; d++)
            {
                var q = row[d];
                if (q > 0 && (charging || d != origin))
                {
                    var dist = distance[_model.DestinationNode(k, d)];
                    if (double.IsPositiveInfinity(dist))
                    {
                        _taskUnreachable[t] = d;
                        break;
                    }

                    cost += q * dist;
                }
            }

            _taskSptt[t] = cost;
            if (_taskUnreachable[t] < 0)
            {
                UpdateTopology(bush, w, distance, shortestInBush);
            }

            ClearBushDistances(bush, w);
        }
    }

    /// <summary>
    /// Writes the bush's shortest path costs from its origin to <see cref="BushWorkspace.BushDistance"/> and tells whether
    /// they are the network's: true when no arc the class may use, leaving a bush node that paths may leave, is shorter
    /// than the bush's cost at its head (Bellman's condition). They then equal, bit for bit, the distances
    /// <see cref="ShortestPathTree"/> computes: both are the least solution of the same rounded equations
    /// d_v = min_u (d_u + c_uv) over the same arcs with the same costs (rounding is monotone), so the full search is
    /// skipped. Near equilibrium most bushes hold their origin's shortest paths (docs/algorithm-b.md, "Shortest paths from
    /// the bush").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool BushDistancesAreShortest(Bush bush, BushWorkspace w)
    {
        var k = bush.Class;
        var origin = bush.Origin;
        var offset = k * _arcs;
        var n = bush.NodeCount;
        var order = bush.Order;
        var inStart = bush.InStart;
        var inArc = bush.InArc;
        var inTail = bush.InTail;
        var time = _time;
        var aggregate = _aggregate;
        var fixedCost = _fixed;
        var byPosition = w.Shortest;
        var byNode = w.BushDistance;
        Unchecked.At(byPosition, 0) = 0;
        Unchecked.At(byNode, Unchecked.At(order, 0)) = 0;
        for (var p = 1; p < n; p++)
        {
            var best = double.PositiveInfinity;
            var end = Unchecked.At(inStart, p + 1);
            for (var i = Unchecked.At(inStart, p); i < end; i++)
            {
                var arc = Unchecked.At(inArc, i);
                var c = Unchecked.At(time, Unchecked.At(aggregate, arc)) + Unchecked.At(fixedCost, offset + arc);
                var s = Unchecked.At(byPosition, Unchecked.At(inTail, i)) + c;
                if (s < best)
                {
                    best = s;
                }
            }

            Unchecked.At(byPosition, p) = best;
            Unchecked.At(byNode, Unchecked.At(order, p)) = best;
        }

        var starCost = _starCost;
        var firstOut = _model.FirstOut;
        var outHead = _model.OutHead;
        for (var p = 0; p < n; p++)
        {
            var u = Unchecked.At(order, p);
            var du = Unchecked.At(byPosition, p);
            if (double.IsPositiveInfinity(du) || !_model.MayLeave(u, origin))
            {
                continue;
            }

            var end = Unchecked.At(firstOut, u + 1);
            for (var j = Unchecked.At(firstOut, u); j < end; j++)
            {
                if (du + Unchecked.At(starCost, offset + j) < Unchecked.At(byNode, Unchecked.At(outHead, j)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Puts <see cref="BushWorkspace.BushDistance"/> back to +∞ on the bush's nodes.</summary>
    private static void ClearBushDistances(Bush bush, BushWorkspace w)
    {
        var order = bush.Order;
        var byNode = w.BushDistance;
        for (var p = 0; p < bush.NodeCount; p++)
        {
            Unchecked.At(byNode, Unchecked.At(order, p)) = double.PositiveInfinity;
        }
    }

    /// <summary>TSTT: Σ cost · flow over classes and their arcs; each class's share in <see cref="_classTstt"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double TotalCost()
    {
        var sum = 0.0;
        for (var k = 0; k < _classes; k++)
        {
            var offset = k * _arcs;
            var classSum = 0.0;
            var end = _model.ClassArcEnd[k];
            for (var e = 0; e < end; e++)
            {
                var f = _classFlow[offset + e];
                if (f != 0)
                {
                    classSum += (_time[_aggregate[e]] + _fixed[offset + e]) * f;
                }
            }

            _classTstt[k] = classSum;
            sum += classSum;
        }

        return sum;
    }

    private double Beckmann() => AssignmentResultBuilder.Beckmann(_model, _classFlow, _fixed, _total, _delay);

    /// <summary>
    /// Prunes arcs without flow (keeping each node's shortest in-arc, so every node stays reached) and adds every network
    /// arc (i, j) of the class with both ends in the bush, i allowed to carry through traffic, and
    /// <c>π_i + c_ij &lt; S_j</c> and <c>L_i &lt; L_j</c>: Nie (2012)'s strict criterion with the network shortest
    /// distance π_i (<paramref name="distance"/>, by node, just computed by the gap search) in place of the bush label S_i ≥ π_i, so
    /// a whole chain of shortcuts along the network's shortest paths enters in one update instead of one arc per update;
    /// S and L are the shortest and longest bush path labels over the kept arcs. L never decreases along a kept arc and
    /// strictly increases along an added one (costs are ≥ 0), so the new bush is acyclic; it is rebuilt when it changed
    /// (<see cref="Rebuild"/>). Where <paramref name="shortestInBush"/> (the gap search's Bellman check found no arc out of
    /// the bush shorter than the bush's labels, <see cref="BushDistancesAreShortest"/>), no arc can meet the criterion and
    /// the search for shortcuts is skipped. Reads only shared costs, writes only its bush: bushes run in parallel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateTopology(Bush bush, BushWorkspace w, double[] distance, bool shortestInBush)
    {
        var k = bush.Class;
        var origin = bush.Origin;
        var fixedOffset = k * _arcs;
        var n = bush.NodeCount;
        var order = bush.Order;
        var inStart = bush.InStart;
        var inArc = bush.InArc;
        var inTail = bush.InTail;
        var inFlow = bush.InFlow;
        var shortest = w.Shortest;
        var longest = w.Longest;
        var position = w.Position;
        var arcMark = w.ArcMark;
        var arcFlow = w.ArcFlow;
        var time = _time;
        var aggregate = _aggregate;
        var fixedCost = _fixed;
        var stamp = w.NextStamp();
        for (var p = 0; p < n; p++)
        {
            Unchecked.At(position, Unchecked.At(order, p)) = p;
        }

        var supplied = w.Supplied;
        var reaching = w.Reaching;
        Unchecked.At(shortest, 0) = 0;
        Unchecked.At(longest, 0) = 0;
        Unchecked.At(supplied, 0) = true;
        Unchecked.At(reaching, 0) = BushDemand(k, origin);
        var kept = 0;
        for (var p = 1; p < n; p++)
        {
            // A flow on an in-slot whose tail no flow reaches is round-off left by a shift (a segment's slots held the
            // bottleneck flow plus a few ulps): no shift can move it (its path back has no flow), and as a "used" arc
            // it would hold the longest label L above every cost through its head and keep out the shortcuts that
            // the network's shortest paths need. Seen: 3.9e-18 vehicles 0.85 min off the shortest path at an Anaheim
            // charging bush, its class stalled at a relative gap of 6.6e-6. Such a flow is dropped.
            // Likewise a flow that is round-off next to the flow reaching its tail (at most RoundOffShare of it): fed by
            // the tail's real flow, it still keeps L up the same way, and no shift reaches it (its bush rests, its excess
            // below every threshold). Seen: 3.5e-18 vehicles on arc 752→751 of an Anaheim charging bush, beside 9.5e-3
            // through node 752, refusing the shortcut 751→752 (0.27 min shorter); the class stalled at 4.8e-7.
            var fed = false;
            var flowIn = 0.0;
            for (var i = Unchecked.At(inStart, p); i < Unchecked.At(inStart, p + 1); i++)
            {
                if (Unchecked.At(inFlow, i) > 0)
                {
                    var tail = Unchecked.At(inTail, i);
                    if (Unchecked.At(supplied, tail) && Unchecked.At(inFlow, i) > RoundOffShare * Unchecked.At(reaching, tail))
                    {
                        fed = true;
                        flowIn += Unchecked.At(inFlow, i);
                    }
                    else
                    {
                        Unchecked.At(inFlow, i) = 0;
                    }
                }
            }

            Unchecked.At(reaching, p) = flowIn;
            Unchecked.At(supplied, p) = fed;
            var best = double.PositiveInfinity;
            var bestSlot = Unchecked.At(inStart, p);
            for (var i = Unchecked.At(inStart, p); i < Unchecked.At(inStart, p + 1); i++)
            {
                var arc = Unchecked.At(inArc, i);
                var s = Unchecked.At(shortest, Unchecked.At(inTail, i)) + Unchecked.At(time, Unchecked.At(aggregate, arc)) + Unchecked.At(fixedCost, fixedOffset + arc);
                if (s < best)
                {
                    best = s;
                    bestSlot = i;
                }
            }

            var far = double.NegativeInfinity;
            for (var i = Unchecked.At(inStart, p); i < Unchecked.At(inStart, p + 1); i++)
            {
                if (Unchecked.At(inFlow, i) > 0 || i == bestSlot)
                {
                    var arc = Unchecked.At(inArc, i);
                    far = Math.Max(far, Unchecked.At(longest, Unchecked.At(inTail, i)) + Unchecked.At(time, Unchecked.At(aggregate, arc)) + Unchecked.At(fixedCost, fixedOffset + arc));
                    Unchecked.At(arcMark, arc) = stamp;
                    Unchecked.At(arcFlow, arc) = Unchecked.At(inFlow, i);
                    kept++;
                }
            }

            Unchecked.At(shortest, p) = best;
            Unchecked.At(longest, p) = far;
        }

        var added = 0;
        var against = 0; // added arcs whose head comes before their tail in the current order
        var end = _model.ClassArcEnd[k];
        var firstOut = _model.FirstOut;
        var outArc = _model.OutArc;
        var outHead = _model.OutHead;
        var searched = shortestInBush ? 0 : n; // the positions whose out-arcs are searched for shortcuts
        for (var p = 0; p < searched; p++)
        {
            var u = Unchecked.At(order, p);
            if (!_model.MayLeave(u, origin))
            {
                continue;
            }

            for (var j = Unchecked.At(firstOut, u); j < Unchecked.At(firstOut, u + 1); j++)
            {
                var arc = Unchecked.At(outArc, j);
                if (arc >= end || Unchecked.At(arcMark, arc) == stamp)
                {
                    continue;
                }

                var q = Unchecked.At(position, Unchecked.At(outHead, j));
                if (q < 0)
                {
                    continue;
                }

                var c = Unchecked.At(time, Unchecked.At(aggregate, arc)) + Unchecked.At(fixedCost, fixedOffset + arc);
                if (Unchecked.At(distance, u) + c < Unchecked.At(shortest, q) && Unchecked.At(longest, p) < Unchecked.At(longest, q))
                {
                    Unchecked.At(arcMark, arc) = stamp;
                    Unchecked.At(arcFlow, arc) = 0;
                    added++;
                    against += q < p ? 1 : 0;
                }
            }
        }

        if (added > 0 || kept < bush.SlotCount)
        {
            Rebuild(bush, w, stamp, kept + added, reorder: against > 0);
        }

        for (var p = 0; p < n; p++)
        {
            Unchecked.At(position, bush.Order[p]) = -1;
        }
    }

    /// <summary>
    /// Stores the marked arcs of a bush as its in-slots, with their flows. Where <paramref name="reorder"/>, an added arc
    /// runs against the current order, and the nodes are first re-sorted topologically (Kahn's algorithm, FIFO); otherwise
    /// (only removals, or additions that run forward in it: 80 % of the rebuilds on a 3,000-link grid and in a coupled
    /// Anaheim evaluation) the current order stays valid and is kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rebuild(Bush bush, BushWorkspace w, int stamp, int slots, bool reorder)
    {
        var n = bush.NodeCount;
        var order = bush.Order;
        var position = w.Position;
        var arcMark = w.ArcMark;
        var firstIn = _model.FirstIn;
        var inArcs = _model.InArc;
        var queue = w.Queue;
        var newPosition = w.NewPosition;
        if (reorder)
        {
            SortTopologically(bush, w, stamp);
        }

        // The old in-slots are no longer read (the kept flows are in ArcFlow): write the new ones in place.
        bush.Resize(n, slots);
        var newOrder = w.NewOrder;
        var arcFlow = w.ArcFlow;
        var arcTail = _arcTail;
        var newInStart = bush.InStart;
        var newInArc = bush.InArc;
        var newInTail = bush.InTail;
        var newInFlow = bush.InFlow;
        var s = 0;
        for (var i = 0; i < n; i++)
        {
            var v = reorder ? Unchecked.At(newOrder, i) = Unchecked.At(order, Unchecked.At(queue, i)) : Unchecked.At(order, i);
            newInStart[i] = s;
            for (var r = Unchecked.At(firstIn, v); r < Unchecked.At(firstIn, v + 1); r++)
            {
                var arc = Unchecked.At(inArcs, r);
                if (Unchecked.At(arcMark, arc) == stamp)
                {
                    var tail = Unchecked.At(position, Unchecked.At(arcTail, arc));
                    newInArc[s] = arc;
                    newInTail[s] = reorder ? Unchecked.At(newPosition, tail) : tail;
                    newInFlow[s] = Unchecked.At(arcFlow, arc);
                    s++;
                }
            }
        }

        newInStart[n] = s;
        Debug.Assert(s == slots, "slot count");
        if (reorder)
        {
            Array.Copy(newOrder, order, n);
            for (var p = 0; p < n; p++)
            {
                Unchecked.At(position, Unchecked.At(order, p)) = p;
            }
        }

        bush.FindLastMerge();
    }

    /// <summary>Kahn's algorithm (FIFO) on the marked arcs: <see cref="BushWorkspace.Queue"/> holds the old positions in the
    /// new order, <see cref="BushWorkspace.NewPosition"/> each old position's new one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SortTopologically(Bush bush, BushWorkspace w, int stamp)
    {
        var n = bush.NodeCount;
        var order = bush.Order;
        var position = w.Position;
        var arcMark = w.ArcMark;
        var firstIn = _model.FirstIn;
        var inArcs = _model.InArc;
        var firstOut = _model.FirstOut;
        var outArc = _model.OutArc;
        var outHead = _model.OutHead;
        var indegree = w.Indegree;
        for (var p = 0; p < n; p++)
        {
            var v = Unchecked.At(order, p);
            var count = 0;
            for (var r = Unchecked.At(firstIn, v); r < Unchecked.At(firstIn, v + 1); r++)
            {
                if (Unchecked.At(arcMark, Unchecked.At(inArcs, r)) == stamp)
                {
                    count++;
                }
            }

            Unchecked.At(indegree, p) = count;
        }

        var queue = w.Queue;
        var newPosition = w.NewPosition;
        var head = 0;
        var tail = 0;
        queue[tail++] = 0;
        while (head < tail)
        {
            var p = Unchecked.At(queue, head);
            Unchecked.At(newPosition, p) = head++;
            var u = Unchecked.At(order, p);
            for (var j = Unchecked.At(firstOut, u); j < Unchecked.At(firstOut, u + 1); j++)
            {
                if (Unchecked.At(arcMark, Unchecked.At(outArc, j)) == stamp)
                {
                    var q = Unchecked.At(position, Unchecked.At(outHead, j));
                    if (--Unchecked.At(indegree, q) == 0)
                    {
                        queue[tail++] = q;
                    }
                }
            }
        }

        if (tail != n)
        {
            throw new InvalidOperationException($"bush of class {bush.Class}, origin {bush.Origin}: the updated bush has a cycle");
        }
    }

    /// <summary>
    /// Inner passes: each bush in task order is scanned and, unless already near its own equilibrium, swept in
    /// descending topological order with a Newton shift at every merge whose longest used path is longer than its
    /// shortest. A bush whose excess cost is at most <paramref name="skipThreshold"/> times its SPTT rests until the next
    /// topology update. Sequential, so the result does not depend on the thread count.
    /// </summary>
    private void ShiftFlows(double skipThreshold, CancellationToken cancellation)
    {
        var w = _workspaces[0];
        Array.Clear(_skip);
        for (var pass = 0; pass < _settings.InnerPasses; pass++)
        {
            var active = 0;
            for (var t = 0; t < _bushes.Length; t++)
            {
                if (_skip[t] || _bushes[t] is not { } bush)
                {
                    continue;
                }

                if (Scan(bush, w) <= skipThreshold * _taskSptt[t])
                {
                    _skip[t] = true;
                    continue;
                }

                active++;
                ShiftPass(bush, w);
            }

            cancellation.ThrowIfCancellationRequested();
            if (_settings.StationSwapPasses > 0 && (pass + 1) % _settings.StationSwapPasses == 0 && StationSwapStep() > 0)
            {
                active++;
            }

            if (active == 0)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Shortest and longest used bush path labels at the current costs, with the in-slot achieving each, up to the last
    /// merge (the shifts need no more); returns the bush's excess cost Σ_i f_i (S_tail(i) + c_i − S_head(i)) over its
    /// in-slots, which equals its flow's total cost minus its demand's shortest bush path cost (flow conservation
    /// telescopes the labels; a node with one in-slot adds nothing).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Scan(Bush bush, BushWorkspace w)
    {
        var fixedOffset = bush.Class * _arcs;
        var inStart = bush.InStart;
        var inArc = bush.InArc;
        var inTail = bush.InTail;
        var inFlow = bush.InFlow;
        var shortest = w.Shortest;
        var longest = w.Longest;
        var shortSlot = w.ShortestSlot;
        var longSlot = w.LongestSlot;
        var time = _time;
        var aggregate = _aggregate;
        var fixedCost = _fixed;
        shortest[0] = 0;
        longest[0] = 0;
        shortSlot[0] = -1;
        longSlot[0] = -1;
        var excess = 0.0;
        var first = inStart[1];
        var last = bush.LastMerge;
        for (var p = 1; p <= last; p++)
        {
            var best = double.PositiveInfinity;
            var far = double.NegativeInfinity;
            var bestSlot = -1;
            var farSlot = -1;
            var flowCost = 0.0;
            var flow = 0.0;
            var end = Unchecked.At(inStart, p + 1);
            for (var i = first; i < end; i++)
            {
                var t = Unchecked.At(inTail, i);
                var shortestTail = Unchecked.At(shortest, t);
                var arc = Unchecked.At(inArc, i);
                var s = shortestTail + Unchecked.At(time, Unchecked.At(aggregate, arc)) + Unchecked.At(fixedCost, fixedOffset + arc);
                if (s < best)
                {
                    best = s;
                    bestSlot = i;
                }

                var f = Unchecked.At(inFlow, i);
                if (f > 0)
                {
                    flowCost += f * s;
                    flow += f;
                    var l = Unchecked.At(longest, t) + (s - shortestTail);
                    if (l > far)
                    {
                        far = l;
                        farSlot = i;
                    }
                }
            }

            first = end;
            Unchecked.At(shortest, p) = best;
            Unchecked.At(longest, p) = far;
            Unchecked.At(shortSlot, p) = bestSlot;
            Unchecked.At(longSlot, p) = farSlot;
            excess += flowCost - (flow * best);
        }

        return excess;
    }

    /// <summary>At merge position <paramref name="p"/> (after a scan), the in-slot of the longest used path where it is longer
    /// than the shortest by more than <see cref="AlgorithmBSettings.RelativeCostTolerance"/>; −1 where nothing is to shift.</summary>
    private int LongerUsedSlot(Bush bush, BushWorkspace w, int p)
    {
        if (bush.InStart[p + 1] - bush.InStart[p] < 2)
        {
            return -1;
        }

        var farSlot = w.LongestSlot[p];
        return farSlot < 0 || farSlot == w.ShortestSlot[p] || w.Longest[p] - w.Shortest[p] <= _settings.RelativeCostTolerance * w.Longest[p] ? -1 : farSlot;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ShiftPass(Bush bush, BushWorkspace w)
    {
        var inStart = bush.InStart;
        for (var p = bush.LastMerge; p >= 1; p--)
        {
            var farSlot = LongerUsedSlot(bush, w, p);
            if (farSlot < 0)
            {
                continue;
            }

            // Every used approach other than the shortest sends flow to the shortest path (the longest used first, as
            // the scan found it; each shift re-reads the current costs and does nothing where its segment is not longer).
            var shortSlot = w.ShortestSlot[p];
            NewtonShift(bush, w, p, farSlot);
            for (var i = inStart[p]; i < inStart[p + 1]; i++)
            {
                if (i != shortSlot && i != farSlot && bush.InFlow[i] > 0)
                {
                    NewtonShift(bush, w, p, i);
                }
            }
        }
    }

    /// <summary>
    /// Moves flow at merge position <paramref name="p"/> from the longest used path entering through in-slot
    /// <paramref name="firstSlot"/> (that slot, then the longest used path to its tail) to the shortest path, between
    /// the two segments' divergence node and p, by one Newton step on the segment cost difference g(Δ) = C_long − C_short:
    /// Δ = g(0) / Σ_m (n_m^long − n_m^short)² t'_m, n_m the times a segment crosses cost term m (so a road link used in
    /// both layers, or by both segments, counts exactly), capped at the longest segment's smallest flow; then updates
    /// the touched links' costs exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void NewtonShift(Bush bush, BushWorkspace w, int p, int firstSlot)
    {
        if (!WalkSegments(bush, w, p, firstSlot, out var longCount, out var shortCount)
            || !SegmentCosts(bush, w, longCount, shortCount, out var difference, out var bottleneck, out var touchedCount))
        {
            return;
        }

        var inArc = bush.InArc;
        var inFlow = bush.InFlow;
        var longSegment = w.LongSegment;
        var shortSegment = w.ShortSegment;
        var aggregate = _aggregate;
        var netCount = w.NetCount;
        var touched = w.Touched;
        var derivative = 0.0;
        for (var i = 0; i < touchedCount; i++)
        {
            var m = Unchecked.At(touched, i);
            var c = Unchecked.At(netCount, m);
            derivative += c * c * Unchecked.At(_slope, m);
        }

        var shift = derivative > 0 ? Math.Min(difference / derivative, bottleneck) : bottleneck;
        var total = _total;
        for (var i = 0; i < longCount; i++)
        {
            var slot = Unchecked.At(longSegment, i);
            Unchecked.At(inFlow, slot) -= shift; // ≥ 0 exactly: shift ≤ bottleneck ≤ this flow
            Unchecked.At(total, Unchecked.At(aggregate, Unchecked.At(inArc, slot))) -= shift;
        }

        for (var i = 0; i < shortCount; i++)
        {
            var slot = Unchecked.At(shortSegment, i);
            Unchecked.At(inFlow, slot) += shift;
            Unchecked.At(total, Unchecked.At(aggregate, Unchecked.At(inArc, slot))) += shift;
        }

        for (var i = 0; i < touchedCount; i++)
        {
            UpdateCost(Unchecked.At(touched, i));
        }

        _shifts++;
    }

    /// <summary>
    /// The two segments ending at merge position <paramref name="p"/>: the longest used path entering through in-slot
    /// <paramref name="firstSlot"/> into <see cref="BushWorkspace.LongSegment"/> and the shortest path into
    /// <see cref="BushWorkspace.ShortSegment"/>, back to their divergence node (the scan's labels); false where the
    /// longest used path breaks off (a slot without a used in-arc behind it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool WalkSegments(Bush bush, BushWorkspace w, int p, int firstSlot, out int longCount, out int shortCount)
    {
        var inTail = bush.InTail;
        var longSlot = w.LongestSlot;
        var shortSlot = w.ShortestSlot;
        var longSegment = w.LongSegment;
        var shortSegment = w.ShortSegment;

        // Walk both paths back, always stepping the walker at the later position (positions fall strictly along a
        // path): they first meet at the divergence node, the latest node on both paths.
        longCount = 1;
        shortCount = 0;
        longSegment[0] = firstSlot;
        var a = inTail[firstSlot];
        var b = p;
        while (a != b)
        {
            if (a > b)
            {
                var slot = Unchecked.At(longSlot, a);
                if (slot < 0)
                {
                    return false;
                }

                Unchecked.At(longSegment, longCount++) = slot;
                a = Unchecked.At(inTail, slot);
            }
            else
            {
                var slot = Unchecked.At(shortSlot, b);
                Unchecked.At(shortSegment, shortCount++) = slot;
                b = Unchecked.At(inTail, slot);
            }
        }

        return true;
    }

    /// <summary>
    /// The walked segments' cost difference (long − short, at the current costs), the long segment's smallest flow, and
    /// the net count n(m) = (times the long segment crosses cost term m) − (times the short one does) of every term they
    /// touch (<see cref="BushWorkspace.Touched"/>, <see cref="BushWorkspace.NetCount"/>). False where the long segment is not longer or carries no flow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool SegmentCosts(
        Bush bush, BushWorkspace w, int longCount, int shortCount, out double difference, out double bottleneck, out int touchedCount)
    {
        var inArc = bush.InArc;
        var inFlow = bush.InFlow;
        var longSegment = w.LongSegment;
        var shortSegment = w.ShortSegment;
        var stamp = w.NextStamp();
        var fixedOffset = bush.Class * _arcs;
        var aggregate = _aggregate;
        var netCount = w.NetCount;
        var aggregateMark = w.AggregateMark;
        var touched = w.Touched;
        touchedCount = 0;
        var longCost = 0.0;
        bottleneck = double.PositiveInfinity;
        for (var i = 0; i < longCount; i++)
        {
            var slot = Unchecked.At(longSegment, i);
            var arc = Unchecked.At(inArc, slot);
            var m = Unchecked.At(aggregate, arc);
            longCost += Unchecked.At(_time, m) + Unchecked.At(_fixed, fixedOffset + arc);
            bottleneck = Math.Min(bottleneck, Unchecked.At(inFlow, slot));
            if (Unchecked.At(aggregateMark, m) != stamp)
            {
                Unchecked.At(aggregateMark, m) = stamp;
                Unchecked.At(netCount, m) = 0;
                Unchecked.At(touched, touchedCount++) = m;
            }

            Unchecked.At(netCount, m)++;
        }

        var shortCost = 0.0;
        for (var i = 0; i < shortCount; i++)
        {
            var slot = Unchecked.At(shortSegment, i);
            var arc = Unchecked.At(inArc, slot);
            var m = Unchecked.At(aggregate, arc);
            shortCost += Unchecked.At(_time, m) + Unchecked.At(_fixed, fixedOffset + arc);
            if (Unchecked.At(aggregateMark, m) != stamp)
            {
                Unchecked.At(aggregateMark, m) = stamp;
                Unchecked.At(netCount, m) = 0;
                Unchecked.At(touched, touchedCount++) = m;
            }

            Unchecked.At(netCount, m)--;
        }

        difference = longCost - shortCost;
        return difference > 0 && bottleneck > 0;
    }

    private AssignmentResult Finish(
        SolveStatus status, string? message, int iterations, ConvergenceLog log, double gap, double tstt, double sptt,
        double totalDemand, Stopwatch clock, bool warm)
    {
        if (status is SolveStatus.Infeasible or SolveStatus.Failed)
        {
            Array.Clear(_bushes);
            _hasState = false;
        }

        var result = AssignmentResultBuilder.Build(
            _model,
            _fingerprints,
            new AssignmentResultBuilder.State(_classFlow, _total, _time, _delay, _classTstt, _classSptt),
            new AssignmentResultBuilder.Outcome(
                AssignmentAlgorithm.AlgorithmB, status, message, iterations, log, gap, tstt, sptt, totalDemand,
                status is SolveStatus.Infeasible or SolveStatus.Failed ? double.NaN : Beckmann(), clock.Elapsed.TotalSeconds, warm, _shifts));
        LastResult = _hasState ? result : null;
        return result;
    }
}
