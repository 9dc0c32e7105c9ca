using PlanningSolver.Core;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>How charging prices are formed in the coupled evaluation (design.md §4).</summary>
public enum PricingMode
{
    /// <summary>π_s,t = DLMP of the station's bus + service fee, fed back until prices and station flows settle.</summary>
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
/// <param name="PricePerKwh">π_s,t: the charging price of the hour's result (its accepted evaluation, see
/// <see cref="CouplingOptions.Tolerance"/>); at a grid limit it lies between the DLMPs (+ fee) on both sides of the limit.</param>
/// <param name="TimeAtStationH">τ_s(y): hours at the station per charging vehicle (0 when not built).</param>
public sealed record StationHour(int Hour, string Station, double Flow, double LoadKw, double PricePerKwh, double TimeAtStationH);

/// <summary>One feeder bus in one hour: voltage and nodal price (USD/kWh).</summary>
public sealed record BusHour(int Hour, string Bus, double VPu, double DlmpPerKwh);

/// <summary>One road link in one hour: flows by kind (veh/h) and congested time (min).</summary>
public sealed record LinkHour(int Hour, string Link, double IcevFlow, double EvFlow, double TimeMin);

/// <summary>Feeder totals of one hour.</summary>
public sealed record FeederHour(int Hour, SolveStatus Status, double SubstationKw, double LossesKw, double EvLoadKw, double VMinPu, string VMinBus, double UnservedKw, double GridCostPerHour, double MaxRelaxationGap, int AssignmentIterations, double AssignmentGap);

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

    /// <summary>Average DLMP (USD/kWh) over the station buses and the 24 hours.</summary>
    public required double AverageStationDlmp { get; init; }

    /// <summary>Coupling iterations: those of the slowest hour (an hour that has converged is not evaluated again).</summary>
    public required int CouplingIterations { get; init; }

    /// <summary>The largest hourly residual (USD/kWh) as defined by <see cref="CouplingOptions.Tolerance"/>.</summary>
    public required double CouplingResidual { get; init; }

    /// <summary>Per coupling iteration: residual (largest over the hours), step α of the hour with that residual, grid
    /// operation cost of the day at the hours' accepted points (USD), elapsed seconds.</summary>
    public required ConvergenceLog Log { get; init; }

    public required IReadOnlyList<StationHour> Stations { get; init; }

    public required IReadOnlyList<BusHour> Buses { get; init; }

    public required IReadOnlyList<LinkHour> Links { get; init; }

    public required IReadOnlyList<FeederHour> Feeder { get; init; }

    public required double WallSeconds { get; init; }

    public bool AllConstraintsMet => BudgetOk && RevenueOk && GridOk;
}
