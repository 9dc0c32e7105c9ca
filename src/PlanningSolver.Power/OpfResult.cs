using System.Globalization;
using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>Which backend solves the conic OPF.</summary>
public enum OpfBackend
{
    /// <summary>LP cutting planes with GLOP (default; gives prices).</summary>
    CuttingPlane,

    /// <summary>SCIP with quadratic constraints (cross-check; no prices).</summary>
    Scip,
}

/// <summary>Options of an OPF solve.</summary>
/// <param name="Backend">Which backend.</param>
/// <param name="ConeTolerance">Largest cone violation <c>P² + Q² − ℓ v</c> (p.u.²) at which cutting stops.</param>
/// <param name="MaxCutRounds">Limit on cut rounds (LP solves) per solve.</param>
/// <param name="MaxSeconds">Wall-clock limit per solve.</param>
/// <param name="SoftLoad">Soft mode: unserved load is allowed at <paramref name="UnservedPenaltyPerMwh"/> and reported, instead of infeasibility.</param>
/// <param name="UnservedPenaltyPerMwh">Penalty of unserved load, $/MWh.</param>
/// <param name="DiagnoseInfeasibility">On infeasibility, re-solve with elastic voltage and current limits to name the ones that cannot be met.</param>
/// <param name="GapWarning">Relaxation gap (p.u.²) above which <see cref="OpfResult.RelaxationInexact"/> is set.</param>
public sealed record OpfOptions(
    OpfBackend Backend = OpfBackend.CuttingPlane,
    double ConeTolerance = 1e-9,
    int MaxCutRounds = 200,
    double MaxSeconds = double.PositiveInfinity,
    bool SoftLoad = false,
    double UnservedPenaltyPerMwh = OpfOptions.DefaultUnservedPenaltyPerMwh,
    bool DiagnoseInfeasibility = true,
    double GapWarning = 1e-6)
{
    /// <summary>The one default price of unserved load: 10,000 $/MWh = 10 USD/kWh. The coupled evaluation, the V2G study
    /// and the optimizer's grid penalty take theirs from here.</summary>
    public const double DefaultUnservedPenaltyPerMwh = 10_000;

    /// <summary><see cref="DefaultUnservedPenaltyPerMwh"/> in USD/kWh.</summary>
    public const double DefaultUnservedPenaltyPerKwh = DefaultUnservedPenaltyPerMwh / 1000;
}

/// <summary>Per-bus OPF result.</summary>
/// <param name="BusId">Bus id.</param>
/// <param name="VPu">Voltage magnitude, p.u.</param>
/// <param name="PLoadMw">Active load, MW.</param>
/// <param name="QLoadMvar">Reactive load, Mvar.</param>
/// <param name="DlmpPPerMwh">Active-power DLMP, $/MWh (MATPOWER sign: cost of one more MW of load); NaN without duals.</param>
/// <param name="DlmpQPerMvarh">Reactive-power DLMP, $/Mvarh; NaN without duals.</param>
/// <param name="UnservedMw">Unserved load in soft mode, MW.</param>
public sealed record OpfBus(int BusId, double VPu, double PLoadMw, double QLoadMvar, double DlmpPPerMwh, double DlmpQPerMvarh, double UnservedMw);

/// <summary>Per-branch OPF result (sending end = parent side).</summary>
/// <param name="FromBus">Parent bus id.</param>
/// <param name="ToBus">Child bus id.</param>
/// <param name="PMw">Active power sent, MW.</param>
/// <param name="QMvar">Reactive power sent, Mvar.</param>
/// <param name="LossMw">Active loss r·ℓ, MW.</param>
/// <param name="LossMvar">Reactive loss x·ℓ, Mvar.</param>
/// <param name="CurrentPu">Current magnitude √ℓ, p.u.</param>
/// <param name="RelaxationGap">ℓ v − P² − Q², p.u.² (0 where ℓ was recovered, i.e. r = 0).</param>
public sealed record OpfBranch(int FromBus, int ToBus, double PMw, double QMvar, double LossMw, double LossMvar, double CurrentPu, double RelaxationGap);

/// <summary>One dispatchable generator's output (order of <see cref="Feeder.Generators"/>).</summary>
/// <param name="BusId">The generator's bus id.</param>
/// <param name="PMw">Active output, MW.</param>
/// <param name="QMvar">Reactive output, Mvar.</param>
public sealed record OpfGenerator(int BusId, double PMw, double QMvar);

/// <summary>A limit that cannot be met (from the elastic re-solve of an infeasible OPF).</summary>
/// <param name="Kind"><c>voltage_min</c>, <c>voltage_max</c>, <c>current_max</c> (p.u.), or
/// <c>substation_p_min</c>, <c>substation_p_max</c> (MW), <c>substation_q_min</c>, <c>substation_q_max</c> (Mvar).</param>
/// <param name="BusId">The bus (for a branch: the bus it feeds; for a substation limit: the substation bus).</param>
/// <param name="FromBus">For a branch limit, the parent bus; otherwise null.</param>
/// <param name="Limit">The limit (p.u., or MW / Mvar for a substation limit).</param>
/// <param name="Closest">The closest value the feeder can reach with every other limit relaxed as little as possible (same unit).</param>
public sealed record LimitViolation(string Kind, int BusId, int? FromBus, double Limit, double Closest)
{
    /// <summary>By how much the limit is missed (same unit as <see cref="Limit"/>, ≥ 0).</summary>
    public double Shortfall => Math.Abs(Closest - Limit);

