using System.Diagnostics;
using PlanningSolver.Core;

namespace PlanningSolver.Traffic;

/// <summary>
/// Multi-class user-equilibrium assignment on an <see cref="AssignmentModel"/> by the Frank-Wolfe family (or, when the
/// request asks for <see cref="AssignmentAlgorithm.AlgorithmB"/>, by a <see cref="BushAssignmentSolver"/> it keeps), assembled
/// from parts: direction finding (all-or-nothing on shortest-path trees, one per origin and class, in parallel), the
/// search direction (FW: LeBlanc, Morlok and Pierskalla 1975; CFW and BFW: Mitradjieva and Lindberg 2013,
/// "The stiff is moving — conjugate direction Frank-Wolfe methods with application to traffic assignment",
/// Transportation Science 47(2)), an exact line search on the Beckmann objective, and the relative-gap function.
/// <para>
/// All buffers are allocated once here; a solve reuses them, so an iteration allocates nothing (apart from the
/// thread-pool bookkeeping of a parallel loop when <c>threads</c> &gt; 1). Results are bit-identical whatever the
/// thread count: every (class, origin) task writes its own tree slot and slots are summed in task order (in blocks of
/// 64 tasks, so memory does not grow with the number of origins).
/// Not thread-safe: use one solver per concurrent solve; the model can be shared.
/// </para>
/// </summary>
public sealed class AssignmentSolver
{
    /// <summary>Conjugate weights at or above 1 − this are treated as degenerate (AequilibraE issue #124).</summary>
    private const double WeightMargin = 1e-6;

    /// <summary>A step at or below this is "stuck at zero".</summary>
    private const double StuckStep = 1e-12;

    private readonly AssignmentModel _model;
    private readonly int _threads;
    private readonly int _classes;
    private readonly int _arcs;
    private readonly int _links;
    private readonly int _sites;
    private readonly int _aggregates;
    private readonly int _nodes;
    private readonly int _zones;
    private readonly bool[] _charging;
    private readonly int[] _classArcEnd;

    // Joint (class-major) vectors of length classes × arcs.
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _fixed;
    private readonly double[] _cost;
    private readonly double[] _starCost;
    private double[] _target;
    private double[] _previous;
    private double[] _beforePrevious;

    // Aggregated vectors of length links + sites: total road flow, then station flow.
    private readonly double[] _total;
    private readonly double[] _aonTotal;
    private readonly double[] _direction;
    private readonly double[] _time;
    private readonly double[] _slope;
    private double[] _targetTotal;
    private double[] _previousTotal;
    private double[] _beforePreviousTotal;
    private readonly VolumeDelayFunction?[] _delay;

    /// <summary>Tasks (class, origin) whose trees are held at once; bounds memory, has no effect on the result.</summary>
    private const int BlockSize = 64;

    // Direction finding: per worker trees, per task slots for one block of tasks.
    private readonly ShortestPathTree[] _trees;
    private readonly int[][] _taskArc;
    private readonly double[][] _taskFlow;
    private readonly int[] _taskCount;
    private readonly double[] _taskCost;
    private readonly int[] _taskUnreachable;
    private readonly double[] _classSptt;
    private readonly double[] _classTstt;
    private readonly Action<int> _worker;
    private DemandMatrix[] _demand = [];
    private ulong[] _fingerprints = [];
    private int _nextTask;
    private int _blockStart;
    private int _blockEnd;
    private int _unreachableTask = -1;
    private int _unreachableDestination = -1;
    private BushAssignmentSolver? _bush;

