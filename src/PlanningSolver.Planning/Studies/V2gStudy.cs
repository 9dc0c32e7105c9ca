using System.Diagnostics;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Power;

namespace PlanningSolver.Planning.Studies;

/// <summary>Settings of the V2G study.</summary>
/// <param name="DischargeFraction">Default discharge limit of a station as a fraction of its installed power m_s·P_s.</param>
/// <param name="DischargeLimitKwPerUnit">When set, the discharge limit is m_s × this (kW per charging unit) instead.</param>
/// <param name="RoundTripEfficiency">η in η Σ r = Σ d (1 = lossless, the default).</param>
/// <param name="UnservedPenaltyPerKwh">Soft-grid penalty, as in the coupled evaluation (USD/kWh).</param>
/// <param name="ConeTolerance">Cone tolerance of the coupled OPF (p.u.²). 1e-8 rather than the hourly OPF's 1e-9: with
/// degenerate storage the cut loop can stall just above 1e-9 (measured: 1.0166e-9 on ring-33 at 20 kW per unit).</param>
public sealed record V2gOptions(
    double DischargeFraction = 0.5,
    double? DischargeLimitKwPerUnit = null,
    double RoundTripEfficiency = 1.0,
    double UnservedPenaltyPerKwh = OpfOptions.DefaultUnservedPenaltyPerKwh,
    double ConeTolerance = 1e-8);

/// <summary>One station's V2G schedule (kW per hour; hours are one hour long, so also kWh).</summary>
public sealed record V2gStation(string Id, string Bus, double DischargeLimitKw, IReadOnlyList<double> DischargeKw, IReadOnlyList<double> RechargeKw, double EnergyBalanceResidualKwh);

/// <summary>The outcome of the V2G study: the same day without and with V2G.</summary>
public sealed record V2gResult
{
    public required SolveStatus Status { get; init; }

    public required IReadOnlyList<double> SubstationKwWithout { get; init; }

    public required IReadOnlyList<double> SubstationKwWith { get; init; }

    public double PeakKwWithout => SubstationKwWithout.Max();

    public double PeakKwWith => SubstationKwWith.Max();

    public int PeakHourWithout => IndexOfMax(SubstationKwWithout, 0, StudyCase.Hours);

    public int PeakHourWith => IndexOfMax(SubstationKwWith, 0, StudyCase.Hours);

    /// <summary>Largest substation load in the evening hours <see cref="V2gStudy.EveningFrom"/>..<see cref="V2gStudy.EveningTo"/>.</summary>
    public double EveningPeakKwWithout => SubstationKwWithout.Skip(V2gStudy.EveningFrom).Take(V2gStudy.EveningTo - V2gStudy.EveningFrom + 1).Max();

    public double EveningPeakKwWith => SubstationKwWith.Skip(V2gStudy.EveningFrom).Take(V2gStudy.EveningTo - V2gStudy.EveningFrom + 1).Max();

    /// <summary>Energy and generator cost of the day without V2G (USD/day, without the unserved penalty).</summary>
    public required double GridCostWithout { get; init; }

    public required double GridCostWith { get; init; }

    /// <summary>The coupled evaluation's own grid operation cost (USD/day), which <see cref="GridCostWithout"/> reproduces.</summary>
    public required double EvaluatorGridCost { get; init; }

    /// <summary>The evaluation's social cost with its grid cost replaced by <see cref="GridCostWithout"/>.</summary>
    public required double SocialCostWithout { get; init; }

    /// <summary>Social cost − grid cost without + grid cost with (traffic, charging time, fuel and investment unchanged).</summary>
    public required double SocialCostWith { get; init; }

    public required double UnservedKwhWithout { get; init; }

    public required double UnservedKwhWith { get; init; }

    public required IReadOnlyList<V2gStation> Stations { get; init; }

    public double MaxEnergyBalanceResidualKwh => Stations.Count == 0 ? 0 : Stations.Max(s => s.EnergyBalanceResidualKwh);

    public required StorageCoupledResult Without { get; init; }

    public required StorageCoupledResult With { get; init; }

    public required double WallSeconds { get; init; }

