using PlanningSolver.Core;
using PlanningSolver.Power;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>One hour of one plan: its assignment solver and request template, and its reusable OPF (cuts kept across
/// the hour's coupling iterations).</summary>
internal sealed class CoupledHour : ICoupledHour
{
    private const double KwPerMw = 1000.0;
    private readonly CaseNetworks _networks;
    private readonly int _hour;
    private readonly ChargingPlan _plan;
    private readonly AssignmentSolver _assigner;
    private readonly OpfSolver _opf;
    private readonly CouplingOptions _options;

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

    /// <summary>The coupling's assignment gap target (<see cref="CouplingOptions.AssignmentGap"/>).</summary>
    public double AssignmentGap => _options.AssignmentGap;

    public AssignmentResult Assign(double[] chargingPricePerKwh, AssignmentResult? warmStart, double gap, CancellationToken cancellation)
    {
        var study = _networks.Study;
        var states = new StationState[study.Stations.Count];
        for (var s = 0; s < states.Length; s++)
        {
            states[s] = new StationState(_plan.PowerKw[s], _plan.IsBuilt(s) ? study.Stations[s].Units : 0, chargingPricePerKwh[s]);
        }

        return _assigner.Solve(new AssignmentRequest(_networks.HourlyDemand[_hour])
        {
            Stations = states,
            Stop = new StopCriteria(gap, _options.AssignmentMaxIterations),
            WarmStart = warmStart,
        }, cancellation);
    }

    public GridCut? Grid(double[] stationFlows, out string? failure)
    {
        var opf = Solve(stationFlows);
        if (opf.Status != SolveStatus.Converged || opf.Buses.Count == 0 || !double.IsFinite(opf.ObjectivePerHour))
        {
            failure = $"OPF {opf.Status.ToText()} at hour {_hour}{(opf.Violations.Count > 0 ? ": " + opf.ViolationSummary(3) : "")}";
            return null;
        }

        failure = null;
        var stations = StationCount;
        var energy = new double[stations];
        var reactive = new double[stations];
        for (var s = 0; s < stations; s++)
        {
            var bus = opf.Buses[_networks.StationBusIndex[s]];
            energy[s] = bus.DlmpPPerMwh / KwPerMw;
            reactive[s] = _networks.EvReactivePerActive * bus.DlmpQPerMvarh / KwPerMw;
        }

        return new GridCut((double[])stationFlows.Clone(), opf.ObjectivePerHour, energy, reactive, opf);
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