    /// <param name="model">The shared model.</param>
    /// <param name="threads">Threads for direction finding (0 = all cores); results do not depend on it.</param>
    public AssignmentSolver(AssignmentModel model, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _model = model;
        _threads = threads == 0 ? Environment.ProcessorCount : threads;
        _classes = model.Classes.Count;
        _arcs = model.ArcCount;
        _links = model.Network.LinkCount;
        _sites = model.HasChargingClass ? model.Sites.Count : 0;
        _aggregates = model.AggregateCount;
        _nodes = model.Network.NodeCount;
        _zones = model.Network.ZoneCount;
        _charging = model.Classes.Select(c => c.Charging).ToArray();
        _classArcEnd = model.ClassArcEnd;
        var joint = _classes * _arcs;
        _x = new double[joint];
        _y = new double[joint];
        _fixed = new double[joint];
        _cost = new double[joint];
        _starCost = new double[joint];
        _target = new double[joint];
        _previous = new double[joint];
        _beforePrevious = new double[joint];
        _total = new double[_aggregates];
        _aonTotal = new double[_aggregates];
        _direction = new double[_aggregates];
        _time = new double[_aggregates];
        _slope = new double[_aggregates];
        _targetTotal = new double[_aggregates];
        _previousTotal = new double[_aggregates];
        _beforePreviousTotal = new double[_aggregates];
        _delay = new VolumeDelayFunction?[_aggregates];
        for (var a = 0; a < _links; a++)
        {
            _delay[a] = model.Network.DelayFunctions[a];
        }

        _trees = new ShortestPathTree[Math.Max(1, _threads)];
        for (var w = 0; w < _trees.Length; w++)
        {
            _trees[w] = new ShortestPathTree(model.ExpandedNodeCount);
        }

        var tasks = Math.Min(_classes * _zones, BlockSize);
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
        _classSptt = new double[_classes];
        _classTstt = new double[_classes];
        _worker = RunWorker;
    }

    public AssignmentModel Model => _model;

    /// <summary>Solves one period to user equilibrium.</summary>
    public AssignmentResult Solve(AssignmentRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Algorithm == AssignmentAlgorithm.AlgorithmB)
        {
            _bush ??= new BushAssignmentSolver(_model, threads: _threads);
            if (request.WarmStart is null || !ReferenceEquals(request.WarmStart, _bush.LastResult))
            {
                _bush.Reset();
            }

            return _bush.Solve(request, cancellation);
        }

        var stop = request.Stop.Validated();
        var clock = Stopwatch.StartNew();
        Prepare(request);
        var totalDemand = 0.0;
        foreach (var d in _demand)
        {
            totalDemand += d.Total;
        }

        var log = new ConvergenceLog();
        var warm = TryWarmStart(request.WarmStart);
        if (!warm)
        {
            Array.Clear(_total);
            UpdateCosts();
            AllOrNothing(_x, out _);
            if (Unreachable() is { } message)
            {
                return BuildResult(request.Algorithm, SolveStatus.Infeasible, message, 0, log, double.NaN, double.NaN, double.NaN, 0, clock, warm);
            }
        }

        Aggregate(_x, _total);
        var history = 0;
        var previousStep = double.NaN;
        var lastStep = double.NaN;
        var iteration = 0;
        double gap, tstt, sptt;
        SolveStatus status;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            UpdateCosts();
            if (Overflow() is { } overflow)
            {
                return BuildResult(request.Algorithm, SolveStatus.Failed, overflow, iteration, log, double.NaN, double.NaN, double.NaN, totalDemand, clock, warm);
            }

            AllOrNothing(_y, out sptt);
            if (Unreachable() is { } message)
            {
                return BuildResult(request.Algorithm, SolveStatus.Infeasible, message, iteration, log, double.NaN, double.NaN, double.NaN, totalDemand, clock, warm);
            }

            tstt = TotalCost();
            gap = RelativeGap.Of(tstt, sptt);
            var elapsed = clock.Elapsed.TotalSeconds;
            if (iteration > 0)
            {
                log.Add(new IterationRecord(iteration, gap, lastStep, Beckmann(), elapsed));
            }

            if (stop.Check(Math.Max(gap, RelativeGap.WorstClass(_classTstt, _classSptt)), iteration, elapsed) is { } done)
            {
                status = done;
                break;
            }

            Aggregate(_y, _aonTotal);
            var usedConjugate = ChooseTarget(request.Algorithm, history, previousStep);
            var step = LineSearch(out var slopeAtZero);
            if (usedConjugate && (!(slopeAtZero < 0) || step <= StuckStep))
            {
                // Stall guard: the conjugate direction is no descent direction or the step is stuck at zero.
                usedConjugate = false;
                UseFrankWolfeTarget();
                step = LineSearch(out _);
            }