    private static int IndexOfMax(IReadOnlyList<double> values, int from, int count)
    {
        var best = from;
        for (var i = from; i < from + count && i < values.Count; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}

/// <summary>
/// V2G on/off for one plan (issue 7). The equilibrium charging loads E·y_s,t of the coupled evaluation are kept fixed
/// (V2G only reschedules energy of EVs already at the stations, so traffic and the station flows are unchanged), and the
/// 24-hour feeder is solved twice in one storage-coupled SOCP OPF (<see cref="StorageCoupledOpf"/>): (a) with zero
/// limits, which is the evaluator's 24 hourly OPFs, and (b) with a storage site at every built station's bus: discharge
/// up to <see cref="V2gOptions.DischargeFraction"/> of the installed power m_s·P_s (or m_s × a given kW per unit), extra
/// recharge up to the chargers' headroom m_s·P_s − E·y_s,t, and a lossless (or η) daily energy balance.
/// </summary>
public static class V2gStudy
{
    /// <summary>First hour of the evening peak window (the case tariff's super-peak 17:00–21:00).</summary>
    public const int EveningFrom = 17;

    /// <summary>Last hour of the evening peak window.</summary>
    public const int EveningTo = 20;

    private const double KwPerMw = 1000.0;

    /// <param name="cancellation">Checked before and between the two OPFs (each runs to its end once started).</param>
    public static V2gResult Run(CaseNetworks networks, ChargingPlan plan, EvaluationResult evaluation, V2gOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(evaluation);
        options ??= new V2gOptions();
        if (!(options.DischargeFraction >= 0) || (options.DischargeLimitKwPerUnit is { } kw && !(kw >= 0)))
        {
            throw new ArgumentException("discharge limits must be >= 0", nameof(options));
        }

        var clock = Stopwatch.StartNew();
        var study = networks.Study;
        var hours = StudyCase.Hours;
        var stationCount = study.Stations.Count;
        var load = new double[hours, stationCount];
        var stationIndex = study.Stations.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        foreach (var sh in evaluation.Stations)
        {
            load[sh.Hour, stationIndex[sh.Station]] = sh.LoadKw;
        }

        var inputs = new OpfPeriodInput[hours];
        for (var t = 0; t < hours; t++)
        {
            inputs[t] = networks.HourInput(t, Enumerable.Range(0, stationCount).Select(s => load[t, s]).ToArray());
        }

        var opfOptions = new OpfOptions(ConeTolerance: options.ConeTolerance, SoftLoad: true, UnservedPenaltyPerMwh: options.UnservedPenaltyPerKwh * KwPerMw, DiagnoseInfeasibility: false);
        var zeroSites = Enumerable.Range(0, stationCount).Select(s => StorageSite.Constant(networks.StationBusIndex[s], hours, 0, 0)).ToArray();
        var limits = new double[stationCount];
        var sites = new StorageSite[stationCount];
        for (var s = 0; s < stationCount; s++)
        {
            var units = plan.IsBuilt(s) ? study.Stations[s].Units : 0;
            var installedKw = units * plan.PowerKw[s];
            limits[s] = options.DischargeLimitKwPerUnit is { } perUnit ? units * perUnit : options.DischargeFraction * installedKw;
            var d = Enumerable.Repeat(limits[s] / KwPerMw, hours).ToArray();
            var r = Enumerable.Range(0, hours).Select(t => Math.Max(0, installedKw - load[t, s]) / KwPerMw).ToArray();
            sites[s] = new StorageSite(networks.StationBusIndex[s], d, r);
        }

        cancellation.ThrowIfCancellationRequested();
        var without = new StorageCoupledOpf(networks.Feeder, hours, zeroSites, opfOptions).Solve(inputs);
        cancellation.ThrowIfCancellationRequested();
        var with = new StorageCoupledOpf(networks.Feeder, hours, sites, opfOptions, options.RoundTripEfficiency).Solve(inputs);
        cancellation.ThrowIfCancellationRequested();
        double Grid(StorageCoupledResult r) => r.Periods.Sum(o => o.CostWithoutPenalty(opfOptions.UnservedPenaltyPerMwh));
        double[] Hourly(StorageCoupledResult r) => r.Periods.Count == hours ? [.. r.Periods.Select(o => o.SubstationMw * KwPerMw)] : [.. Enumerable.Repeat(double.NaN, hours)];
        var gridWithout = without.Periods.Count == hours ? Grid(without) : double.NaN;
        var gridWith = with.Periods.Count == hours ? Grid(with) : double.NaN;
        var social = evaluation.SocialCost - evaluation.Components.GridOperation;
        var stations = new List<V2gStation>();
        for (var s = 0; s < stationCount; s++)
        {
            var schedule = with.Sites.Count == stationCount ? with.Sites[s] : null;
            stations.Add(new V2gStation(
                study.Stations[s].Id,
                study.Stations[s].Bus,
                limits[s],
                schedule is null ? [] : [.. schedule.DischargeMw.Select(v => v * KwPerMw)],
                schedule is null ? [] : [.. schedule.RechargeMw.Select(v => v * KwPerMw)],
                schedule is null ? double.NaN : schedule.EnergyBalanceResidualMwh * KwPerMw));
        }

        var status = without.Status != SolveStatus.Converged ? without.Status : with.Status;
        return new V2gResult
        {
            Status = status,
            SubstationKwWithout = Hourly(without),
            SubstationKwWith = Hourly(with),
            GridCostWithout = gridWithout,
            GridCostWith = gridWith,
            EvaluatorGridCost = evaluation.Components.GridOperation,
            SocialCostWithout = social + gridWithout,
            SocialCostWith = social + gridWith,
            UnservedKwhWithout = without.Periods.Sum(o => o.UnservedMw) * KwPerMw,
            UnservedKwhWith = with.Periods.Sum(o => o.UnservedMw) * KwPerMw,
            Stations = stations,
            Without = without,
            With = with,
            WallSeconds = clock.Elapsed.TotalSeconds,
        };
    }
}
