using System.Diagnostics;
using PlanningSolver.Core;

namespace PlanningSolver.Traffic;

/// <summary>
/// Multi-class user-equilibrium assignment on an <see cref="AssignmentModel"/> by the Frank-Wolfe family (or, when the
/// request asks for <see cref="AssignmentAlgorithm.AlgorithmB"/>, by a <see cref="BushAssignmentSolver"/> it keeps), assembled
/// from parts: direction finding (<see cref="AllOrNothingLoader"/>), the search direction (<see cref="ConjugateDirection"/>:
/// FW, CFW, BFW), an exact line search on the Beckmann objective (<see cref="ExactLineSearch"/>), the request's station
/// delays and fixed costs (<see cref="RequestCosts"/>) and the relative gap (<see cref="RelativeGap"/>).
/// <para>
/// All buffers are allocated once here; a solve reuses them, so an iteration allocates nothing (apart from the
/// thread-pool bookkeeping of a parallel loop when <c>threads</c> &gt; 1). Results are bit-identical whatever the
/// thread count (see <see cref="AllOrNothingLoader"/>).
/// Not thread-safe: use one solver per concurrent solve; the model can be shared.
/// </para>
/// </summary>
public sealed class AssignmentSolver
{
    private readonly AssignmentModel _model;
    private readonly int _threads;
    private readonly int _classes;
    private readonly int _arcs;
    private readonly int _aggregates;
    private readonly int[] _classArcEnd;
    private readonly int[] _aggregate;

    // Joint (class-major) vectors of length classes × arcs.
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _fixed;
    private readonly double[] _cost;
    private readonly double[] _starCost;

    // Aggregated vectors of length links + sites: total road flow, then station flow.
    private readonly double[] _total;
    private readonly double[] _aonTotal;
    private readonly double[] _direction;
    private readonly double[] _time;
    private readonly double[] _slope;
    private readonly VolumeDelayFunction?[] _delay;

    private readonly AllOrNothingLoader _loader;
    private readonly ConjugateDirection _conjugate;
    private readonly double[] _classTstt;
    private DemandMatrix[] _demand = [];
    private ulong[] _fingerprints = [];
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
        _aggregates = model.AggregateCount;
        _classArcEnd = model.ClassArcEnd;
        _aggregate = model.ArcAggregate;
        var joint = _classes * _arcs;
        _x = new double[joint];
        _y = new double[joint];
        _fixed = new double[joint];
        _cost = new double[joint];
        _starCost = new double[joint];
        _total = new double[_aggregates];
        _aonTotal = new double[_aggregates];
        _direction = new double[_aggregates];
        _time = new double[_aggregates];
        _slope = new double[_aggregates];
        _delay = new VolumeDelayFunction?[_aggregates];
        for (var a = 0; a < model.Network.LinkCount; a++)
        {
            _delay[a] = model.Network.DelayFunctions[a];
        }

        _loader = new AllOrNothingLoader(model, _threads);
        _conjugate = new ConjugateDirection(joint, _aggregates);
        _classTstt = new double[_classes];
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
            _loader.Load(_demand, _starCost, _x);
            if (_loader.Unreachable() is { } message)
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

            sptt = _loader.Load(_demand, _starCost, _y);
            if (_loader.Unreachable() is { } message)
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

            if (stop.Check(Math.Max(gap, RelativeGap.WorstClass(_classTstt, _loader.ClassSptt)), iteration, elapsed) is { } done)
            {
                status = done;
                break;
            }

            Aggregate(_y, _aonTotal);
            var usedConjugate = _conjugate.Choose(request.Algorithm, history, previousStep, _y, _aonTotal, _total, _slope);
            var step = LineSearch(out var slopeAtZero);
            if (usedConjugate && (!(slopeAtZero < 0) || step <= ConjugateDirection.StuckStep))
            {
                // Stall guard: the conjugate direction is no descent direction or the step is stuck at zero.
                usedConjugate = false;
                _conjugate.UseFrankWolfe(_y, _aonTotal);
                step = LineSearch(out _);
            }

            Move(step);
            _conjugate.Rotate();
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
        for (var k = 0; k < _classes; k++)
        {
            // Arcs a class may not use (layer 1 and the charging links for a class that does not charge) stay closed.
            Array.Fill(_cost, double.PositiveInfinity, (k * _arcs) + _classArcEnd[k], _arcs - _classArcEnd[k]);
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

        var sites = _model.HasChargingClass ? _model.Sites.Count : 0;
        for (var k = 0; k < _classes; k++)
        {
            if (warm.DemandFingerprints[k] != _fingerprints[k])
            {
                return false;
            }

            if (_model.Classes[k].Charging)
            {
                for (var s = 0; s < sites; s++)
                {
                    if (_delay[_model.StationTerm(s)] is null && warm.ArcFlows[(k * _arcs) + _model.ChargingArc(s)] != 0)
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

        var outArc = _model.OutArc;
        for (var k = 0; k < _classes; k++)
        {
            var offset = k * _arcs;
            for (var e = 0; e < _classArcEnd[k]; e++)
            {
                _cost[offset + e] = _time[_aggregate[e]] + _fixed[offset + e];
            }

            // The same costs in forward-star order, so the shortest-path search reads them sequentially.
            for (var j = 0; j < outArc.Length; j++)
            {
                _starCost[offset + j] = _cost[offset + outArc[j]];
            }
        }
    }

    private string? Overflow() => CostOverflow.Find(_model, _delay, _time, _total);

    /// <summary>Sums class arc flows into their cost terms: road-link totals (both layers) and station flows.</summary>
    private void Aggregate(double[] joint, double[] total)
    {
        Array.Clear(total);
        for (var k = 0; k < _classes; k++)
        {
            var offset = k * _arcs;
            for (var e = 0; e < _classArcEnd[k]; e++)
            {
                total[_aggregate[e]] += joint[offset + e];
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

    private double LineSearch(out double slopeAtZero)
    {
        var target = _conjugate.Target;
        var targetTotal = _conjugate.TargetTotal;
        for (var m = 0; m < _aggregates; m++)
        {
            _direction[m] = targetTotal[m] - _total[m];
        }

        var fixedSlope = 0.0;
        for (var k = 0; k < _classes; k++)
        {
            var offset = k * _arcs;
            for (var e = 0; e < _classArcEnd[k]; e++)
            {
                var i = offset + e;
                var d = target[i] - _x[i];
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
            var target = _conjugate.Target;
            for (var i = 0; i < _x.Length; i++)
            {
                _x[i] += step * (target[i] - _x[i]);
            }
        }

        Aggregate(_x, _total);
    }

    private AssignmentResult BuildResult(
        AssignmentAlgorithm algorithm, SolveStatus status, string? message, int iterations, ConvergenceLog log,
        double gap, double tstt, double sptt, double totalDemand, Stopwatch clock, bool warm) =>
        AssignmentResultBuilder.Build(
            _model,
            _fingerprints,
            new AssignmentResultBuilder.State(_x, _total, _time, _delay, _classTstt, _loader.ClassSptt),
            new AssignmentResultBuilder.Outcome(
                algorithm, status, message, iterations, log, gap, tstt, sptt, totalDemand,
                status is SolveStatus.Infeasible or SolveStatus.Failed ? double.NaN : Beckmann(), clock.Elapsed.TotalSeconds, warm, 0));
}
