using PlanningSolver.Core;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>How charging prices are formed in the coupled evaluation (design.md §4).</summary>
public enum PricingMode
{
    /// <summary>π_s,t = DLMP_p + tan φ · DLMP_q of the station's bus + service fee, settled with the flows (design.md §4).</summary>
    Dlmp,

    /// <summary>π_s,t = TOU tariff + service fee, fixed: one assignment and one OPF per hour, no feedback.</summary>
    Tou,
}

public static class PricingModeText
{
    public static string ToText(this PricingMode mode) => mode == PricingMode.Dlmp ? "dlmp" : "tou";

    public static bool TryParse(string? text, out PricingMode mode)
    {
        mode = text == "tou" ? PricingMode.Tou : PricingMode.Dlmp;
        return text is "dlmp" or "tou";
    }
}

/// <summary>The daily generalized social cost by component (USD/day, design.md §5). Charging payments are transfers and not in it.</summary>
public sealed record CostBreakdown(double TravelTime, double ChargingTime, double Fuel, double Investment, double GridOperation)
{
    public double Total => TravelTime + ChargingTime + Fuel + Investment + GridOperation;
}

/// <summary>One station in one hour.</summary>
/// <param name="Flow">y_s,t: charging vehicles per hour.</param>
/// <param name="LoadKw">E · y_s,t: charging load at the station's bus.</param>
/// <param name="LoadKvar">tan φ · E · y_s,t: its reactive load.</param>
/// <param name="PricePerKwh">π_s,t, the charging price the drivers pay: the price the hour's traffic was solved at, within
/// 1e-6 USD/kWh of <paramref name="EnergyPricePerKwh"/> + <paramref name="ReactivePricePerKwh"/> +
/// <paramref name="FeePerKwh"/> in a settled DLMP hour (issue 12's price rule).</param>
/// <param name="EnergyPricePerKwh">The active part: DLMP_p of the station's bus (under TOU pricing, the tariff). At a
/// kink of the grid cost (a binding limit) the settled value is a convex combination of the DLMPs on its sides, the
/// same combination as the bus's <see cref="BusHour.DlmpPPerKwh"/>.</param>
/// <param name="ReactivePricePerKwh">The reactive part: tan φ · DLMP_q of the bus (0 under TOU pricing).</param>
/// <param name="FeePerKwh">The service fee.</param>
/// <param name="TimeAtStationH">τ_s(y): hours at the station per charging vehicle (0 when not built).</param>
public sealed record StationHour(
    int Hour, string Station, double Flow, double LoadKw, double LoadKvar, double PricePerKwh, double EnergyPricePerKwh,
    double ReactivePricePerKwh, double FeePerKwh, double TimeAtStationH);

/// <summary>One feeder bus in one hour: voltage and nodal prices. Under DLMP pricing the prices are the settled
/// subgradient of the hour's grid cost (the OPF's DLMPs where they are unique).</summary>
/// <param name="Feeder">The bus's feeder id.</param>
public sealed record BusHour(int Hour, string Bus, double VPu, double DlmpPPerKwh, double DlmpQPerKvarh)
{
    public string Feeder { get; init; } = Cases.FeederSpec.DefaultId;
}

/// <summary>One road link in one hour: flows by class (veh/h) and congested time (min).</summary>
/// <param name="IcevFlow">ICEV classes.</param>
/// <param name="EvFlow">EVs that do not charge on this trip.</param>
/// <param name="ChargingBeforeFlow">Charging EVs before their stop (layer 0).</param>
/// <param name="ChargingAfterFlow">Charging EVs after their stop (layer 1).</param>
public sealed record LinkHour(int Hour, string Link, double IcevFlow, double EvFlow, double ChargingBeforeFlow, double ChargingAfterFlow, double TimeMin)
{
    public double TotalFlow => IcevFlow + EvFlow + ChargingBeforeFlow + ChargingAfterFlow;
}

/// <summary>One feeder branch in one hour (sending end = the bus nearer the substation).</summary>
/// <param name="CurrentA">|I| (A).</param>
/// <param name="LimitA">The branch's current limit (A), NaN where it has none.</param>
/// <param name="Loading">|I| / limit, NaN without a limit.</param>
/// <param name="Binding">True where the current sits at its limit (within 1e-6 relative).</param>
public sealed record BranchHour(int Hour, string From, string To, double PKw, double QKvar, double CurrentA, double LimitA, double Loading, bool Binding)
{
    /// <summary>The branch's feeder id.</summary>
    public string Feeder { get; init; } = Cases.FeederSpec.DefaultId;
}

/// <summary>One dispatchable generator in one hour.</summary>
public sealed record GeneratorHour(int Hour, string Generator, string Bus, double PKw, double QKvar)
{
    /// <summary>The generator's feeder id.</summary>
    public string Feeder { get; init; } = Cases.FeederSpec.DefaultId;
}

/// <summary>One coupling iteration of one hour (see <see cref="CouplingIteration"/>).</summary>
public sealed record CouplingLogRow(int Hour, CouplingIteration Iteration);

