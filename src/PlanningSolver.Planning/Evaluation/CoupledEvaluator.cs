using System.Diagnostics;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Power;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>
/// The lower level for one plan: for each of the 24 hours (independent, solved in parallel) the settled state of
/// design.md §4 found by <see cref="CoupledHourSolver"/> (DLMP pricing) or one assignment and one OPF at the tariff (TOU
/// pricing); then the social cost of §5 and the budget, revenue and grid checks (<see cref="EvaluationSummary"/>).
/// Not thread-safe: one evaluation at a time per instance (create one per worker).
/// </summary>
public sealed class CoupledEvaluator
{
    private const double KwPerMw = 1000.0;
    private readonly CaseNetworks _networks;
    private readonly CouplingOptions _options;
    private readonly AssignmentSolver[] _assigners;
    private readonly OpfOptions _opfOptions;
    private readonly Lazy<double[]> _gridCostWithoutEv;

    public CoupledEvaluator(StudyCase study, CouplingOptions? options = null)
        : this(new CaseNetworks(study), options)
    {
    }

    public CoupledEvaluator(CaseNetworks networks, CouplingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(networks);
        _networks = networks;
        _options = options ?? new CouplingOptions();
        _assigners = Enumerable.Range(0, StudyCase.Hours).Select(_ => new AssignmentSolver(networks.Assignment, threads: 1)).ToArray();
        _opfOptions = new OpfOptions(SoftLoad: true, UnservedPenaltyPerMwh: _options.UnservedPenaltyPerKwh * KwPerMw, DiagnoseInfeasibility: true);
        _gridCostWithoutEv = new Lazy<double[]>(() => networks.BaselineGridCost.GetOrAdd(_opfOptions.UnservedPenaltyPerMwh, _ =>
        {
            var zero = new double[networks.Study.Stations.Count];
            var inputs = Enumerable.Range(0, StudyCase.Hours).Select(t => networks.HourInput(t, zero)).ToArray();
            return MultiPeriodOpf.SolveOnce(networks.Feeder, inputs, _opfOptions, _options.Threads)
                .Select(r => r.CostWithoutPenalty(_opfOptions.UnservedPenaltyPerMwh)).ToArray();
        }));
    }

    public CaseNetworks Networks => _networks;

    public CouplingOptions Options => _options;

    /// <summary>Grid operation cost per hour of the same day without any EV load (USD/h), the revenue check's reference.</summary>
    public IReadOnlyList<double> GridCostWithoutEv => _gridCostWithoutEv.Value;

    public EvaluationResult Evaluate(ChargingPlan plan, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var stationCount = _networks.Study.Stations.Count;
        if (plan.PowerKw.Count != stationCount)
        {
            throw new ArgumentException($"plan has {plan.PowerKw.Count} stations, case has {stationCount}");
        }

        var clock = Stopwatch.StartNew();

        // The hourly OPF solvers keep their cuts within the hour and are discarded after the evaluation, so an evaluation
        // never depends on the ones before it (same plan → same bytes, whatever the order or thread count).
        using var opf = new MultiPeriodOpf(_networks.Feeder, StudyCase.Hours, _opfOptions);
        var settings = new CoupledHourSettings(_options.Tolerance, _options.MaxIterations, _options.PriceStepForResponse, _options.AssignmentGap);
        var hours = DeterministicParallel.Map(StudyCase.Hours, _options.Threads, t =>
        {
            using var hour = new CoupledHour(_networks, t, plan, _assigners[t], opf[t], _options);
            var tariff = Enumerable.Repeat(_networks.TariffPerKwh[t], stationCount).ToArray();
            return _options.Pricing == PricingMode.Dlmp
                ? new CoupledHourSolver(hour, settings).Solve(tariff, cancellation)
                : TariffHour(hour, tariff, cancellation);
        });
        cancellation.ThrowIfCancellationRequested();
        return EvaluationSummary.Build(_networks, _options, _opfOptions.UnservedPenaltyPerMwh, plan, hours, GridCostWithoutEv, clock.Elapsed.TotalSeconds).FailIfNotFinite();
    }

    /// <summary>TOU pricing: the tariff + fee, no feedback: one assignment and the OPF at its flows; converged when every
    /// class's gap meets the coupling tolerance.</summary>
    private static CoupledHourResult TariffHour(CoupledHour hour, double[] tariff, CancellationToken cancellation)
    {
        var prices = tariff.Select(p => p + hour.ServiceFeePerKwh).ToArray();
        var assignment = hour.Assign(prices, null, hour.AssignmentGap, cancellation);
        var log = new List<CouplingIteration> { new(1, "tariff", double.NaN, double.NaN, assignment.ClassRelativeGaps, assignment.Iterations, assignment.Shifts) };
        var zero = new double[tariff.Length];
        if (assignment.Status is SolveStatus.Failed or SolveStatus.Infeasible)
        {
            return new CoupledHourResult(assignment.Status, $"traffic assignment: {assignment.Message}", tariff, zero, assignment, null, [], double.NaN, double.NaN, log, default(AssignmentEffort) + assignment);
        }

        var cut = hour.Grid(assignment.StationFlows, out var failure);
        // Converged when every class meets the coupling tolerance, the mark a DLMP hour is held to: the assignment itself
        // aims lower (the inner gap) and may stop short of that, e.g. at Algorithm B's stall guard, without the hour failing.
        var status = cut is null ? SolveStatus.Failed
            : assignment.ClassRelativeGaps.All(g => g <= hour.Tolerance) && assignment.RelativeGap <= hour.Tolerance ? SolveStatus.Converged
            : assignment.Status;
        var support = cut is null ? [] : new List<(GridCut, double)> { (cut, 1.0) };
        return new CoupledHourResult(status, failure, tariff, zero, assignment, cut, support, double.NaN, double.NaN, log, default(AssignmentEffort) + assignment);
    }
}