            Move(step);
            RotateHistory();
            history = usedConjugate ? Math.Min(history + 1, 2) : 1;
            previousStep = step;
            lastStep = step;
            iteration++;
        }

        return BuildResult(request.Algorithm, status, null, iteration, log, gap, tstt, sptt, totalDemand, clock, warm);
    }

    private void Prepare(AssignmentRequest request)
    {
        RequestCosts.Apply(_model, request, _delay, _fixed);
        _demand = [.. request.Demand];
        _fingerprints = _demand.Select(d => d.Fingerprint()).ToArray();
        if (!_model.HasChargingClass)
        {
            return;
        }

        for (var k = 0; k < _classes; k++)
        {
            if (!_charging[k])
            {
                // Layer 1 and the charging links are closed to classes that do not charge.
                Array.Fill(_cost, double.PositiveInfinity, (k * _arcs) + _links, _arcs - _links);
            }
        }
    }

    private bool TryWarmStart(AssignmentResult? warm)
    {
        // An infeasible or failed result may not carry all the demand, so it is no starting point.
        if (warm is null || !ReferenceEquals(warm.Model, _model) || warm.ArcFlows.Length != _x.Length
            || warm.Status is SolveStatus.Infeasible or SolveStatus.Failed)
        {
            return false;
        }

        for (var k = 0; k < _classes; k++)
        {
            if (warm.DemandFingerprints[k] != _fingerprints[k])
            {
                return false;
            }

            if (_charging[k])
            {
                for (var s = 0; s < _sites; s++)
                {
                    if (_delay[_links + s] is null && warm.ArcFlows[(k * _arcs) + (2 * _links) + s] != 0)
                    {
                        return false;
                    }
                }
            }
        }

        Array.Copy(warm.ArcFlows, _x, _x.Length);
        return true;
    }

    /// <summary>Link and station costs at the current total flows, then each class's arc costs.</summary>
    private void UpdateCosts()
    {
        for (var m = 0; m < _aggregates; m++)
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

        for (var k = 0; k < _classes; k++)
        {
            var offset = k * _arcs;
            for (var a = 0; a < _links; a++)
            {
                _cost[offset + a] = _time[a] + _fixed[offset + a];
            }

            if (_charging[k])
            {
                var layer1 = offset + _links;
                for (var a = 0; a < _links; a++)
                {
                    _cost[layer1 + a] = _time[a] + _fixed[layer1 + a];
                }

                var chargingArcs = offset + (2 * _links);
                for (var s = 0; s < _sites; s++)
                {
                    _cost[chargingArcs + s] = _time[_links + s] + _fixed[chargingArcs + s];
                }
            }

            // The same costs in forward-star order, so the shortest-path search reads them sequentially.
            var outArc = _model.OutArc;
            for (var j = 0; j < outArc.Length; j++)
            {
                _starCost[offset + j] = _cost[offset + outArc[j]];
            }
        }
    }

    /// <summary>All-or-nothing load of every class at the current costs into <paramref name="load"/>; returns SPTT.</summary>
    private void AllOrNothing(double[] load, out double sptt)
    {
        var tasks = _classes * _zones;
        Array.Clear(load);
        Array.Clear(_classSptt);
        sptt = 0;
        _unreachableTask = -1;
        for (_blockStart = 0; _blockStart < tasks; _blockStart += BlockSize)
        {
            _blockEnd = Math.Min(tasks, _blockStart + BlockSize);
            if (_threads <= 1)
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
                _classSptt[t / _zones] += _taskCost[slot];
                if (_taskUnreachable[slot] >= 0 && _unreachableTask < 0)
                {
                    _unreachableTask = t;
                    _unreachableDestination = _taskUnreachable[slot];
                }
            }
        }
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

        var charging = _charging[k];
        tree.Run(_model, origin, _starCost.AsSpan(k * _arcs, _arcs), _nodes, _model.Network.FirstThruNode - 1);
        var destinationOffset = charging ? _nodes : 0;
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

            var node = d + destinationOffset;
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

    private string? Overflow() => CostOverflow.Find(_model, _delay, _time, _total);

    private string? Unreachable()
    {
        if (_unreachableTask < 0)
        {
            return null;
        }

        var k = _unreachableTask / _zones;
        var why = _charging[k] ? " (no charging station is available on any path)" : "";
        return $"class '{_model.Classes[k].Name}': no path from zone {(_unreachableTask % _zones) + 1} to zone {_unreachableDestination + 1}{why}";
    }

    /// <summary>Sums class arc flows into road-link totals (both layers) and station flows.</summary>
    private void Aggregate(double[] joint, double[] total)
    {
        Array.Clear(total);
        for (var k = 0; k < _classes; k++)
        {
            var offset = k * _arcs;
            for (var a = 0; a < _links; a++)
            {
                total[a] += joint[offset + a];
            }

            if (_charging[k])
            {
                var layer1 = offset + _links;
                for (var a = 0; a < _links; a++)
                {
                    total[a] += joint[layer1 + a];
                }

                var chargingArcs = offset + (2 * _links);
                for (var s = 0; s < _sites; s++)
                {
                    total[_links + s] += joint[chargingArcs + s];
                }
            }
        }
    }

    /// <summary>TSTT: Σ cost · flow over classes and the arcs each class may use; each class's share in <see cref="_classTstt"/>.</summary>
    private double TotalCost()
    {
        var sum = 0.0;
        for (var k = 0; k < _classes; k++)
        {
            var offset = k * _arcs;
            var classSum = 0.0;
            for (var e = 0; e < _classArcEnd[k]; e++)
            {
                var f = _x[offset + e];
                if (f != 0)
                {
                    classSum += _cost[offset + e] * f;
                }
            }

            _classTstt[k] = classSum;
            sum += classSum;
        }

        return sum;
    }

    /// <summary>Beckmann objective at the current flows.</summary>
    private double Beckmann() => AssignmentResultBuilder.Beckmann(_model, _x, _fixed, _total, _delay);

    /// <summary>Sets the target point (and its totals); returns true when a conjugate direction was used.</summary>
    private bool ChooseTarget(AssignmentAlgorithm algorithm, int history, double previousStep)
    {
        var stuck = !(previousStep > StuckStep);
        if (algorithm == AssignmentAlgorithm.FrankWolfe || history == 0 || stuck)
        {
            UseFrankWolfeTarget();
            return false;
        }

        if (algorithm == AssignmentAlgorithm.BiconjugateFrankWolfe && history >= 2 && previousStep < 1 - WeightMargin
            && TryBiconjugate(previousStep))
        {
            return true;
        }

        if (TryConjugate())
        {
            return true;
        }

        UseFrankWolfeTarget();
        return false;
    }

    private void UseFrankWolfeTarget()
    {
        Array.Copy(_y, _target, _y.Length);
        Array.Copy(_aonTotal, _targetTotal, _aonTotal.Length);
    }

    /// <summary>
    /// CFW (Mitradjieva and Lindberg 2013, eq. for α_k): with d̄ = s̄_{k−1} − x and H = diag(t'),
    /// α = d̄ᵀH(y − x) / d̄ᵀH(y − s̄_{k−1}); target s̄_k = α s̄_{k−1} + (1 − α) y. Degenerate α → false.
    /// </summary>
    private bool TryConjugate()
    {
        double numerator = 0, denominator = 0, scale = 0;
        for (var m = 0; m < _aggregates; m++)
        {
            var h = _slope[m];
            if (h == 0)
            {
                continue;
            }

            var dBar = _previousTotal[m] - _total[m];
            var toAon = _aonTotal[m] - _total[m];
            var toPrevious = _aonTotal[m] - _previousTotal[m];
            numerator += h * dBar * toAon;
            denominator += h * dBar * toPrevious;
            scale += h * Math.Abs(dBar) * Math.Abs(toPrevious);
        }

        if (!Degenerate(denominator, scale) && numerator / denominator is var alpha && alpha >= 0 && alpha < 1 - WeightMargin)
        {
            Combine(1 - alpha, alpha, 0);
            return true;
        }

        return false;
    }

    /// <summary>
    /// BFW (Mitradjieva and Lindberg 2013): with τ the previous step, d̄₁ = s̄_{k−1} − x,
    /// d̄₂ = τ s̄_{k−1} − x + (1 − τ) s̄_{k−2},
    /// μ = −d̄₂ᵀH(y − x) / d̄₂ᵀH(s̄_{k−2} − s̄_{k−1}), ν = μτ/(1 − τ) − d̄₁ᵀH(y − x) / d̄₁ᵀH d̄₁ (both clipped at 0),
    /// β₀ = 1/(1 + μ + ν), β₁ = νβ₀, β₂ = μβ₀; target s̄_k = β₀ y + β₁ s̄_{k−1} + β₂ s̄_{k−2}.
    /// </summary>
    private bool TryBiconjugate(double tau)
    {
        double muNumerator = 0, muDenominator = 0, muScale = 0, nuNumerator = 0, nuDenominator = 0;
        for (var m = 0; m < _aggregates; m++)
        {
            var h = _slope[m];
            if (h == 0)
            {
                continue;
            }

            var x = _total[m];
            var s1 = _previousTotal[m];
            var s2 = _beforePreviousTotal[m];
            var toAon = _aonTotal[m] - x;
            var d2 = (tau * s1) - x + ((1 - tau) * s2);
            var d1 = s1 - x;
            muNumerator += h * d2 * toAon;
            muDenominator += h * d2 * (s2 - s1);
            muScale += h * Math.Abs(d2) * Math.Abs(s2 - s1);
            nuNumerator += h * d1 * toAon;
            nuDenominator += h * d1 * d1;
        }

        if (Degenerate(muDenominator, muScale) || !(nuDenominator > 0))
        {
            return false;
        }

        var mu = Math.Max(0, -muNumerator / muDenominator);
        var nu = Math.Max(0, (mu * tau / (1 - tau)) - (nuNumerator / nuDenominator));
        if (!double.IsFinite(mu) || !double.IsFinite(nu))
        {
            return false;
        }

        var beta0 = 1 / (1 + mu + nu);
        Combine(beta0, nu * beta0, mu * beta0);
        return true;
    }

    private static bool Degenerate(double denominator, double scale) =>
        !double.IsFinite(denominator) || !(scale > 0) || Math.Abs(denominator) <= 1e-12 * scale;

    /// <summary>target = w0 y + w1 s̄_{k−1} + w2 s̄_{k−2}, for the joint vector and its totals.</summary>
    private void Combine(double w0, double w1, double w2)
    {
        for (var i = 0; i < _target.Length; i++)
        {
            _target[i] = (w0 * _y[i]) + (w1 * _previous[i]) + (w2 * _beforePrevious[i]);
        }

        for (var m = 0; m < _aggregates; m++)
        {
            _targetTotal[m] = (w0 * _aonTotal[m]) + (w1 * _previousTotal[m]) + (w2 * _beforePreviousTotal[m]);
        }
    }

    private double LineSearch(out double slopeAtZero)
    {
        for (var m = 0; m < _aggregates; m++)
        {
            _direction[m] = _targetTotal[m] - _total[m];
        }

        var fixedSlope = 0.0;
        for (var k = 0; k < _classes; k++)
        {
            var offset = k * _arcs;
            for (var e = 0; e < _classArcEnd[k]; e++)
            {
                var i = offset + e;
                var d = _target[i] - _x[i];
                if (d != 0)
                {
                    fixedSlope += _fixed[i] * d;
                }
            }
        }

        return ExactLineSearch.Search(_delay, _total, _direction, fixedSlope, out slopeAtZero);
    }

    private void Move(double step)
    {
        if (step > 0)
        {
            for (var i = 0; i < _x.Length; i++)
            {
                _x[i] += step * (_target[i] - _x[i]);
            }
        }

        Aggregate(_x, _total);
    }

    private void RotateHistory()
    {
        (_beforePrevious, _previous, _target) = (_previous, _target, _beforePrevious);
        (_beforePreviousTotal, _previousTotal, _targetTotal) = (_previousTotal, _targetTotal, _beforePreviousTotal);
    }

    private AssignmentResult BuildResult(
        AssignmentAlgorithm algorithm, SolveStatus status, string? message, int iterations, ConvergenceLog log,
        double gap, double tstt, double sptt, double totalDemand, Stopwatch clock, bool warm) =>
        AssignmentResultBuilder.Build(
            _model,
            _fingerprints,
            new AssignmentResultBuilder.State(_x, _total, _time, _delay, _classTstt, _classSptt),
            new AssignmentResultBuilder.Outcome(
                algorithm, status, message, iterations, log, gap, tstt, sptt, totalDemand,
                status is SolveStatus.Infeasible or SolveStatus.Failed ? double.NaN : Beckmann(), clock.Elapsed.TotalSeconds, warm, 0));
}