    /// <summary>The limit's name in messages, e.g. <c>voltage floor 0.9 p.u.</c>.</summary>
    public string LimitText => Kind switch
    {
        "voltage_min" => Invariant($"voltage floor {Limit:0.####} p.u."),
        "voltage_max" => Invariant($"voltage ceiling {Limit:0.####} p.u."),
        "current_max" => Invariant($"current limit {Limit:0.####} p.u."),
        "substation_p_min" => Invariant($"substation Pmin {Limit:0.####} MW at bus {BusId}"),
        "substation_p_max" => Invariant($"substation Pmax {Limit:0.####} MW at bus {BusId}"),
        "substation_q_min" => Invariant($"substation Qmin {Limit:0.####} Mvar at bus {BusId}"),
        _ => Invariant($"substation Qmax {Limit:0.####} Mvar at bus {BusId}"),
    };

    /// <summary>The reachable value and the shortfall, e.g. <c>best 0.8718, 0.0282 short</c> or <c>needs 12.67 MW, 2.67 over</c>.</summary>
    public string Gap => Kind switch
    {
        "voltage_min" => Invariant($"best {Closest:0.####}, {Shortfall:0.####} short"),
        "voltage_max" or "current_max" => Invariant($"best {Closest:0.####}, {Shortfall:0.####} over"),
        "substation_p_min" or "substation_p_max" => Invariant($"needs {Closest:0.####} MW, {Shortfall:0.####} {(Closest > Limit ? "over" : "short")}"),
        _ => Invariant($"needs {Closest:0.####} Mvar, {Shortfall:0.####} {(Closest > Limit ? "over" : "short")}"),
    };

    public string Describe() => Kind switch
    {
        "voltage_min" or "voltage_max" => $"{LimitText} at bus {BusId} ({Gap})",
        "current_max" => $"{LimitText} on branch {FromBus}-{BusId} ({Gap})",
        _ => $"{LimitText} ({Gap})",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The outcome of one OPF solve (one period). Money per hour, power in MW/Mvar, prices in $/MWh.
/// <see cref="Buses"/> is in bus index order (<c>Buses[j].BusId == feeder.Ids[j]</c>, substation first; use
/// <see cref="Feeder.IndexOf"/> to find a bus id); <see cref="Branches"/>[<see cref="Feeder.BranchSlot"/>(j)] is the
/// branch feeding bus index j ([j − 1] for one feeder). For a grid of several feeders the totals (objective, import,
/// losses, unserved load) are sums over the feeders, the minimum voltage is the lowest of all, and
/// <see cref="Feeders"/> holds each feeder's own result.
/// </summary>
public sealed record OpfResult(
    SolveStatus Status,
    OpfBackend Backend,
    double ObjectivePerHour,
    double SubstationMw,
    double SubstationMvar,
    double LossesMw,
    double LossesMvar,
    double VMinPu,
    int VMinBus,
    double MaxRelaxationGap,
    double UnservedMw,
    IReadOnlyList<OpfBus> Buses,
    IReadOnlyList<OpfBranch> Branches,
    IReadOnlyList<LimitViolation> Violations,
    ConvergenceLog Log,
    double WallSeconds)
{
    /// <summary>True when the largest relaxation gap exceeds <see cref="OpfOptions.GapWarning"/>: the point is not an exact AC flow.</summary>
    public bool RelaxationInexact { get; init; }

    /// <summary>The period's energy and generator cost ($/h) without the soft-load penalty on unserved load; 0 without a
    /// solution.</summary>
    /// <param name="unservedPenaltyPerMwh">The penalty the OPF was solved with ($/MWh).</param>
    public double CostWithoutPenalty(double unservedPenaltyPerMwh) =>
        Buses.Count == 0 || !double.IsFinite(ObjectivePerHour) ? 0 : ObjectivePerHour - (UnservedMw * unservedPenaltyPerMwh);

    /// <summary>Each generator's dispatch (order of <see cref="Feeder.Generators"/>); empty without a solution.</summary>
    public IReadOnlyList<OpfGenerator> Generators { get; init; } = [];

    /// <summary>For a grid of several feeders, each feeder's own result (order of <see cref="Feeder.Trees"/>): its buses
    /// and branches, its import, losses and minimum voltage, and its share of the objective (import at the price, its
    /// generators, its unserved-load penalty); each is what an OPF of that feeder alone at the same loads would give,
    /// the feeders being electrically independent. Empty for one feeder (see <see cref="ByFeeder"/>).</summary>
    public IReadOnlyList<OpfResult> Feeders { get; init; } = [];

    /// <summary>Each feeder's result: <see cref="Feeders"/>, or this result for one feeder.</summary>
    public IReadOnlyList<OpfResult> ByFeeder() => Feeders.Count > 0 ? Feeders : [this];

    /// <summary>
    /// One line naming the limits that cannot be met (empty when none), grouped by limit, worst bus first, e.g.
    /// <c>voltage floor 0.95 p.u. at 21 buses: 18 (best 0.9131, 0.0369 short), 17 (best 0.9137, 0.0363 short), 16 (best 0.9157, 0.0343 short) and 18 more</c>.
    /// </summary>
    public string ViolationSummary(int busesPerLimit = 3)
    {
        var groups = Violations.GroupBy(v => (v.Kind, v.Limit)).Select(g =>
        {
            var items = g.ToList();
            if (items.Count == 1)
            {
                return items[0].Describe();
            }

            var unit = items[0].Kind == "current_max" ? "branches" : "buses";
            var shown = string.Join(", ", items.Take(busesPerLimit).Select(v =>
                (v.FromBus is { } f ? $"{f}-{v.BusId}" : v.BusId.ToString(CultureInfo.InvariantCulture)) + $" ({v.Gap})"));
            var more = items.Count > busesPerLimit ? $" and {items.Count - busesPerLimit} more" : "";
            return $"{items[0].LimitText} at {items.Count} {unit}: {shown}{more}";
        });
        return string.Join("; ", groups);
    }
}
