using System.Diagnostics;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Power;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>Settings of the coupled lower level (design.md §4).</summary>
/// <param name="Pricing">Charging prices from DLMPs with feedback, or the fixed TOU tariff.</param>
/// <param name="Tolerance">Residual tolerance of the price/flow fixed point (USD/kWh). Each hour is solved on its own and
/// stops when either its prices are within this of the DLMP-based prices they produce (DLMP at the station bus + service
/// fee) and its station flows moved by at most this relative to (1 + flow) since its previous evaluation, or — at a grid
/// limit, where the DLMPs jump and no price vector reproduces itself — its prices are within this of a convex
/// combination of DLMP-based prices observed within <paramref name="PriceResolution"/> of them. The reported coupling
/// residual is the largest over the hours (see <see cref="HourlyPriceSearch"/>).</param>
/// <param name="PriceResolution">ρ (USD/kWh): how closely a jump of the DLMPs at a grid limit is located (to ρ/2) and the
/// radius within which DLMP-based prices are averaged there.</param>
/// <param name="MaxIterations">Coupling iteration limit (status <c>iteration_limit</c> beyond it). An iteration evaluates
/// only the hours that have not converged, so late iterations cost a fraction of the first.</param>
/// <param name="AssignmentGap">Relative-gap target of each hourly assignment.</param>
/// <param name="AssignmentMaxIterations">Iteration limit of each hourly assignment.</param>
/// <param name="Threads">Hours solved in parallel (0 = all cores); results do not depend on it.</param>
/// <param name="UnservedPenaltyPerKwh">Soft grid: load the feeder cannot serve within its limits is shed at this price
/// (USD/kWh), reported as unserved energy and failing the grid check.</param>
public sealed record CouplingOptions(
    PricingMode Pricing = PricingMode.Dlmp,
    double Tolerance = 1e-4,
    double PriceResolution = 0.01,
    int MaxIterations = 200,
    double AssignmentGap = 1e-6,
    int AssignmentMaxIterations = 2000,
    int Threads = 0,
    double UnservedPenaltyPerKwh = OpfOptions.DefaultUnservedPenaltyPerKwh);

