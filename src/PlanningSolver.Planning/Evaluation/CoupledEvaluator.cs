using System.Diagnostics;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Power;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>Settings of the coupled lower level (design.md §4).</summary>
/// <param name="Pricing">Charging prices from DLMPs with feedback, or the fixed TOU tariff.</param>
/// <param name="Tolerance">Coupling stops when the largest change of a charging price (USD/kWh) and the largest change of a
/// station flow relative to (1 + its value) between two iterations are both at or below this.</param>
/// <param name="MaxIterations">Coupling iteration limit (status <c>iteration_limit</c> beyond it).</param>
/// <param name="Damping">Weight λ of the new DLMP-based price in the update π ← π + λ (π̂ − π) when the station flows moved
/// in the last iteration (λ = 1 in the first iteration and whenever the flows held still); from iteration
/// <see cref="AveragingFrom"/> on, λ = 1/(k − AveragingFrom + 2) (successive averages), which damps price oscillations
/// when a voltage limit switches on and off.</param>
/// <param name="AveragingFrom">Iteration at which the fixed damping gives way to successive averages.</param>
/// <param name="AssignmentGap">Relative-gap target of each hourly assignment.</param>
/// <param name="AssignmentMaxIterations">Iteration limit of each hourly assignment.</param>
/// <param name="Threads">Hours solved in parallel (0 = all cores); results do not depend on it.</param>
/// <param name="UnservedPenaltyPerKwh">Soft grid: load the feeder cannot serve within its limits is shed at this price
/// (USD/kWh), reported as unserved energy and failing the grid check.</param>
/// <param name="FullStepPriceChange">The first price update moves fully to the DLMP-based prices unless one of them is
/// more than this far (USD/kWh) from the TOU start, which signals load shedding; then it is damped too.</param>
public sealed record CouplingOptions(
    PricingMode Pricing = PricingMode.Dlmp,
    double Tolerance = 1e-4,
    int MaxIterations = 40,
    double Damping = 0.5,
    int AveragingFrom = 10,
    double AssignmentGap = 1e-6,
    int AssignmentMaxIterations = 2000,
    int Threads = 0,
    double UnservedPenaltyPerKwh = 10.0,
    double FullStepPriceChange = 1.0);

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
        var prices = new double[StudyCase.Hours, stationCount];
        for (var t = 0; t < StudyCase.Hours; t++)
        {
            for (var s = 0; s < stationCount; s++)
            {
                prices[t, s] = _networks.TariffPerKwh[t] + fee;
            }
        }

        var assignments = new AssignmentResult[StudyCase.Hours];
        var flows = new double[StudyCase.Hours, stationCount];
        OpfResult[] grid = [];
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
            var previous = assignments;
            var pricesNow = prices;
            assignments = DeterministicParallel.Map(StudyCase.Hours, _options.Threads, t => Assign(t, plan, pricesNow, previous[t], cancellation));
            var failed = assignments.FirstOrDefault(a => a.Status is SolveStatus.Failed or SolveStatus.Infeasible);
            if (failed is not null)
            {
                status = failed.Status;
                message = $"traffic assignment at hour {Array.IndexOf(assignments, failed)}: {failed.Message}";
                break;
            }

            var newFlows = new double[StudyCase.Hours, stationCount];
            for (var t = 0; t < StudyCase.Hours; t++)
            {
                for (var s = 0; s < stationCount; s++)
                {
                    newFlows[t, s] = assignments[t].StationFlows[s];
                }
            }

            grid = SolveFeeder(opf, newFlows, _options.Threads);
            var flowChange = k == 1 ? 0 : MaxRelativeChange(flows, newFlows);
            flows = newFlows;
            if (_options.Pricing == PricingMode.Tou)
            {
                residual = 0;
                status = SolveStatus.Converged;
                log.Add(new IterationRecord(k, 0, 0, grid.Sum(GridCost), clock.Elapsed.TotalSeconds));
                break;
            }

            var targets = new double[StudyCase.Hours, stationCount];
            var priceChange = 0.0;
            for (var t = 0; t < StudyCase.Hours; t++)
            {
                for (var s = 0; s < stationCount; s++)
                {
                    // An hour whose OPF failed has no prices: its charging price stays where it is.
                    targets[t, s] = grid[t].Buses.Count > 0 ? (grid[t].Buses[_networks.StationBusIndex[s]].DlmpPPerMwh / KwPerMw) + fee : prices[t, s];
                    priceChange = Math.Max(priceChange, Math.Abs(targets[t, s] - prices[t, s]));
                }
            }

            // Full step while the targets stay moderate (first iteration) or the flows held still; damped otherwise,
            // then successive averages.
            var step = (k == 1 && priceChange <= _options.FullStepPriceChange) || (k > 1 && flowChange <= _options.Tolerance) ? 1.0
                : k < _options.AveragingFrom ? _options.Damping
                : 1.0 / (k - _options.AveragingFrom + 2);
            var updated = new double[StudyCase.Hours, stationCount];
            for (var t = 0; t < StudyCase.Hours; t++)
            {
                for (var s = 0; s < stationCount; s++)
                {
                    updated[t, s] = prices[t, s] + (step * (targets[t, s] - prices[t, s]));
                }
            }

            residual = k == 1 ? Math.Max(priceChange, 1.0) : Math.Max(priceChange, flowChange);
            log.Add(new IterationRecord(k, residual, step, grid.Sum(GridCost), clock.Elapsed.TotalSeconds));
            if (residual <= _options.Tolerance)
            {
                status = SolveStatus.Converged;
                break;
            }

            prices = updated;
        }

        return Summarize(plan, status, message, prices, flows, assignments, grid, iterations, residual, log, clock);
    }

    private AssignmentResult Assign(int hour, ChargingPlan plan, double[,] prices, AssignmentResult? warmStart, CancellationToken cancellation)
    {
        var study = _networks.Study;
        var states = new StationState[study.Stations.Count];
        for (var s = 0; s < states.Length; s++)
        {
            states[s] = new StationState(plan.PowerKw[s], plan.IsBuilt(s) ? study.Stations[s].Units : 0, prices[hour, s]);
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
    private OpfResult[] SolveFeeder(MultiPeriodOpf opf, double[,] stationFlows, int threads)
    {
        var feeder = _networks.Feeder;
        var study = _networks.Study;
        return DeterministicParallel.Map(StudyCase.Hours, threads, t =>
        {
            var solver = opf[t];
            var p = new double[feeder.BusCount];
            var q = new double[feeder.BusCount];
            for (var j = 0; j < feeder.BusCount; j++)
            {
                p[j] = feeder.PLoad[j] * feeder.BaseMva * _networks.BaseLoadFactor[t];
                q[j] = feeder.QLoad[j] * feeder.BaseMva * _networks.BaseLoadFactor[t];
            }

            for (var s = 0; s < study.Stations.Count; s++)
            {
                var kw = _networks.EnergyPerChargeKwh * stationFlows[t, s];
                p[_networks.StationBusIndex[s]] += kw / KwPerMw;
                q[_networks.StationBusIndex[s]] += kw * _networks.EvReactivePerActive / KwPerMw;
            }

            solver.SetLoads(p, q);
            solver.SetPrice(_networks.TariffPerKwh[t] * KwPerMw);
            return solver.Solve();
        });
    }

    /// <summary>Energy and generator cost of one hour (USD), without the unserved-load penalty; 0 for an hour whose OPF
    /// failed (it has no dispatch; the grid check then fails and names the hour).</summary>
    private double GridCost(OpfResult result) =>
        result.Buses.Count == 0 || !double.IsFinite(result.ObjectivePerHour) ? 0 : result.ObjectivePerHour - (result.UnservedMw * _opfOptions.UnservedPenaltyPerMwh);

    private static double MaxRelativeChange(double[,] before, double[,] after)
    {
        var max = 0.0;
        for (var t = 0; t < before.GetLength(0); t++)
        {
            for (var s = 0; s < before.GetLength(1); s++)
            {
                max = Math.Max(max, Math.Abs(after[t, s] - before[t, s]) / (1 + Math.Abs(before[t, s])));
            }
        }

        return max;
    }

    private EvaluationResult Summarize(
        ChargingPlan plan, SolveStatus status, string? message, double[,] prices, double[,] flows,
        AssignmentResult[] assignments, OpfResult[] grid, int iterations, double residual, ConvergenceLog log, Stopwatch clock)
    {
        var study = _networks.Study;
        var parts = _networks.Parts;
        double travel = 0, charging = 0, fuel = 0, gridCost = 0, revenue = 0, unservedKwh = 0, peakKw = 0, dlmpSum = 0;
        double maxDeviation = 0, minVoltage = double.PositiveInfinity;
        var stations = new List<StationHour>();
        var buses = new List<BusHour>();
        var links = new List<LinkHour>();
        var feederHours = new List<FeederHour>();
        var complete = assignments.All(a => a is not null) && grid.Length == StudyCase.Hours;
        for (var t = 0; complete && t < StudyCase.Hours; t++)
        {
            var a = assignments[t];
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
                revenue += prices[t, s] * load;
                dlmpSum += grid[t].Buses.Count > 0 ? grid[t].Buses[_networks.StationBusIndex[s]].DlmpPPerMwh / KwPerMw : 0;
                stations.Add(new StationHour(t, study.Stations[s].Id, y, load, prices[t, s], a.StationTimeHours[s]));
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
        if (!complete && status == SolveStatus.Converged)
        {
            status = SolveStatus.Failed;
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
