using PlanningSolver.Core;
using PlanningSolver.Power;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>One hour of one plan: its assignment solver and request template, and its reusable OPF (cuts kept across
/// the hour's coupling iterations).</summary>
internal sealed class CoupledHour : ICoupledHour, IDisposable
{
    private const double KwPerMw = 1000.0;
    private const int RecentGridCount = 8;
    private readonly CaseNetworks _networks;
    private readonly int _hour;
    private readonly ChargingPlan _plan;
    private readonly AssignmentSolver _assigner;
    private readonly OpfSolver _opf;
    private readonly CouplingOptions _options;
    private ResponsiveLoadOpf? _clearing;
    private AssignmentResult? _lastBush;

    /// <summary>The hour's recent OPFs at station flows, newest last: the solver asks again for flows it has solved at (a
    /// candidate's flows are checked, then logged), and an OPF costs more than the hour's assignment.</summary>
    private readonly List<GridCut> _recentGrids = [];

    public CoupledHour(CaseNetworks networks, int hour, ChargingPlan plan, AssignmentSolver assigner, OpfSolver opf, CouplingOptions options)
    {
        _networks = networks;
        _hour = hour;
        _plan = plan;
        _assigner = assigner;
        _opf = opf;
        _options = options;
    }

    public int StationCount => _networks.Study.Stations.Count;

    public double EnergyPerChargeKwh => _networks.EnergyPerChargeKwh;

    public double TimeUnitsPerUsd => 1.0 / (_networks.ChargingValueOfTime * _networks.Assignment.Settings.HoursPerTimeUnit);

    public double ServiceFeePerKwh => _networks.Study.Parameters.ServiceFeePerKwh;

    /// <summary>The coupling tolerance (<see cref="CouplingOptions.Tolerance"/>): every class's gap at a settled hour.</summary>
    public double Tolerance => _options.Tolerance;

    /// <summary>The coupling's assignment gap target (<see cref="CouplingOptions.AssignmentGap"/>).</summary>
    public double AssignmentGap => _options.AssignmentGap;

    /// <summary>A class gap above which (and above the solve's target) Algorithm B's result is taken further by BFW: a
    /// tenth of the coupling tolerance, so that a column's classes sit well inside what a settled hour must meet. (B's
    /// charging class often levels off at 1e-8 above a target of 1e-10; that is left alone.)</summary>
    private double FallbackGap => _options.Tolerance / 10;

    /// <summary>
    /// The assignment at charging prices. With Algorithm B (<see cref="CouplingOptions.Algorithm"/>) a solve re-uses the
    /// hour's bushes from its previous B solve whatever <paramref name="warmStart"/> says, except the first one
    /// (<paramref name="warmStart"/> null: cold); a gap target of 1 or more only evaluates <paramref name="warmStart"/>'s
    /// flows at the prices (costs and gaps, no iteration), which takes any flows, so it runs the Frank–Wolfe machinery.
    /// </summary>
    public AssignmentResult Assign(double[] chargingPricePerKwh, AssignmentResult? warmStart, double gap, CancellationToken cancellation) =>
        Assign(chargingPricePerKwh, 0, null, warmStart, gap, cancellation);

    public AssignmentResult AssignWithRisingPrices(
        double[] chargingPricePerKwh, double slopePerKwh, double[] centers, AssignmentResult? warmStart, double gap, CancellationToken cancellation) =>
        Assign(chargingPricePerKwh, slopePerKwh, centers, warmStart, gap, cancellation);

    private AssignmentResult Assign(
        double[] chargingPricePerKwh, double slopePerKwh, double[]? centers, AssignmentResult? warmStart, double gap, CancellationToken cancellation)
    {
        var study = _networks.Study;
        var states = new StationState[study.Stations.Count];
        for (var s = 0; s < states.Length; s++)
        {
            states[s] = new StationState(_plan.PowerKw[s], _plan.IsBuilt(s) ? study.Stations[s].Units : 0, chargingPricePerKwh[s])
            {
                PriceSlopePerKwh = slopePerKwh,
                PriceSlopeCenter = centers?[s] ?? 0,
            };
        }

        var evaluateOnly = gap >= 1;
        var bush = _options.Algorithm == AssignmentAlgorithm.AlgorithmB && !evaluateOnly;
        var result = _assigner.Solve(new AssignmentRequest(_networks.HourlyDemand[_hour])
        {
            Stations = states,
            Stop = new StopCriteria(gap, _options.AssignmentMaxIterations),
            Algorithm = bush ? AssignmentAlgorithm.AlgorithmB : evaluateOnly ? AssignmentAlgorithm.BiconjugateFrankWolfe : _options.Algorithm,
            WarmStart = bush ? (warmStart is null ? null : _lastBush) : warmStart,
        }, cancellation);
        if (bush)
        {
            _lastBush = result;
            if (result.Status is SolveStatus.IterationLimit or SolveStatus.Converged && result.ClassRelativeGaps.Any(g => g > Math.Max(gap, FallbackGap)))
            {
                // Algorithm B stalls (its stall guard, or the iteration limit) on a class far above the target, e.g. a
                // charging class at stations loaded far past their service rate (docs/algorithm-b.md), or stops at once on
                // re-used bushes whose own gap meets the target while the charging class's network gap does not (seen:
                // 0 iterations, charging class at 4.3e-7): bi-conjugate Frank–Wolfe from B's flows takes the classes the
                // rest of the way to the target.
                var polished = _assigner.Solve(new AssignmentRequest(_networks.HourlyDemand[_hour])
                {
                    Stations = states,
                    Stop = new StopCriteria(gap, _options.AssignmentMaxIterations),
                    Algorithm = AssignmentAlgorithm.BiconjugateFrankWolfe,
                    WarmStart = result,
                }, cancellation);
                if (polished.Status is not (SolveStatus.Failed or SolveStatus.Infeasible)
                    && polished.ClassRelativeGaps.Max() < result.ClassRelativeGaps.Max())
                {
                    return polished;
                }
            }
        }

        return result;
    }

    public GridCut? Grid(double[] stationFlows, out string? failure)
    {
        failure = null;
        foreach (var recent in _recentGrids)
        {
            if (recent.Flows.AsSpan().SequenceEqual(stationFlows))
            {
                return recent;
            }
        }

        var opf = Solve(stationFlows);
        if (opf.Status != SolveStatus.Converged || opf.Buses.Count == 0 || !double.IsFinite(opf.ObjectivePerHour))
        {
            failure = $"OPF {opf.Status.ToText()} at hour {_hour}{(opf.Violations.Count > 0 ? ": " + opf.ViolationSummary(3) : "")}";
            return null;
        }

        var cut = ToCut(stationFlows, opf.ObjectivePerHour, opf);
        if (_recentGrids.Count == RecentGridCount)
        {
            _recentGrids.RemoveAt(0);
        }

        _recentGrids.Add(cut);
        return cut;
    }

    public GridCut? Clear(IReadOnlyList<(double[] Flows, double CostUsd)> columns, out string? failure)
    {
        var clearing = Clearing();
        for (var i = clearing.Options.Count; i < columns.Count; i++)
        {
            clearing.AddOption(new LoadOption((double[])columns[i].Flows.Clone(), columns[i].CostUsd));
        }

        var result = clearing.Solve();
        var stalled = result.Status == SolveStatus.IterationLimit && result.Opf.Buses.Count > 0;
        if (result.Status != SolveStatus.Converged && !stalled)
        {
            failure = $"OPF with the traffic columns {result.Status.ToText()} at hour {_hour}: {result.Message}";
            return null;
        }

        failure = null;
        return ToCut(result.Units, result.GridCostPerHour, result.Opf) with
        {
            MasterWeights = result.Weights,
            MasterPricesPerKwh = [.. result.MasterMarginalPerUnit.Select(m => m / _networks.EnergyPerChargeKwh)],
            Exact = !stalled,
        };
    }

    public GridCut? PriceTaking(double[] stationFlows, double[] pricePerKwh, double halfWidth, out string? failure) =>
        PriceTaking(stationFlows, pricePerKwh, halfWidth, total: null, out failure);

    public GridCut? PriceTakingAtTotal(double[] stationFlows, double[] pricePerKwh, double halfWidth, double unusedFlow, bool[]? held, out string? failure) =>
        PriceTaking(stationFlows, pricePerKwh, halfWidth, total: stationFlows.Sum(), out failure, unusedFlow, held);

    private GridCut? PriceTaking(
        double[] stationFlows, double[] pricePerKwh, double halfWidth, double? total, out string? failure, double unusedFlow = -1, bool[]? held = null)
    {
        var energy = _networks.EnergyPerChargeKwh;
        double Bound(int s, double side) =>
            stationFlows[s] <= unusedFlow ? 0 : held?[s] == true ? stationFlows[s] : stationFlows[s] + (side * halfWidth);
        var result = Clearing().SolveAtPrices(
            [.. pricePerKwh.Select(p => (p + ServiceFeePerKwh) * energy)],
            [.. Enumerable.Range(0, stationFlows.Length).Select(s => Bound(s, -1))],
            [.. Enumerable.Range(0, stationFlows.Length).Select(s => Bound(s, 1))],
            total);
        if (result.Status != SolveStatus.Converged)
        {
            failure = $"price-taking OPF {result.Status.ToText()} at hour {_hour}: {result.Message}";
            return null;
        }

        failure = null;
        return ToCut(result.Units, result.GridCostPerHour, result.Opf);
    }

    public IReadOnlyList<BindingLimit> BindingLimits(GridCut at)
    {
        var energyMw = _networks.EnergyPerChargeKwh / KwPerMw;
        return BindingLimit.At(_networks.Feeder, at.Opf,
            [.. _networks.StationBusIndex.Select(bus => new LoadUnit(bus, energyMw, _networks.EvReactivePerActive * energyMw))]);
    }

    public double[] LimitExcess(IReadOnlyList<BindingLimit> limits, GridCut at, double[] stationFlows)
    {
        var input = _networks.HourInput(_hour, [.. stationFlows.Select(y => _networks.EnergyPerChargeKwh * y)]);
        var flow = BindingLimit.PowerFlowAt(_networks.Feeder, at.Opf, input.PLoadMw, input.QLoadMvar);
        return [.. limits.Select(l => l.Excess(flow))];
    }

    public void Dispose() => _clearing?.Dispose();

    private ResponsiveLoadOpf Clearing()
    {
        if (_clearing is null)
        {
            var energy = _networks.EnergyPerChargeKwh;
            var n = StationCount;
            var fee = ServiceFeePerKwh * energy;
            var loads = Enumerable.Range(0, n)
                .Select(s => new ResponsiveLoad(_networks.StationBusIndex[s], energy / KwPerMw, _networks.EvReactivePerActive * energy / KwPerMw, fee))
                .ToArray();
            _clearing = new ResponsiveLoadOpf(_networks.Feeder, loads, _opf.Options);
            var input = _networks.HourInput(_hour, new double[n]);
            _clearing.SetBaseLoads(input.PLoadMw, input.QLoadMvar);
            _clearing.SetPrice(input.PricePerMwh);
        }

        return _clearing;
    }

    private GridCut ToCut(double[] flows, double cost, OpfResult opf)
    {
        var stations = StationCount;
        var energy = new double[stations];
        var reactive = new double[stations];
        for (var s = 0; s < stations; s++)
        {
            var bus = opf.Buses[_networks.StationBusIndex[s]];
            energy[s] = bus.DlmpPPerMwh / KwPerMw;
            reactive[s] = _networks.EvReactivePerActive * bus.DlmpQPerMvarh / KwPerMw;
        }

        return new GridCut((double[])flows.Clone(), cost, energy, reactive, opf);
    }

    /// <summary>The OPF at station flows, without reading it as a cut (the TOU pass).</summary>
    public OpfResult Solve(double[] stationFlows)
    {
        var loads = stationFlows.Select(y => _networks.EnergyPerChargeKwh * y).ToArray();
        var input = _networks.HourInput(_hour, loads);
        _opf.SetLoads(input.PLoadMw, input.QLoadMvar);
        _opf.SetPrice(input.PricePerMwh);
        return _opf.Solve();
    }
}