/// <summary>
/// The lower level for one plan: 24 hourly multi-class assignments and 24 hourly SOCP OPFs, iterated until charging
/// prices and station flows settle (design.md §4), then the social cost of §5 and the budget, revenue and grid checks.
/// Not thread-safe: one evaluation at a time per instance (create one per worker).
/// </summary>
public sealed class CoupledEvaluator
{
    private const double KwPerMw = 1000.0;
    private const double GridTolerancePu = 1e-6;
    private const double RevenueTolerance = 1e-7;
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
            using var opf = new MultiPeriodOpf(networks.Feeder, StudyCase.Hours, _opfOptions);
            return SolveFeeder(opf, new double[StudyCase.Hours, networks.Study.Stations.Count], _options.Threads).Select(GridCost).ToArray();
        }));
    }

    public CaseNetworks Networks => _networks;

    public CouplingOptions Options => _options;

    /// <summary>Grid operation cost per hour of the same day without any EV load (USD/h), the revenue check's reference.</summary>
    public IReadOnlyList<double> GridCostWithoutEv => _gridCostWithoutEv.Value;

    public EvaluationResult Evaluate(ChargingPlan plan, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var study = _networks.Study;
        var stationCount = study.Stations.Count;
        if (plan.PowerKw.Count != stationCount)
        {
            throw new ArgumentException($"plan has {plan.PowerKw.Count} stations, case has {stationCount}");
        }

        var clock = Stopwatch.StartNew();
        var fee = study.Parameters.ServiceFeePerKwh;
        var trial = new double[StudyCase.Hours][];
        for (var t = 0; t < StudyCase.Hours; t++)
        {
            trial[t] = Enumerable.Repeat(_networks.TariffPerKwh[t] + fee, stationCount).ToArray();
        }

        var searches = Enumerable.Range(0, StudyCase.Hours).Select(_ => new HourlyPriceSearch(_options.Tolerance, _options.PriceResolution)).ToArray();
        var last = new HourPoint?[StudyCase.Hours];
        var log = new ConvergenceLog();
        var status = SolveStatus.IterationLimit;
        var residual = double.PositiveInfinity;
        var iterations = 0;
        string? message = null;
        var maxIterations = _options.Pricing == PricingMode.Tou ? 1 : _options.MaxIterations;
        using var opf = new MultiPeriodOpf(_networks.Feeder, StudyCase.Hours, _opfOptions);
        for (var k = 1; k <= maxIterations; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            iterations = k;

            // Hours are independent: each is evaluated at its own trial prices; a converged hour is not evaluated again.
            var evaluated = DeterministicParallel.Map(StudyCase.Hours, _options.Threads, t =>
                searches[t].Done ? null : EvaluateHour(opf, t, plan, trial[t], last[t]?.Assignment, cancellation));
            var failed = Enumerable.Range(0, StudyCase.Hours).FirstOrDefault(t => evaluated[t]?.Assignment.Status is SolveStatus.Failed or SolveStatus.Infeasible, -1);
            if (failed >= 0)
            {
                status = evaluated[failed]!.Assignment.Status;
                message = $"traffic assignment at hour {failed}: {evaluated[failed]!.Assignment.Message}";
                for (var t = 0; t < StudyCase.Hours; t++)
                {
                    last[t] = evaluated[t] ?? last[t];
                }

                break;
            }

            if (_options.Pricing == PricingMode.Tou)
            {
                last = evaluated;
                residual = 0;
                status = SolveStatus.Converged;
                log.Add(new IterationRecord(k, 0, 0, last.Sum(p => GridCost(p!.Grid!)), clock.Elapsed.TotalSeconds));
                break;
            }

            var worst = 0;
            for (var t = 0; t < StudyCase.Hours; t++)
            {
                if (evaluated[t] is { } point)
                {
                    last[t] = point;
                    trial[t] = searches[t].Observe(point);
                }

                worst = searches[t].Residual > searches[worst].Residual ? t : worst;
            }

            residual = searches[worst].Residual;
            log.Add(new IterationRecord(k, residual, searches[worst].Step, searches.Sum(h => GridCost(h.Accepted!.Grid!)), clock.Elapsed.TotalSeconds));
            if (searches.All(h => h.Done))
            {
                status = SolveStatus.Converged;
                break;
            }
        }

        // The result is every hour's accepted point (its prices, the flows they induce and the OPF at those flows).
        var final = _options.Pricing == PricingMode.Tou || searches.Any(h => h.Accepted is null) ? last : searches.Select(h => h.Accepted).ToArray();
        return Summarize(plan, status, message, final, iterations, residual, log, clock).FailIfNotFinite();
    }

    /// <summary>Hour t at the given prices: the assignment (warm-started), the OPF at its station loads and the DLMP-based
    /// target prices.</summary>
    private HourPoint EvaluateHour(MultiPeriodOpf opf, int hour, ChargingPlan plan, double[] prices, AssignmentResult? warmStart, CancellationToken cancellation)
    {
        var assignment = Assign(hour, plan, prices, warmStart, cancellation);
        var flows = assignment.StationFlows.ToArray();
        if (assignment.Status is SolveStatus.Failed or SolveStatus.Infeasible)
        {
            return new HourPoint(prices, prices, flows, assignment, null);
        }

        var grid = SolveHour(opf[hour], hour, flows);
        var fee = _networks.Study.Parameters.ServiceFeePerKwh;
        var targets = new double[prices.Length];
        for (var s = 0; s < prices.Length; s++)
        {
            // An hour whose OPF failed has no prices: its charging price stays where it is.
            targets[s] = grid.Buses.Count > 0 ? (grid.Buses[_networks.StationBusIndex[s]].DlmpPPerMwh / KwPerMw) + fee : prices[s];
        }

        return new HourPoint(prices, targets, flows, assignment, grid);
    }

    private AssignmentResult Assign(int hour, ChargingPlan plan, double[] prices, AssignmentResult? warmStart, CancellationToken cancellation)
    {
        var study = _networks.Study;
        var states = new StationState[study.Stations.Count];
        for (var s = 0; s < states.Length; s++)
        {
            states[s] = new StationState(plan.PowerKw[s], plan.IsBuilt(s) ? study.Stations[s].Units : 0, prices[s]);
        }

        var request = new AssignmentRequest(_networks.HourlyDemand[hour])
        {
            Stations = states,
            Stop = new StopCriteria(_options.AssignmentGap, _options.AssignmentMaxIterations),
            WarmStart = warmStart,
        };
        return _assigners[hour].Solve(request, cancellation);
    }

    /// <summary>
    /// 24 OPFs with the base load × hourly factor plus E·y at the station buses. The hourly solvers keep their cuts
    /// across the coupling iterations of one evaluation and are discarded after it, so an evaluation never depends on
    /// the ones before it (same plan → same bytes, whatever the order or thread count).
    /// </summary>
    private OpfResult[] SolveFeeder(MultiPeriodOpf opf, double[,] stationFlows, int threads) =>
        DeterministicParallel.Map(StudyCase.Hours, threads, t =>
            SolveHour(opf[t], t, Enumerable.Range(0, stationFlows.GetLength(1)).Select(s => stationFlows[t, s]).ToArray()));

    /// <summary>The OPF of one hour: base load × hourly factor plus E·y at the station buses.</summary>
    private OpfResult SolveHour(OpfSolver solver, int hour, double[] stationFlows)
    {
        var feeder = _networks.Feeder;
        var p = new double[feeder.BusCount];
        var q = new double[feeder.BusCount];
        for (var j = 0; j < feeder.BusCount; j++)
        {
            p[j] = feeder.PLoad[j] * feeder.BaseMva * _networks.BaseLoadFactor[hour];
            q[j] = feeder.QLoad[j] * feeder.BaseMva * _networks.BaseLoadFactor[hour];
        }

        for (var s = 0; s < stationFlows.Length; s++)
        {
            var kw = _networks.EnergyPerChargeKwh * stationFlows[s];
            p[_networks.StationBusIndex[s]] += kw / KwPerMw;
            q[_networks.StationBusIndex[s]] += kw * _networks.EvReactivePerActive / KwPerMw;
        }

        solver.SetLoads(p, q);
        solver.SetPrice(_networks.TariffPerKwh[hour] * KwPerMw);
        return solver.Solve();
    }

    /// <summary>Energy and generator cost of one hour (USD), without the unserved-load penalty; 0 for an hour whose OPF
    /// failed (it has no dispatch; the grid check then fails and names the hour).</summary>
    private double GridCost(OpfResult result) =>
        result.Buses.Count == 0 || !double.IsFinite(result.ObjectivePerHour) ? 0 : result.ObjectivePerHour - (result.UnservedMw * _opfOptions.UnservedPenaltyPerMwh);

    private EvaluationResult Summarize(
        ChargingPlan plan, SolveStatus status, string? message, HourPoint?[] hours, int iterations, double residual, ConvergenceLog log, Stopwatch clock)
    {
        var study = _networks.Study;
        var parts = _networks.Parts;
        double travel = 0, charging = 0, fuel = 0, gridCost = 0, revenue = 0, unservedKwh = 0, peakKw = 0, dlmpSum = 0;
        double maxDeviation = 0, minVoltage = double.PositiveInfinity;
        var stations = new List<StationHour>();
        var buses = new List<BusHour>();
        var links = new List<LinkHour>();
        var feederHours = new List<FeederHour>();
        var complete = hours.All(h => h?.Grid is not null);
        var grid = complete ? hours.Select(h => h!.Grid!).ToArray() : [];
        for (var t = 0; complete && t < StudyCase.Hours; t++)
        {
            var a = hours[t]!.Assignment;
            var prices = hours[t]!.Prices;
            for (var k = 0; k < parts.Count; k++)
            {
                travel += parts[k].Class.ValueOfTimePerHour * a.ClassVehicleHours[k];
                fuel += parts[k].Class.CostPerKm * a.ClassVehicleKm[k];
            }

            var evLoad = 0.0;
            for (var s = 0; s < study.Stations.Count; s++)
            {
                var y = a.StationFlows[s];
                var load = _networks.EnergyPerChargeKwh * y;
                evLoad += load;
                charging += _networks.ChargingValueOfTime * y * a.StationTimeHours[s];
                revenue += prices[s] * load;
                dlmpSum += grid[t].Buses.Count > 0 ? grid[t].Buses[_networks.StationBusIndex[s]].DlmpPPerMwh / KwPerMw : 0;
                stations.Add(new StationHour(t, study.Stations[s].Id, y, load, prices[s], a.StationTimeHours[s]));
            }

            for (var l = 0; l < study.Links.Count; l++)
            {
                double icev = 0, ev = 0;
                for (var k = 0; k < parts.Count; k++)
                {
                    if (parts[k].Class.Kind == VehicleKind.Icev)
                    {
                        icev += a.ClassLinkFlows[k][l];
                    }
                    else
                    {
                        ev += a.ClassLinkFlows[k][l];
                    }
                }

                links.Add(new LinkHour(t, study.Links[l].Id, icev, ev, a.LinkTimes[l]));
            }

            var g = grid[t];
            if (g.Buses.Count == 0)
            {
                // The OPF of this hour failed (e.g. a voltage floor no dispatch can meet): no voltages or prices; the
                // grid check fails with the OPF's message below.
                feederHours.Add(new FeederHour(t, g.Status, 0, 0, evLoad, 0, "", 0, 0, 0, a.Iterations, a.RelativeGap));
                continue;
            }

            gridCost += GridCost(g);
            unservedKwh += g.UnservedMw * KwPerMw;
            peakKw = Math.Max(peakKw, g.SubstationMw * KwPerMw);
            foreach (var bus in g.Buses)
            {
                maxDeviation = Math.Max(maxDeviation, Math.Abs(bus.VPu - 1));
                minVoltage = Math.Min(minVoltage, bus.VPu);
            }

            foreach (var j in Enumerable.Range(0, _networks.Feeder.BusCount).OrderBy(j => _networks.Feeder.Ids[j]))
            {
                var bus = g.Buses[j];
                buses.Add(new BusHour(t, _networks.CaseBusId(bus.BusId), bus.VPu, bus.DlmpPPerMwh / KwPerMw));
            }

            feederHours.Add(new FeederHour(t, g.Status, g.SubstationMw * KwPerMw, g.LossesMw * KwPerMw, evLoad, g.VMinPu,
                _networks.CaseBusId(g.VMinBus), g.UnservedMw * KwPerMw, GridCost(g), g.MaxRelaxationGap, a.Iterations, a.RelativeGap));
        }

        var capital = Economics.CapitalCost(study, plan);
        var components = new CostBreakdown(travel, charging, fuel, Economics.InvestmentPerDay(study, plan), gridCost);
        var increase = gridCost - GridCostWithoutEv.Sum();
        var limit = study.Buses.Min(b => Math.Min(1 - b.VMinPu, b.VMaxPu - 1));
        var gridProblem = !complete ? "not evaluated"
            : grid.FirstOrDefault(g => g.Status != SolveStatus.Converged) is { } bad
                ? $"OPF {bad.Status.ToText()} at hour {Array.IndexOf(grid, bad)}{(bad.Violations.Count > 0 ? ": " + bad.ViolationSummary(3) : "")}"
            : unservedKwh > GridTolerancePu * KwPerMw ? $"{Invariant.Format(unservedKwh, 1)} kWh of load cannot be served within the voltage and current limits"
            : null;
        // An hour whose OPF has no verified optimum (failed, infeasible, at its cut-round limit) fails the evaluation: its
        // prices and grid cost are not those of the plan (issue 12).
        if ((!complete || grid.Any(g => g.Status != SolveStatus.Converged)) && status == SolveStatus.Converged)
        {
            status = SolveStatus.Failed;
            message ??= gridProblem;
        }

        return new EvaluationResult
        {
            Status = status,
            Message = message,
            Pricing = _options.Pricing,
            Plan = plan,
            Components = components,
            ChargingRevenue = revenue,
            GridCostIncrease = increase,
            CapitalCost = capital,
            BudgetOk = capital <= study.Parameters.Budget,
            // The OPFs solve to ~1e-9 relative; an increase within that noise of zero is no increase.
            RevenueOk = revenue >= increase - (RevenueTolerance * Math.Abs(gridCost)),
            GridOk = gridProblem is null,
            GridProblem = gridProblem,
            MaxVoltageDeviation = maxDeviation,
            VoltageDeviationLimit = limit,
            MinVoltagePu = minVoltage,
            UnservedKwh = unservedKwh,
            PeakSubstationKw = peakKw,
            AverageStationDlmp = dlmpSum / (StudyCase.Hours * study.Stations.Count),
            CouplingIterations = iterations,
            CouplingResidual = residual,
            Log = log,
            Stations = stations,
            Buses = buses,
            Links = links,
            Feeder = feederHours,
            WallSeconds = clock.Elapsed.TotalSeconds,
        };
    }
}