/// <summary>One feeder's totals in one hour (<see cref="Feeder"/>; one row per feeder and hour), with the hour's
/// coupling outcome (the same on every feeder's row of the hour: the coupling settles the whole grid at once).</summary>
/// <param name="EvLoadKw">The charging load of the feeder's stations.</param>
/// <param name="Status">The hour's status: the coupling's (converged, iteration limit, failed) or the OPF's where it failed.</param>
/// <param name="ImportKvar">Reactive import at the substation.</param>
/// <param name="BindingLimits">The grid limits that bind, e.g. <c>vmin@18</c>, <c>imax@6-26</c>, <c>dg_pmax@DG18</c>; empty when none.</param>
/// <param name="CouplingGap">The hour's certificate on F_t relative to |F_t| (NaN under TOU pricing).</param>
/// <param name="GridGapUsd">The grid part of the certificate (USD; NaN under TOU pricing).</param>
/// <param name="CouplingIterations">OPFs solved for the hour.</param>
/// <param name="AssignmentIterations">Assignment iterations summed over the hour's coupling iterations.</param>
/// <param name="AssignmentShifts">Algorithm B's Newton flow shifts summed over the hour's assignments (0 for the Frank-Wolfe family).</param>
/// <param name="AssignmentGap">The final assignment's relative gap (all trips).</param>
/// <param name="ChargingClassGap">The largest charging class's own relative gap.</param>
public sealed record FeederHour(
    int Hour, SolveStatus Status, double SubstationKw, double ImportKvar, double LossesKw, double EvLoadKw, double VMinPu, string VMinBus,
    double UnservedKw, double GridCostPerHour, double MaxRelaxationGap, string BindingLimits, double CouplingGap, double GridGapUsd,
    int CouplingIterations, int AssignmentIterations, long AssignmentShifts, double AssignmentGap, double ChargingClassGap)
{
    /// <summary>The feeder id.</summary>
    public string Feeder { get; init; } = Cases.FeederSpec.DefaultId;
}

/// <summary>The outcome of one coupled lower-level evaluation of a plan (24 hours).</summary>
public sealed record EvaluationResult
{
    public required SolveStatus Status { get; init; }

    /// <summary>Why the status is what it is, when it is not plain convergence.</summary>
    public string? Message { get; init; }

    public required PricingMode Pricing { get; init; }

    public required ChargingPlan Plan { get; init; }

    public required CostBreakdown Components { get; init; }

    public double SocialCost => Components.Total;

    /// <summary>Σ π_s,t · E · y_s,t (USD/day): EV drivers' payments to the operator.</summary>
    public required double ChargingRevenue { get; init; }

    /// <summary>Grid operation cost with the EV load minus the same day without it (USD/day).</summary>
    public required double GridCostIncrease { get; init; }

    /// <summary>Σ (c_kW m_s P_s + fixed cost) over built stations (USD).</summary>
    public required double CapitalCost { get; init; }

    public required bool BudgetOk { get; init; }

    public required bool RevenueOk { get; init; }

    public required bool GridOk { get; init; }

    /// <summary>What broke the grid check, or null.</summary>
    public string? GridProblem { get; init; }

    /// <summary>max over hours and buses of |v − 1| (p.u.).</summary>
    public required double MaxVoltageDeviation { get; init; }

    /// <summary>The case's allowed deviation: min over buses of min(1 − vmin, vmax − 1).</summary>
    public required double VoltageDeviationLimit { get; init; }

    public required double MinVoltagePu { get; init; }

    public required double UnservedKwh { get; init; }

    public required double PeakSubstationKw { get; init; }

    /// <summary>Average active DLMP (USD/MWh, the unit of every DLMP the tool reports) over the station buses and the 24 hours.</summary>
    public required double AverageStationDlmpPerMwh { get; init; }

    /// <summary>Coupling iterations (OPFs) of the slowest hour.</summary>
    public required int CouplingIterations { get; init; }

    /// <summary>The largest hourly certificate on F_t relative to |F_t| (see <see cref="CouplingOptions.Tolerance"/>); 0
    /// under TOU pricing, which has no feedback.</summary>
    public required double CouplingGap { get; init; }

    /// <summary>Assignment iterations summed over every hour and coupling iteration.</summary>
    public required int AssignmentIterations { get; init; }

    /// <summary>Algorithm B's Newton flow shifts summed over every hour's assignments (0 for the Frank-Wolfe family).</summary>
    public long AssignmentShifts { get; init; }

    /// <summary>The assignment classes (each case class split into its non-charging and charging part), in the order of
    /// <see cref="CouplingIteration.ClassGaps"/>.</summary>
    public IReadOnlyList<string> AssignmentClasses { get; init; } = [];

    /// <summary>Every hour's coupling iterations.</summary>
    public required IReadOnlyList<CouplingLogRow> Log { get; init; }

    public required IReadOnlyList<StationHour> Stations { get; init; }

    public required IReadOnlyList<BusHour> Buses { get; init; }

    public required IReadOnlyList<LinkHour> Links { get; init; }

    public required IReadOnlyList<FeederHour> Feeder { get; init; }

    public required IReadOnlyList<BranchHour> Branches { get; init; }

    public required IReadOnlyList<GeneratorHour> Generators { get; init; }

    public required double WallSeconds { get; init; }

    public bool AllConstraintsMet => BudgetOk && RevenueOk && GridOk;
}
