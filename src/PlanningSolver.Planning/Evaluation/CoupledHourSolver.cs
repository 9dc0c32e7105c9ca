using MathNet.Numerics.LinearAlgebra;
using PlanningSolver.Core;
using PlanningSolver.Power;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>What the coupled-hour solver needs of one hour: the assignment at given charging prices, the OPF at given
/// station flows, and the OPF that clears the grid against a linear price response of the stations.</summary>
internal interface ICoupledHour
{
    int StationCount { get; }

    /// <summary>E (kWh per charge).</summary>
    double EnergyPerChargeKwh { get; }

    /// <summary>κ = 1 / (VOT_EV · hours per network time unit): generalized time units of the charging class per USD.</summary>
    double TimeUnitsPerUsd { get; }

    double ServiceFeePerKwh { get; }

    /// <summary>The multi-class assignment at charging prices (USD/kWh, fee included), warm-started where possible.</summary>
    AssignmentResult Assign(double[] chargingPricePerKwh, AssignmentResult? warmStart, double gap, CancellationToken cancellation);

    /// <summary>The same with each station's price rising with its own flow, π_s + ρ (y_s − y°_s) (USD/kWh, fee included in
    /// π_s): the subproblem of the augmented Lagrangian on the station flows.</summary>
    AssignmentResult AssignWithRisingPrices(double[] chargingPricePerKwh, double slopePerKwh, double[] centers, AssignmentResult? warmStart, double gap, CancellationToken cancellation);

    /// <summary>The OPF at station flows (EV/h), or null with a reason when it has no optimal solution.</summary>
    GridCut? Grid(double[] stationFlows, out string? failure);

    /// <summary>
    /// The OPF whose station flows are a convex combination of the given traffic columns (station flows and their traffic
    /// cost B/κ in USD, prices excluded), the cheapest with the grid (<see cref="ResponsiveLoadOpf"/>): its flows y*, and
    /// its marginal costs, the prices that mix selects; null with a reason when it has no solution.
    /// </summary>
    GridCut? Clear(IReadOnlyList<(double[] Flows, double CostUsd)> columns, out string? failure);

    /// <summary>The OPF as a price taker at charging prices (USD/kWh, fee excluded) with the station flows free within ±
    /// <paramref name="halfWidth"/> of the given ones: its DLMPs are those that go with the prices (see
    /// <see cref="ResponsiveLoadOpf.SolveAtPrices"/>).</summary>
    GridCut? PriceTaking(double[] stationFlows, double[] pricePerKwh, double halfWidth, out string? failure);

    /// <summary>The same with the total station flow held and the stations at or below <paramref name="unusedFlow"/> held
    /// unused: its DLMPs are the prices plus one common shift t at the stations it keeps inside the box (the charging
    /// class must charge somewhere, so the traffic sets the prices only up to such a shift), and the unused stations'
    /// marginal grid costs. Stations marked <paramref name="held"/> are held at their flows too, so their DLMPs are the
    /// grid's marginal costs there.</summary>
    GridCut? PriceTakingAtTotal(double[] stationFlows, double[] pricePerKwh, double halfWidth, double unusedFlow, bool[]? held, out string? failure);

    /// <summary>The grid limits that bind at an OPF of the hour, each with its row ∂g/∂y_s per EV/h of each station
    /// (<see cref="BindingLimit.At"/>).</summary>
    IReadOnlyList<BindingLimit> BindingLimits(GridCut at);

    /// <summary>Each limit's excess (<see cref="BindingLimit.Excess"/>) in the power flow at station flows, with the
    /// generators and substation voltages of the OPF the limits were found at.</summary>
    double[] LimitExcess(IReadOnlyList<BindingLimit> limits, GridCut at, double[] stationFlows);
}

/// <summary>One iteration of the coupled-hour solver, as data.</summary>
/// <param name="Iteration">1-based.</param>
/// <param name="Step"><c>start</c> (tariff prices), <c>fixed_point</c> (the first master, one column: prices = the marginal
/// grid cost at the start flows), <c>master</c> (a column at the master's duals), <c>secant</c> (a column at a secant
/// step towards the master's flows), <c>proximal</c> (a trial of the proximal search at the master's flows,
/// <see cref="CoupledHourSolver"/>), <c>kink</c>, <c>limits</c>, <c>cycle</c> (trials of the line searches at a kink),
/// <c>mix</c> (settled at the master's mix of columns), <c>tariff</c> (TOU pricing: one pass).</param>
/// <param name="RelativeGap">The certificate on F_t divided by |F_t| (see <see cref="CoupledHourSolver"/>); NaN at the
/// start point.</param>
/// <param name="GridGapUsd">G_t(y) − G_t(y*) − Σ_s λ*_s E (y_s − y*_s): the grid part of the certificate (USD), how far the
/// flows y the prices induce are from the flows y* the prices were cleared at; 0 when they coincide.</param>
/// <param name="ClassGaps">Each assignment class's own relative gap at these prices.</param>
/// <param name="AssignmentIterations">Iterations of this point's assignment, plus those of the price-response estimate
/// when this iteration made one.</param>
/// <param name="AssignmentShifts">Newton flow shifts of this point's assignment (Algorithm B; 0 for the Frank-Wolfe family).</param>
public sealed record CouplingIteration(
    int Iteration, string Step, double RelativeGap, double GridGapUsd, IReadOnlyList<double> ClassGaps, int AssignmentIterations, long AssignmentShifts);

/// <summary>The settled state of one hour (or the last point reached, with its status).</summary>
/// <param name="Grid">The OPF at the reported station flows (voltages, branch flows, grid cost).</param>
/// <param name="Subgradient">The OPFs whose marginal costs, with these weights, are the reported prices (one, the
/// cleared OPF, for a settled DLMP hour).</param>
internal sealed record CoupledHourResult(
    SolveStatus Status,
    string? Message,
    double[] EnergyPricePerKwh,
    double[] ReactivePricePerKwh,
    AssignmentResult Assignment,
    GridCut? Grid,
    IReadOnlyList<(GridCut Cut, double Weight)> Subgradient,
    double RelativeGap,
    double GridGapUsd,
    IReadOnlyList<CouplingIteration> Log,
    AssignmentEffort AssignmentEffort)
{
    /// <summary>The energy prices (USD/kWh, fee excluded) at which the reported traffic is at its equilibrium, where they
    /// are not exactly <see cref="EnergyPricePerKwh"/> + <see cref="ReactivePricePerKwh"/>: a settled DLMP hour's prices
    /// are within 1e-6 USD/kWh of the certifying OPF's marginal costs, and the charging split is steep in them, so the
    /// drivers' price is the one the traffic was solved at. Null: the sum of the parts.</summary>
    public double[]? TrafficPricePerKwh { get; init; }
}

/// <summary>Tolerances and limits of <see cref="CoupledHourSolver"/>; defaults in <see cref="CouplingOptions"/>.</summary>
internal sealed record CoupledHourSettings(double Tolerance, int MaxIterations, double PriceStepForResponse, double AssignmentGap);

/// <summary>
/// The settled state of one hour: the minimum of the hour's convex function (design.md §4)
/// <c>F_t(x) = B(x) + κ (G_t(base + E y(x)) + fee·E·Σ y)</c>, B the multi-class Beckmann function (each class in its own
/// time units), G_t the OPF cost as a function of the station loads, κ = 1/VOT_EV. Its optimality conditions: every class
/// at its equilibrium at prices π + fee, and π ∈ ∂G_t(y) (the marginal grid cost DLMP_p + tan φ·DLMP_q, per kWh).
/// </summary>
/// <remarks>
/// <para>
/// Method: Dantzig–Wolfe decomposition (Dantzig &amp; Wolfe 1960) of min F_t with the grid kept exact. The traffic side is
/// inner-approximated by columns, assignments x_i at some prices with their station flows y_i and traffic cost B(x_i)/κ
/// (a convex combination of them is a feasible flow that costs at most the combination, B being convex). The master
/// (<see cref="ResponsiveLoadOpf"/>, one SOCP) chooses the cheapest mix of the columns together with the OPF of its loads;
/// its duals are the prices π at which the used columns' reduced costs vanish. The pricing problem is the assignment at
/// π (Algorithm B, to the inner gap target), whose result is the next column. Where a limit binds, G_t has a kink and the
/// master sits on it with a multiplier the columns select; a fixed-point iteration on prices zig-zags across it instead.
/// Once the master's flows y* stop moving, the prices still converge only as fast as the columns bracket y* (with
/// station costs that barely rise with their flows, the traffic's station split is nearly a step function of the prices),
/// so a second column per iteration is priced by a secant step towards y*: at stations where G_t is smooth at y* the
/// price is its marginal cost there; at kinked stations the prices that make the linear response (a forward difference,
/// then Powell-symmetric-Broyden updates) reach y*. Before those, once per y*, the proximal search
/// (<see cref="ProximalSearch"/>): an augmented Lagrangian on the station flows, whose assignments price each station's
/// charge with a slope in its own flow, so that the station split is no longer a step function of the prices and the
/// trials' flows converge on y* in a few Newton steps on the multipliers; where y* is reached and its prices are no
/// subgradient, the target moves to where the traffic's price and the grid's marginal cost meet. With it, 255 of the 256
/// ring-33-s4 plans settle (222 before; docs/benchmarks.md, "Proximal search"). Where it does not settle, two line
/// searches on one price parameter
/// (<see cref="BracketedRoot"/>): along the segment of subgradients of a kink made by one binding limit (between the
/// one-sided marginal costs), and, where G_t is smooth at y* but the prices cycle between two columns, along the segment
/// between their marginal costs. Then, at a kink of one or several limits, a search on the limits' multipliers
/// (<see cref="LimitMultipliers"/>, with the limits and their sensitivities from <see cref="BindingLimit"/>): prices on
/// the kink's subgradients, flows driven onto the limits. The master's optimum can be degenerate at a kink, moving
/// between equally cheap mixes (their flows 1e-6 EV/h apart) with duals that repeat the prices of columns it already
/// holds; a repeated dual counts as y* settled, so the searches get their turn, and where the certificate stalls they
/// run once more from the later duals. An hour whose certificate has not halved in <see cref="StallWindow"/> iterations
/// stops.
/// </para>
/// <para>
/// Settled state: candidates are the master's mix (at the duals), each new column (at its own prices) and each line-search
/// trial. A candidate settles the hour when every class's gap is at most the tolerance, the certificate
/// <c>F_t(x) − F_t* ≤ (TSTT − SPTT)/κ</c> (weak duality, the prices being a subgradient) meets it relative to |F_t|, and
/// the prices are a subgradient of G_t at its flows, certified exactly (within 1e-6 USD/kWh) by one of two OPFs: the
/// fixed-load OPF at the flows, whose DLMPs are a subgradient, or, at a kink, the OPF that takes the prices as given with
/// the flows free in a box around them and keeps them (its DLMPs are then the prices). The one-sided marginal costs station
/// by station are a cheap test first. Where those fail, the prices may still settle after one common shift
/// (<see cref="TrySettleShifted"/>): every charging EV charges once, so the shift leaves the traffic as it is, and the
/// price-taking OPF with the total flow held finds the shift the grid needs. The reported grid state is the OPF at the
/// flows, with the DLMPs of the certifying OPF; the reported prices are those the traffic was solved at (within 1e-6
/// USD/kWh of those DLMPs). Before that, the log carries the certificate of the mix with the master's cut, <c>(TSTT − SPTT)/κ + [G_t(y) − G_t(y*) − Σ π_s E (y_s − y*_s)]</c>.
/// </para>
/// </remarks>
internal sealed partial class CoupledHourSolver
{
    private const double LooseGap = 1e-5;
    private const double StalledPrice = 1e-12;

    /// <summary>The master's flows count as settled when they move by at most this, relative to 1 + the largest.</summary>
    private const double TargetStable = 1e-9;

    /// <summary>Largest secant price step per station (USD/kWh); a longer step is scaled down whole.</summary>
    private const double MaxSecantStep = 0.05;

    /// <summary>Iterations without the log's certificate halving after which the hour stops (status iteration_limit). On
    /// sioux-falls the hours that did not settle by iteration 20 spent their remaining 80 iterations at the same
    /// certificate (3.5e-9 to 4.9e-8), half the plan's time; a window of 20 also stopped 3 of 565 ring-33-s4 hours that
    /// settle later (docs/benchmarks.md), 40 is the compromise.</summary>
    private const int StallWindow = 40;

    /// <summary>Largest price move (USD/kWh, at any station) of one multiplier step of <see cref="LimitSearch"/>.</summary>
    private const double MaxLimitStep = 0.5;

    /// <summary>The widest multiplier bracket above the starting one (USD/kWh along a row scaled to a largest entry of 1).</summary>
    private const double MaxMultiplier = 2;

    /// <summary>The fraction by which <see cref="LimitSearch"/> lowers the master's flows to read the marginal cost just
    /// inside the binding limits (their smooth part).</summary>
    private const double InsideLimits = 1e-3;

    /// <summary>Flows meet the binding limits when every active residual of <see cref="LimitSearch"/> is within this (EV/h
    /// along a row scaled to a largest entry of 1): well inside the price-taking OPF's box.</summary>
    private const double LimitsMet = 1e-5;

    /// <summary>Corrections of the smooth part of <see cref="LimitSearch"/>'s prices before it gives up.</summary>
    private const int MaxCorrections = 8;

    /// <summary>Prices agree with the marginal grid cost when within this (USD/kWh).</summary>
    private const double PriceTolerance = 1e-6;

    /// <summary>Flow step (EV/h) of the one-sided marginal costs that tell a kink of G_t from a smooth point.</summary>
    private const double KinkProbe = 1e-4;

    /// <summary>Half-width (EV/h) of the flow box of the price-taking OPF that reads the DLMPs of settled secant prices.</summary>
    private const double PriceTakingWidth = 1e-3;

    /// <summary>Half-width (EV/h) of the flow box of the price-taking OPF that finds the common shift of
    /// <see cref="TrySettleShifted"/>. The shift is a free parameter: in a box as wide as <see cref="PriceTakingWidth"/> the
    /// OPF found a kink 1e-3 EV/h away from the flows and certified prices 4e-4 USD/kWh off their marginal cost.</summary>
    private const double ShiftedWidth = 1e-5;

    /// <summary>How much the class gaps may grow when settled flows are re-evaluated at moved prices
    /// (<see cref="KeepsEquilibrium"/>).</summary>
    private const double HeldGapGrowth = 10;

    /// <summary>Cases with at most this many stations run the proximal search before the line searches at y*, larger ones
    /// after them (ring-33-s4, 4 stations: the exhaustive run 5.4 min with it first, 8.9 min after; docs/anaheim.md's case,
    /// 12 stations: the 60-evaluation plan 234.3 s with it first, 173.5 s after; docs/benchmarks.md, "Proximal search").</summary>
    private const int ProximalFirstStations = 8;

    /// <summary>Eigenvalues of J below this fraction of the largest are its null space (no price response).</summary>
    private const double NullResponse = 1e-6;

    /// <summary>How far (USD/kWh) a candidate's price may lie from the marginal cost at its flows (an OPF dual there, so a
    /// subgradient) and still be moved onto it without a probe (the candidate is then re-checked at the moved prices).</summary>
    private const double SmoothSnap = 1e-4;

    /// <summary>A snap onto the marginal cost larger than this (USD/kWh) is followed by a new assignment at the moved prices;
    /// a smaller one only re-checks the flows' gaps there. The charging class's station split is steep in the prices: a
    /// move below 1e-5 still left station flows 0.2 % off a fresh solve (within the class tolerance, not within the
    /// independent test's 0.1 %).</summary>
    private const double ResolveAfterSnap = PriceTolerance;

    /// <summary>Iterations without the certificate halving, and since the searches at y* last ran, after which they run
    /// once more (once per hour) from the master's current duals: the first run may start from the duals of a master with
    /// a handful of columns, far from the kink's subgradients. On the exhaustive ring-33-s4 run, once per hour settled 218
    /// of 256 plans, against 212 without it and 221 every 10 stalled iterations (in 785 s, a noisier run, against 575 s;
    /// docs/benchmarks.md, "Degenerate masters").</summary>
    private const int SearchRetry = 10;

    /// <summary>Dual prices (USD/kWh) within this of ones already priced repeat them: the master's duals at a degenerate
    /// vertex come back exactly.</summary>
    private const double RepeatedDual = 1e-10;

    /// <summary>A station flow (EV/h) at or below which the master leaves the station unused.</summary>
    private const double UnusedFlow = 1e-9;

    /// <summary>Trials of a line search on the prices (each one assignment and one or two OPFs).</summary>
    private const int LineSearchTrials = 30;

    /// <summary>A gap target every flow meets: the assignment only evaluates its warm start (costs, gaps) at new prices.</summary>
    private const double EvaluateOnly = 1.0;
    private readonly ICoupledHour _hour;
    private readonly CoupledHourSettings _settings;


    public CoupledHourSolver(ICoupledHour hour, CoupledHourSettings settings)
    {
        _hour = hour;
        _settings = settings;
    }

    public CoupledHourResult Solve(double[] startEnergyPrices, CancellationToken cancellation)
    {
        var n = _hour.StationCount;
        var energy = _hour.EnergyPerChargeKwh;
        var kappa = _hour.TimeUnitsPerUsd;
        var log = new List<CouplingIteration>();
        var effort = default(AssignmentEffort);

        var prices = (double[])startEnergyPrices.Clone();
        var gap = LooseGap;
        var assignment = _hour.Assign(WithFee(prices), null, gap, cancellation);
        effort += assignment;
        if (Failed(assignment) is { } failedStart)
        {
            return Finish(failedStart, prices, null, null, assignment, double.NaN, double.NaN, log, effort);
        }

        log.Add(new CouplingIteration(1, "start", double.NaN, double.NaN, assignment.ClassRelativeGaps, assignment.Iterations, assignment.Shifts));
        var columns = new List<(double[] Flows, double CostUsd)> { Column(assignment, prices) };
        var columnFlows = new List<AssignmentResult> { assignment };
        GridCut? atFlows = null;
        double relativeGap = double.NaN, gridGap = double.NaN;
        double[]? target = null;
        double[,]? response = null;
        (double[] At, KinkSides Sides)? smooth = null;
        (double[] Prices, double[] Flows)? secantBase = null;
        var pricing = (Prices: prices, Result: assignment);
        bool stallRetried = false, retryStalled = false;
        var dualsPriced = new List<double[]>();
        var (searchedAt, searchesRetried) = (0, false);
        var (bestGap, bestIteration) = (double.PositiveInfinity, 1);
        for (var k = 2; ; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            var cleared = _hour.Clear(columns, out var failure);
            if (cleared is null)
            {
                return Finish($"grid: {failure}", prices, null, atFlows, assignment, relativeGap, gridGap, log, effort);
            }

            // λ(y*): the grid's marginal costs at the master's flows (unique where G_t is smooth there); the master's own
            // duals, the Dantzig–Wolfe prices, at which the used columns' reduced costs vanish.
            // The marginal costs are read from a fixed-load OPF at y*: the master's own, with the columns' cuts, are less exact
            // (4e-5 USD/kWh off was seen on ring-33-s4), and the settle test holds prices to 1e-6.
            var atMaster = _hour.Grid(cleared.Flows, out _) ?? cleared;
            var marginal = atMaster.MarginalsPerKwh();
            var dual = cleared.MasterPricesPerKwh.Length == n ? (double[])cleared.MasterPricesPerKwh.Clone() : (double[])marginal.Clone();
            for (var s = 0; s < n; s++)
            {
                // A station the master leaves unused: its dual may sit anywhere below the marginal cost (the bound y ≥ 0
                // takes the rest); the price of an unused station is its marginal grid cost.
                if (cleared.Flows[s] <= UnusedFlow)
                {
                    dual[s] = Math.Max(dual[s], marginal[s]);
                }
            }

            // Candidate 1, the master's own mix of columns: it has the flows y* (a convex combination of feasible flows is
            // feasible) and, at the master's optimum, it is an equilibrium at the dual prices.
            var mix = _hour.Assign(WithFee(dual), MasterMix(columnFlows, cleared.MasterWeights), EvaluateOnly, cancellation);
            if (Failed(mix) is { } failedMix)
            {
                return Finish(failedMix, dual, cleared, atFlows, mix, relativeGap, gridGap, log, effort);
            }

            // Where the master's flows are the mix's (as its rows say they are), the master's OPF, solved with the weights
            // held, is the OPF at them for the log's certificate. A settled state is certified by a fixed-load OPF (its
            // DLMPs are read more exactly than the master's duals, which carry the columns' cuts).
            var masterIsMix = cleared.Exact && SameFlows(cleared.Flows, mix.StationFlows);
            if (TrySettle(mix, dual, _settings.Tolerance, k, "mix", log, ref effort, out var settledMix, cancellation))
            {
                return settledMix;
            }

            // The next column, priced at the duals (Dantzig–Wolfe).
            var step = columns.Count == 1 ? "fixed_point" : "master";
            var next = _hour.Assign(WithFee(dual), pricing.Result, _settings.AssignmentGap, cancellation);
            effort += next;
            if (Failed(next) is { } failedAssignment)
            {
                return Finish(failedAssignment, dual, cleared, atFlows, next, relativeGap, gridGap, log, effort);
            }

            if (TrySettle(next, dual, _settings.Tolerance, k, step, log, ref effort, out var settledColumn, cancellation))
            {
                return settledColumn;
            }

            // A column the master already holds: its duals sit at a degenerate vertex (the master's optimum moves between
            // equally cheap mixes, its flows by ~1e-6 EV/h, and its duals between the columns' prices), and Dantzig–Wolfe
            // alone cycles there; the secant and line searches at y* get their turn as if y* stayed put.
            var cycled = dualsPriced.Any(p => MaxDifference(p, dual) <= RepeatedDual);
            dualsPriced.Add(dual);
            columns.Add(Column(next, dual));
            columnFlows.Add(next);
            var columnPrices = dual;

            // Once the master's flows y* stay put, Dantzig–Wolfe's prices converge only as fast as the columns bracket y*: a
            // second column, priced by a secant step towards y* (SecantPrices), settles a kink of the grid cost directly.
            var settledTarget = target is not null && (retryStalled || cycled || SameFlows(cleared.Flows, target));
            retryStalled = false;
            target = cleared.Flows;
            if (!settledTarget)
            {
                secantBase = null;
            }
            else
            {
                if (response is null)
                {
                    var spent = default(AssignmentEffort);
                    response = EstimateResponse(dual, next, cancellation, ref spent);
                    effort += spent;
                }

                // Which stations have a kink at y* is read once per y* (2 OPFs per station), not per secant step.
                // The searches start from the master's duals: once more when the certificate has stalled since they ran
                // (SearchRetry).
                var retry = !searchesRetried && k - bestIteration >= SearchRetry && k - searchedAt >= SearchRetry;
                searchesRetried |= retry;
                if (smooth is null || retry || !SameFlows(cleared.Flows, smooth.Value.At))
                {
                    searchedAt = k;
                    smooth = (cleared.Flows, SmoothStations(cleared));

                    // The proximal search first in small cases: it settles most such hours in a few assignments, the searches
                    // below the rest (ProximalFirstStations); in larger ones it comes after them.
                    var proximalFirst = n <= ProximalFirstStations;
                    if (proximalFirst && ProximalSearch(cleared.Flows, dual, response, next, k, log, ref effort, columns, columnFlows, cancellation) is { } settledProximal)
                    {
                        return settledProximal;
                    }

                    // A kink of one binding limit: the prices that settle it lie on the segment between the one-sided
                    // marginal costs, found by a line search on its one parameter (once per y*).
                    if (KinkLineSearch(cleared.Flows, smooth.Value.Sides, dual, response, next, k, log, ref effort, columns, columnFlows, cancellation) is { } settledKink)
                    {
                        return settledKink;
                    }

                    // Several limits (or one the segment above misses): Newton steps on their multipliers.
                    if (!smooth.Value.Sides.Smooth.All(f => f)
                        && LimitSearch(atMaster, cleared.Flows, dual, response, next, k, log, ref effort, columns, columnFlows, cancellation) is { } settledLimits)
                    {
                        return settledLimits;
                    }

                    // Smooth at y*, but the column the master's marginal costs draw has other marginal costs: the prices
                    // cycle between them; the settled ones lie between.
                    if (smooth.Value.Sides.Smooth.All(f => f)
                        && CycleLineSearch(atMaster, next, next, k, log, ref effort, columns, columnFlows, cancellation) is { } settledCycle)
                    {
                        return settledCycle;
                    }

                    if (!proximalFirst && ProximalSearch(cleared.Flows, dual, response, next, k, log, ref effort, columns, columnFlows, cancellation) is { } settledLast)
                    {
                        return settledLast;
                    }
                }

                // Broyden's iteration on the kinked stations' prices: from the last secant point while y* stays put (from
                // the Dantzig–Wolfe column at the duals at first), so the steps converge on the prices that reach y*
                // instead of restarting from the duals every time.
                var (basePrices, baseFlows) = secantBase ?? (dual, next.StationFlows);
                var secantPrices = SecantPrices(basePrices, baseFlows, cleared.Flows, response, marginal, smooth.Value.Sides.Smooth);
                var secant = _hour.Assign(WithFee(secantPrices), next, _settings.AssignmentGap, cancellation);
                effort += secant;
                if (Failed(secant) is null)
                {
                    SecantUpdate(response, basePrices, secantPrices, baseFlows, secant.StationFlows);
                    secantBase = (secantPrices, secant.StationFlows);
                    if (TrySettle(secant, secantPrices, _settings.Tolerance, k, "secant", log, ref effort, out var settledSecant, cancellation))
                    {
                        return settledSecant;
                    }

                    columns.Add(Column(secant, secantPrices));
                    columnFlows.Add(secant);
                    (next, columnPrices, step) = (secant, secantPrices, "secant");
                }
            }

            // Not settled: the certificate of (mix, duals) for the log, with the cut of the master's OPF at y*.
            atFlows = masterIsMix ? cleared : _hour.Grid(mix.StationFlows, out failure);
            if (atFlows is not null)
            {
                var frankWolfe = Math.Max(0, mix.Tstt - mix.Sptt) / kappa;
                gridGap = atFlows.Cost - cleared.ValueAt(mix.StationFlows, energy);
                relativeGap = (frankWolfe + Math.Max(0, gridGap)) / Math.Max(Math.Abs(Objective(mix, dual, atFlows)), double.Epsilon);
                (assignment, prices) = (mix, dual);
            }

            log.Add(new CouplingIteration(k, step, relativeGap, gridGap, next.ClassRelativeGaps, next.Iterations, next.Shifts));
            if (k >= _settings.MaxIterations)
            {
                return Finish($"not settled after {k} iterations (relative gap {Invariant.Format(relativeGap, 3)}, grid gap {Invariant.Format(gridGap, 3)} USD)",
                    prices, cleared, atFlows, assignment, relativeGap, gridGap, log, effort, SolveStatus.IterationLimit);
            }

            if (relativeGap < bestGap / 2)
            {
                (bestGap, bestIteration) = (relativeGap, k);
            }
            else if (k - bestIteration >= StallWindow)
            {
                return Finish($"stalled after {k} iterations: the certificate has not halved in {StallWindow} (relative gap {Invariant.Format(relativeGap, 3)}, grid gap {Invariant.Format(gridGap, 3)} USD)",
                    prices, cleared, atFlows, assignment, relativeGap, gridGap, log, effort, SolveStatus.IterationLimit);
            }

            var repeats = MaxDifference(columnPrices, pricing.Prices) <= StalledPrice && MaxDifference(next.StationFlows, pricing.Result.StationFlows) <= StalledPrice;
            if (repeats && !stallRetried)
            {
                // The next column repeats the last: once per hour, the line searches at y* get their turn first.
                (stallRetried, retryStalled) = (true, true);
            }
            else if (repeats)
            {
                return Finish($"stalled after {k} iterations: the next column repeats the last (relative gap {Invariant.Format(relativeGap, 3)}, grid gap {Invariant.Format(gridGap, 3)} USD)",
                    prices, cleared, atFlows, assignment, relativeGap, gridGap, log, effort, SolveStatus.IterationLimit);
            }

            pricing = (columnPrices, next);
        }
    }

    /// <summary>
    /// Settles the hour at (flows, prices) when every class's gap meets <paramref name="classTolerance"/>, the assignment's
    /// certificate relative to |F_t| meets the tolerance and the prices are a subgradient of G_t at the flows (class remarks).
    /// Prices within <see cref="SmoothSnap"/> of the fixed-load OPF's DLMPs are moved onto them and the traffic solved again
    /// at them (a fixed-point step). Unused stations' prices, and prices within SmoothSnap of the price-taking OPF's DLMPs,
    /// are given those DLMPs and both sides checked once more.
    /// </summary>
    private bool TrySettle(
        AssignmentResult candidate, double[] prices, double classTolerance, int k, string step, List<CouplingIteration> log, ref AssignmentEffort effort, out CoupledHourResult settled,
        CancellationToken cancellation)
    {
        settled = null!;
        if (!candidate.ClassRelativeGaps.All(g => g <= classTolerance) || _hour.Grid(candidate.StationFlows, out _) is not { } own)
        {
            return false;
        }

        // The common-shift fallback works on the candidate as given, with the OPF at its own flows (own may move on with
        // a re-solved assignment below).
        var candidateGrid = own;
        bool Shifted(AssignmentEffort spent, out CoupledHourResult result) =>
            TrySettleShifted(candidate, prices, candidateGrid, classTolerance, k, step, log, spent, out result);

        var final = SettledPrices(candidate.StationFlows, prices, own, snap: true);
        var atFinal = candidate;
        if (final is not null && MaxDifference(final, prices) > ResolveAfterSnap)
        {
            // Prices moved onto the marginal cost (a fixed-point step): the traffic is solved again at them, and the
            // prices must then be the marginal cost at its flows. Re-evaluating the old flows at the moved prices is not
            // enough: a move of 1e-4 USD/kWh leaves a charging class gap below 1e-6 with station flows 0.2 % off. If it
            // fails, the prices as they were may still be a subgradient (at a kink).
            var moved = _hour.Assign(WithFee(final), candidate, _settings.AssignmentGap, cancellation);
            effort += moved;
            GridCut? atMoved = null;
            if (Failed(moved) is null && moved.ClassRelativeGaps.All(g => g <= classTolerance)
                && (atMoved = SameFlows(candidate.StationFlows, moved.StationFlows) ? own : _hour.Grid(moved.StationFlows, out _)) is not null
                && SettledPrices(moved.StationFlows, final, atMoved, snap: false) is { } kept)
            {
                (final, atFinal, own) = (kept, moved, atMoved);
            }
            else
            {
                (final, atFinal) = (SettledPrices(candidate.StationFlows, prices, own, snap: false), candidate);
            }
        }
        else if (final is not null && MaxDifference(final, prices) > 0)
        {
            // A small move: the flows stay, and must still be an equilibrium at the moved prices.
            atFinal = _hour.Assign(WithFee(final), candidate, EvaluateOnly, CancellationToken.None);
            if (!atFinal.ClassRelativeGaps.All(g => g <= classTolerance))
            {
                (final, atFinal) = (SettledPrices(candidate.StationFlows, prices, own, snap: false), candidate);
            }
        }

        if (final is null)
        {
            return Shifted(effort, out settled);
        }

        // The exact subgradient test: the grid, paid these prices for the loads, takes the flows (its optimum in a box
        // around them leaves the box's bounds slack), so its DLMPs are the prices. The one-sided tests above hold station by
        // station; at a kink of several stations they admit prices off the kink's subgradients. Prices near the DLMPs
        // (within SmoothSnap: the kink's subgradients moved with the flows), and an unused station's price (the box's bound
        // at zero flow takes the difference), are given the DLMPs, a subgradient within the box, and both sides are
        // checked again once: the traffic at them, and the grid paid them.
        double certificate;
        GridCut priced;
        for (var pass = 0; ; pass++)
        {
            certificate = Certificate(atFinal, final, own);
            if (certificate > _settings.Tolerance)
            {
                return false;
            }

            // The fixed-load OPF's DLMPs are a subgradient of G_t at the flows: where they are the prices, that is the
            // certificate (and the DLMPs reported).
            if (Enumerable.Range(0, final.Length).All(s => Math.Abs(own.MarginalPerKwh(s) - final[s]) <= PriceTolerance))
            {
                priced = own;
                break;
            }

            if (_hour.PriceTaking(atFinal.StationFlows, final, PriceTakingWidth, out _) is not { } taking)
            {
                return Shifted(effort, out settled);
            }

            priced = taking;
            var moved = false;
            for (var s = 0; s < final.Length; s++)
            {
                var dlmp = priced.MarginalPerKwh(s);
                if (Math.Abs(dlmp - final[s]) <= PriceTolerance)
                {
                    continue;
                }

                if (pass > 0 || (atFinal.StationFlows[s] > UnusedFlow && Math.Abs(dlmp - final[s]) > SmoothSnap))
                {
                    return Shifted(effort, out settled);
                }

                final[s] = dlmp;
                moved = true;
            }

            if (!moved)
            {
                break;
            }

            var beforeMove = atFinal;
            atFinal = _hour.Assign(WithFee(final), atFinal, EvaluateOnly, CancellationToken.None);
            if (!KeepsEquilibrium(beforeMove, atFinal, classTolerance))
            {
                return Shifted(effort, out settled);
            }
        }

        log.Add(new CouplingIteration(k, step, certificate, 0, atFinal.ClassRelativeGaps, atFinal.Iterations, atFinal.Shifts));
        settled = Finish(null, final, priced, own, atFinal, certificate, 0, log, effort, SolveStatus.Converged);
        return true;
    }

    /// <summary>
    /// Settles the hour at the candidate's flows with its prices shifted by one common amount t at the used stations and the
    /// unused ones at their marginal grid cost. The charging class must charge somewhere, so a common shift of every
    /// station's price adds the same cost to every charging route and leaves the equilibrium as it is: the traffic sets the
    /// prices only up to t, and the grid decides t. That matters at a kink of several limits, where the prices the traffic
    /// settles at are a subgradient only at one level (ring-33-s4 <c>S2=120,S4=120,S5=240,S8=240</c>, hour 17: two voltage
    /// floors, the secant prices 0.197 USD/kWh below the kink's subgradients with flows and gaps settled). Certified by the
    /// price-taking OPF with the total flow held and the unused stations held at zero: where it keeps the used stations
    /// inside its box, its DLMPs there are the prices plus the dual of the total's row, one t (checked to
    /// <see cref="PriceTolerance"/>), and those DLMPs are a subgradient of G_t at the flows. The traffic is checked again at
    /// the shifted prices (an unused station's price may fall to its marginal cost). Stations marked <paramref name="held"/>
    /// (<see cref="TrySettlePinned"/>) are held at their flows like the unused ones and priced at their marginal grid cost.
    /// </summary>
    private bool TrySettleShifted(
        AssignmentResult candidate, double[] prices, GridCut own, double classTolerance, int k, string step, List<CouplingIteration> log, AssignmentEffort effort, out CoupledHourResult settled,
        bool[]? held = null)
    {
        settled = null!;
        var flows = candidate.StationFlows;
        var used = Enumerable.Range(0, flows.Length).Where(s => flows[s] > UnusedFlow && held?[s] != true).ToArray();
        if (used.Length == 0 || _hour.PriceTakingAtTotal(flows, prices, ShiftedWidth, UnusedFlow, held, out _) is not { } taking)
        {
            return false;
        }

        var marginal = taking.MarginalsPerKwh();
        var shift = used.Average(s => marginal[s] - prices[s]);
        if (used.Any(s => Math.Abs(marginal[s] - prices[s] - shift) > PriceTolerance))
        {
            return false;
        }

        // The used stations' prices shifted exactly (the traffic's equilibrium unchanged), the unused ones at their DLMPs.
        var shifted = new double[flows.Length];
        for (var s = 0; s < shifted.Length; s++)
        {
            shifted[s] = flows[s] > UnusedFlow && held?[s] != true ? prices[s] + shift : marginal[s];
        }

        // A held station's price moves to its marginal grid cost: its flow stays only where its trips have no other
        // station, and then no class's gap grows.
        var atShifted = _hour.Assign(WithFee(shifted), candidate, EvaluateOnly, CancellationToken.None);
        if (!(held is null ? atShifted.ClassRelativeGaps.All(g => g <= classTolerance) : KeepsEquilibrium(candidate, atShifted, classTolerance))
            || !SameFlows(flows, atShifted.StationFlows))
        {
            return false;
        }

        var certificate = Certificate(atShifted, shifted, own);
        if (certificate > _settings.Tolerance)
        {
            return false;
        }

        log.Add(new CouplingIteration(k, step, certificate, 0, atShifted.ClassRelativeGaps, atShifted.Iterations, atShifted.Shifts));
        settled = Finish(null, shifted, taking, own, atShifted, certificate, 0, log, effort, SolveStatus.Converged);
        return true;
    }

    /// <summary>Flows re-evaluated at moved prices are still their equilibrium: every class's gap within the tolerance and
    /// at most <see cref="HeldGapGrowth"/> times what it was (or the assignment's target). The class tolerance alone admits
    /// flows far off a fresh solve where two stations nearly tie: a move of 4e-5 USD/kWh took the charging class from
    /// 1e-11 to 5.7e-7 with a station's flow 4 % off (ring-33-s4, all 350 kW, hour 19).</summary>
    private bool KeepsEquilibrium(AssignmentResult before, AssignmentResult after, double classTolerance)
    {
        var limit = Math.Min(classTolerance, HeldGapGrowth * Math.Max(before.ClassRelativeGaps.Max(), _settings.AssignmentGap));
        return after.ClassRelativeGaps.All(g => g <= limit);
    }

    /// <summary>The certificate of a settle candidate, (TSTT − SPTT)/κ relative to |F_t| (weak duality, the prices being a
    /// subgradient at the flows).</summary>
    private double Certificate(AssignmentResult x, double[] prices, GridCut atFlows) =>
        Math.Max(0, x.Tstt - x.Sptt) / _hour.TimeUnitsPerUsd / Math.Max(Math.Abs(Objective(x, prices, atFlows)), double.Epsilon);

    /// <summary>F_t(x) in USD: Beckmann_π(x)/κ + G_t(y) − Σ π_s E y_s (the prices' payments cancel; fee included in both).</summary>
    private double Objective(AssignmentResult x, double[] prices, GridCut atFlows)
    {
        var paid = 0.0;
        for (var s = 0; s < prices.Length; s++)
        {
            paid += prices[s] * _hour.EnergyPerChargeKwh * x.StationFlows[s];
        }

        return (x.Beckmann / _hour.TimeUnitsPerUsd) + atFlows.Cost - paid;
    }

    /// <summary>
    /// The prices of a secant column. Where the grid cost is smooth at the master's flows y*, the price is its marginal
    /// cost there (unique). Where it has a kink (a binding limit), the traffic decides: the prices π_K that, with the
    /// smooth ones, make the linear response reach y* at those stations,
    /// <c>J_KK Δπ_K = (y* − y_last)_K − J_KS Δπ_S</c>, solved on the range of J_KK; on its null space (price levels the
    /// traffic does not respond to) the master's marginal costs are kept.
    /// </summary>
    private static double[] SecantPrices(double[] lastPrices, double[] lastFlows, double[] target, double[,] response, double[] marginal, bool[] smooth)
    {
        var n = lastPrices.Length;
        var prices = (double[])marginal.Clone();
        var kinked = Enumerable.Range(0, n).Where(s => !smooth[s]).ToArray();
        if (kinked.Length == 0)
        {
            return prices;
        }

        var rhs = Vector<double>.Build.Dense(kinked.Length, r =>
        {
            var i = kinked[r];
            var value = target[i] - lastFlows[i];
            for (var s = 0; s < n; s++)
            {
                if (smooth[s])
                {
                    value -= response[i, s] * (marginal[s] - lastPrices[s]);
                }
            }

            return value;
        });
        var jkk = Matrix<double>.Build.Dense(kinked.Length, kinked.Length, (r, c) => response[kinked[r], kinked[c]]);
        var evd = jkk.Evd(Symmetricity.Symmetric);
        var largest = evd.EigenValues.Select(e => Math.Abs(e.Real)).DefaultIfEmpty(0).Max();
        var fromLast = Vector<double>.Build.Dense(kinked.Length, r => lastPrices[kinked[r]]);
        var fromMaster = Vector<double>.Build.Dense(kinked.Length, r => marginal[kinked[r]]);
        var step = Vector<double>.Build.Dense(kinked.Length);
        var result = Vector<double>.Build.Dense(kinked.Length);
        for (var i = 0; i < kinked.Length; i++)
        {
            var lambda = evd.EigenValues[i].Real;
            var q = evd.EigenVectors.Column(i);
            if (largest > 0 && Math.Abs(lambda) > NullResponse * largest)
            {
                step += q * (q.DotProduct(rhs) / lambda);
                result += q * q.DotProduct(fromLast);
            }
            else
            {
                result += q * q.DotProduct(fromMaster);
            }
        }

        var longest = step.AbsoluteMaximum();
        if (longest > MaxSecantStep)
        {
            step *= MaxSecantStep / longest;
        }

        result += step;
        for (var r = 0; r < kinked.Length; r++)
        {
            // Not below zero: a step past the kink's range is undone by the next one, and the shortest paths need costs ≥ 0.
            prices[kinked[r]] = Math.Max(0, result[r]);
        }

        return prices;
    }

    /// <summary>The one-sided marginal grid costs at the master's flows (the OPF's marginal costs at the flows moved by
    /// ±<see cref="KinkProbe"/> EV/h); a station is smooth where they agree within <see cref="PriceTolerance"/>.</summary>
    private KinkSides SmoothStations(GridCut at)
    {
        var n = _hour.StationCount;
        var sides = new KinkSides(new double[n], new double[n], new bool[n]);
        for (var s = 0; s < n; s++)
        {
            sides.Left[s] = OneSidedMarginal(at.Flows, s, above: false);
            sides.Right[s] = OneSidedMarginal(at.Flows, s, above: true);
            sides.Smooth[s] = Math.Abs(sides.Right[s] - sides.Left[s]) <= PriceTolerance;
        }

        return sides;
    }

    /// <summary>
    /// Settles a kink of G_t made by one binding limit. Its subgradients at the kink are the segment
    /// <c>π(θ) = L + θ (R − L)</c>, θ ∈ [0, 1], between the one-sided marginal costs L and R (the limit's multiplier times
    /// its gradient in the station loads, which is R − L), and the settled flows lie on the limit's surface, locally
    /// <c>(R − L)ᵀ (y − y*) = 0</c>. Along the segment the traffic's response is monotone
    /// (<c>dψ/dθ = (R − L)ᵀ J (R − L) ≤ 0</c>, J the negative semidefinite price response), so a bracketed root search on
    /// θ finds it; the side of the kink that the OPF at each trial's flows reports keeps the bracket. Null when no trial
    /// settles (e.g. two limits binding at y*, whose subgradients are not one segment); the Broyden steps then go on.
    /// </summary>
    private CoupledHourResult? KinkLineSearch(
        double[] kink, KinkSides sides, double[] dual, double[,] response, AssignmentResult warm, int k, List<CouplingIteration> log, ref AssignmentEffort effort,
        List<(double[] Flows, double CostUsd)> columns, List<AssignmentResult> columnFlows, CancellationToken cancellation)
    {
        var n = kink.Length;
        var direction = new double[n];
        var origin = new double[n];
        for (var s = 0; s < n; s++)
        {
            origin[s] = sides.Smooth[s] ? (sides.Left[s] + sides.Right[s]) / 2 : sides.Left[s];
            direction[s] = sides.Smooth[s] ? 0 : sides.Right[s] - sides.Left[s];
        }

        if (KinkSegmentSearch(kink, origin, direction, dual, response, warm, k, log, ref effort, columns, columnFlows, cancellation) is { } settled)
        {
            return settled;
        }

        // An unused station has no left probe (its flow stays at zero), so its own sides agree although its price moves
        // along the segment too: where the segment above does not settle, its ends are read from the OPFs of the probes of
        // the used station with the largest jump, which lie in the two regimes.
        var widest = Enumerable.Range(0, n).Where(s => kink[s] > UnusedFlow && !sides.Smooth[s]).OrderByDescending(s => direction[s]).DefaultIfEmpty(-1).First();
        if (widest < 0 || !kink.Any(y => y <= UnusedFlow)
            || ProbeGrid(kink, widest, above: false) is not { } below || ProbeGrid(kink, widest, above: true) is not { } beyond)
        {
            return null;
        }

        for (var s = 0; s < n; s++)
        {
            if (kink[s] <= UnusedFlow)
            {
                origin[s] = below.MarginalPerKwh(s);
                direction[s] = beyond.MarginalPerKwh(s) - origin[s];
            }
        }

        return KinkSegmentSearch(kink, origin, direction, dual, response, warm, k, log, ref effort, columns, columnFlows, cancellation);
    }

    /// <summary>
    /// Settles a kink of one or more binding limits by a search on their multipliers (<see cref="LimitMultipliers"/>):
    /// prices <c>π(μ) = π₀ + Âᵀ(μ − μ₀)</c>, with π₀ a subgradient at the kink (the master's duals at first) and μ₀ its
    /// multipliers (fitted against the marginal cost just inside the limits, the OPF at y* less a fraction of it), stay
    /// on the kink's subgradients while the search drives the traffic's flows onto the limits (their excess in the power
    /// flow at the flows to zero); a limit whose multiplier reaches zero is left slack. One active limit: a bracketed root
    /// search on its multiplier (the station split can be a near step function of the prices); several: Newton steps. Once
    /// the flows meet the limits, π₀ becomes the price-taking OPF's DLMPs at them (the smooth part of the marginal cost
    /// moves with the flows) and the rows are read again there. Each trial is offered to <see cref="TrySettle"/> and added to
    /// the master's columns; null when none settles.
    /// </summary>
    private CoupledHourResult? LimitSearch(
        GridCut atKink, double[] kink, double[] dual, double[,] response, AssignmentResult start, int k, List<CouplingIteration> log, ref AssignmentEffort effort,
        List<(double[] Flows, double CostUsd)> columns, List<AssignmentResult> columnFlows, CancellationToken cancellation)
    {
        var limits = _hour.BindingLimits(atKink);
        if (limits.Count == 0 || _hour.Grid([.. kink.Select(y => y * (1 - InsideLimits))], out _) is not { } inside)
        {
            return null;
        }

        var search = new LimitMultipliers([.. limits.Select(l => l.PerUnit)], response);
        var origin = (double[])dual.Clone();
        var inner = inside.MarginalsPerKwh();
        double[] reference = [.. search.Fit([.. dual.Select((p, s) => p - inner[s])]).Select(x => Math.Max(0, x))];
        var mu = (double[])reference.Clone();
        var current = start;
        var corrections = 0;
        BracketedRoot? bracket = null;
        var bracketed = -1;
        double[]? lastResidual = null;
        var expansion = 1.0;
        for (var trial = 0; trial < LineSearchTrials; trial++)
        {
            var prices = search.Prices(origin, [.. mu.Select((x, a) => x - reference[a])]);
            var flows = _hour.Assign(WithFee(prices), current, _settings.AssignmentGap, cancellation);
            effort += flows;
            if (Failed(flows) is not null)
            {
                return null;
            }

            if (TrySettle(flows, prices, _settings.Tolerance, k, "limits", log, ref effort, out var settled, cancellation))
            {
                return settled;
            }

            columns.Add(Column(flows, prices));
            columnFlows.Add(flows);
            current = flows;
            var residual = search.Residual(_hour.LimitExcess(limits, atKink, flows.StationFlows));
            var active = Enumerable.Range(0, mu.Length).Where(a => mu[a] > 0 || residual[a] > 0).ToArray();
            if (active.Length == 0)
            {
                return null;
            }

            if (active.All(a => Math.Abs(residual[a]) <= LimitsMet))
            {
                // The flows meet the limits, but the prices' smooth part moves with the flows: π₀ becomes the grid's own
                // answer at these flows (below). A limit that binds there and was not in the search joins it.
                if (corrections++ >= MaxCorrections || _hour.Grid(flows.StationFlows, out _) is not { } atFlows)
                {
                    return null;
                }

                // The rows are read again at these flows (the sensitivities move with the operating point: 0.3 % at one
                // station of ring-33-s4 left its price 2.4e-4 USD/kWh off the kink's subgradients).
                var fresh = _hour.BindingLimits(atFlows);
                var joining = fresh.Count(l => limits.All(known => known.Name != l.Name));
                if (fresh.Count > 0)
                {
                    var kept = limits.Select(known => fresh.FirstOrDefault(l => l.Name == known.Name) ?? known).ToList();
                    var added = fresh.Where(l => limits.All(known => known.Name != l.Name)).ToList();
                    limits = [.. kept, .. added];
                    search = new LimitMultipliers([.. limits.Select(l => l.PerUnit)], response);
                    mu = [.. mu, .. added.Select(_ => 0.0)];
                }

                // The grid paid the prices, with the flows free in a small box, answers with the marginal costs that go
                // with them: where the prices are a subgradient, they themselves; elsewhere those of the nearest point the
                // grid would rather serve. The next prices start from its answer.
                if (_hour.PriceTaking(flows.StationFlows, prices, PriceTakingWidth, out _) is not { } taking)
                {
                    return null;
                }

                var answer = taking.MarginalsPerKwh();
                if (MaxDifference(answer, prices) <= PriceTolerance / 10 && joining == 0)
                {
                    return null;
                }

                origin = answer;
                reference = (double[])mu.Clone();
                (bracket, lastResidual, expansion) = (null, null, 1.0);
                continue;
            }

            if (active.Length == 1)
            {
                // r decreases in μ (more price, less flow): a bracketed root, kept while the same limit is the active one.
                var a = active[0];
                if (bracket is null || bracketed != a)
                {
                    (bracket, bracketed) = (new BracketedRoot(0, mu[a] + MaxMultiplier, search.Slope(a)), a);
                }

                var next = bracket.Next(mu[a], residual[a], rootAbove: residual[a] > 0);
                if (bracket.Width <= PriceTolerance / 100)
                {
                    return null;
                }

                mu[a] = next;
                continue;
            }

            // Several: Newton steps on the estimated response, doubled while the flows do not respond (a flat stretch of
            // the station split).
            bracket = null;
            expansion = lastResidual is not null && MaxDifference(lastResidual, residual) <= 1e-9 * (1 + MaxAbs(residual)) ? 2 * expansion : 1;
            lastResidual = residual;
            var step = search.Step(residual, [.. Enumerable.Range(0, mu.Length).Select(a => active.Contains(a))]);
            var move = expansion * search.PriceMove(step);
            if (!(move > PriceTolerance / 10) || !double.IsFinite(move))
            {
                return null;
            }

            var scale = expansion * Math.Min(1, MaxLimitStep / move);
            mu = [.. mu.Select((x, a) => Math.Max(0, x + (scale * step[a])))];
        }

        return null;
    }

    private static double MaxAbs(double[] values) => values.Length == 0 ? 0 : values.Max(Math.Abs);

    /// <summary>The line search of <see cref="KinkLineSearch"/> on the segment origin + θ·direction, θ ∈ [0, 1].</summary>
    private CoupledHourResult? KinkSegmentSearch(
        double[] kink, double[] origin, double[] direction, double[] dual, double[,] response, AssignmentResult warm, int k, List<CouplingIteration> log,
        ref AssignmentEffort effort, List<(double[] Flows, double CostUsd)> columns, List<AssignmentResult> columnFlows, CancellationToken cancellation)
    {
        var n = kink.Length;
        var norm = SquaredNorm(direction);
        if (!(norm > PriceTolerance * PriceTolerance) || !double.IsFinite(norm))
        {
            return null;
        }

        // Past the kink (the OPF at the trial's flows prices the limit: its marginal costs nearer R than L), the prices are
        // too low; before it, too high. The secant steps follow ψ, continuous where the OPF's side is not.
        return LineSearch(origin, direction, Math.Clamp(Dot(direction, dual, origin) / norm, 0, 1), Curvature(direction, response), warm, "kink",
            (flows, marginal, _) => (Dot(direction, flows.StationFlows, kink), Dot(direction, marginal, origin) > norm / 2), k, log, ref effort, columns, columnFlows, cancellation);
    }

    /// <summary>
    /// Settles a smooth point where the fixed point of the prices cycles: the marginal costs m(y*) at the master's flows
    /// send the traffic to flows whose marginal costs differ (a steep response), and back. The settled prices lie on the
    /// segment <c>π(θ) = m(y*) + θ (m(y_c) − m(y*))</c> between them, where the residual
    /// <c>dᵀ(m(y(π(θ))) − π(θ))</c> vanishes (it decreases in θ: the prices rise along d, the flows they draw and so their
    /// marginal costs fall, by the monotone response and the convexity of G_t). Null when it does not settle.
    /// </summary>
    private CoupledHourResult? CycleLineSearch(
        GridCut master, AssignmentResult column, AssignmentResult warm, int k, List<CouplingIteration> log, ref AssignmentEffort effort,
        List<(double[] Flows, double CostUsd)> columns, List<AssignmentResult> columnFlows, CancellationToken cancellation)
    {
        var n = master.Flows.Length;
        if (_hour.Grid(column.StationFlows, out _) is not { } atColumn)
        {
            return null;
        }

        var origin = master.MarginalsPerKwh();
        var direction = Enumerable.Range(0, n).Select(s => atColumn.MarginalPerKwh(s) - origin[s]).ToArray();
        var norm = SquaredNorm(direction);
        if (!(norm > PriceTolerance * PriceTolerance) || !double.IsFinite(norm))
        {
            return null;
        }

        return LineSearch(origin, direction, 0.5, 0, warm, "cycle",
            (_, marginal, prices) =>
            {
                var residual = Dot(direction, marginal, prices);
                return (residual, residual > 0);
            }, k, log, ref effort, columns, columnFlows, cancellation);
    }

    /// <summary>
    /// A bracketed root search on θ ∈ [0, 1] along <c>π(θ) = origin + θ·direction</c> (<see cref="BracketedRoot"/>): each
    /// trial is an assignment at π(θ), offered to <see cref="TrySettle"/> and added to the master's columns; <paramref name="read"/>
    /// turns its flows, the OPF's marginal costs there and its prices into the search's value and side.
    /// </summary>
    private CoupledHourResult? LineSearch(
        double[] origin, double[] direction, double theta, double slope, AssignmentResult warm, string step,
        Func<AssignmentResult, double[], double[], (double Value, bool RootAbove)> read, int k, List<CouplingIteration> log, ref AssignmentEffort effort,
        List<(double[] Flows, double CostUsd)> columns, List<AssignmentResult> columnFlows, CancellationToken cancellation)
    {
        var n = origin.Length;
        var length = Math.Sqrt(SquaredNorm(direction));
        var root = new BracketedRoot(0, 1, slope);
        for (var trial = 0; trial < LineSearchTrials; trial++)
        {
            var prices = new double[n];
            for (var s = 0; s < n; s++)
            {
                prices[s] = Math.Max(0, origin[s] + (theta * direction[s]));
            }

            var flows = _hour.Assign(WithFee(prices), warm, _settings.AssignmentGap, cancellation);
            effort += flows;
            if (Failed(flows) is not null)
            {
                return null;
            }

            if (TrySettle(flows, prices, _settings.Tolerance, k, step, log, ref effort, out var settled, cancellation))
            {
                return settled;
            }

            columns.Add(Column(flows, prices));
            columnFlows.Add(flows);
            warm = flows;
            if (_hour.Grid(flows.StationFlows, out _) is not { } at)
            {
                return null;
            }

            var (value, rootAbove) = read(flows, at.MarginalsPerKwh(), prices);
            theta = root.Next(theta, value, rootAbove);
            if (root.Width * length <= PriceTolerance / 100)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>dᵀ J d: the response of the flows along d to prices moved along d.</summary>
    private static double Curvature(double[] direction, double[,] response)
    {
        var sum = 0.0;
        for (var r = 0; r < direction.Length; r++)
        {
            for (var c = 0; c < direction.Length; c++)
            {
                sum += direction[r] * response[r, c] * direction[c];
            }
        }

        return sum;
    }

    /// <summary>dᵀd.</summary>
    private static double SquaredNorm(double[] d)
    {
        var sum = 0.0;
        foreach (var x in d)
        {
            sum += x * x;
        }

        return sum;
    }

    /// <summary>dᵀ(a − b).</summary>
    private static double Dot(double[] d, double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < d.Length; i++)
        {
            sum += d[i] * (a[i] - b[i]);
        }

        return sum;
    }

    /// <summary>
    /// The prices a settled state reports, or null when the candidate's prices are no subgradient of G_t at its flows. A
    /// price within <see cref="PriceTolerance"/> of the OPF's marginal cost at the flows (itself a subgradient) stays; one
    /// within <see cref="SmoothSnap"/> of it is moved onto it (the master's duals carry its linearisation, ~1e-6; the caller
    /// re-checks the traffic at the moved prices); one farther off must lie on the far side's one-sided marginal cost (a
    /// kink), which costs one OPF per such station, the cheap tests coming first.
    /// </summary>
    private double[]? SettledPrices(double[] flows, double[] prices, GridCut at, bool snap)
    {
        var final = (double[])prices.Clone();
        var kinked = new List<int>();
        for (var s = 0; s < prices.Length; s++)
        {
            var off = Math.Abs(prices[s] - at.MarginalPerKwh(s));
            if (off <= PriceTolerance)
            {
                continue;
            }

            if (snap && off <= SmoothSnap)
            {
                final[s] = at.MarginalPerKwh(s);
            }
            else
            {
                kinked.Add(s);
            }
        }

        foreach (var s in kinked)
        {
            var marginal = at.MarginalPerKwh(s);

            // Off the marginal cost: a subgradient only at a kink, between the one-sided marginal costs. Only the side the
            // price lies on is needed: above the marginal cost, the right one must reach it; below, the left one.
            var above = prices[s] > marginal;
            var side = OneSidedMarginal(flows, s, above);
            if (above ? prices[s] > Math.Max(side, marginal) + PriceTolerance : prices[s] < Math.Min(side, marginal) - PriceTolerance)
            {
                return null;
            }
        }

        return final;
    }

    /// <summary>The marginal grid cost of station s just above its flow (<paramref name="above"/>) or just below it (the OPF
    /// at y ± KinkProbe e_s; below zero flow, the one at the flow).</summary>
    private double OneSidedMarginal(double[] flows, int s, bool above) =>
        ProbeGrid(flows, s, above)?.MarginalPerKwh(s) ?? (above ? double.PositiveInfinity : double.NegativeInfinity);

    /// <summary>The OPF at the flows with station s moved by ±<see cref="KinkProbe"/> EV/h (not below zero).</summary>
    private GridCut? ProbeGrid(double[] flows, int s, bool above)
    {
        var moved = (double[])flows.Clone();
        moved[s] = above ? moved[s] + KinkProbe : Math.Max(0, moved[s] - KinkProbe);
        return _hour.Grid(moved, out _);
    }

    /// <summary>J_rs = ∂y_r/∂π_s (EV/h per USD/kWh) by one-sided differences (a price cut of
    /// <see cref="CoupledHourSettings.PriceStepForResponse"/> at each station in turn), symmetrised and projected onto the
    /// negative semidefinite cone: J is the Hessian of the concave assignment value in the prices (divided by κE), so it is
    /// symmetric and ⪯ 0; the projection removes the noise of the finite difference.</summary>
    private double[,] EstimateResponse(double[] prices, AssignmentResult at, CancellationToken cancellation, ref AssignmentEffort spent)
    {
        var n = _hour.StationCount;
        var delta = _settings.PriceStepForResponse;
        var raw = Matrix<double>.Build.Dense(n, n);
        for (var s = 0; s < n; s++)
        {
            var shifted = (double[])prices.Clone();
            shifted[s] -= delta;
            var moved = _hour.Assign(WithFee(shifted), at, _settings.AssignmentGap, cancellation);
            spent += moved;
            for (var r = 0; r < n; r++)
            {
                raw[r, s] = (moved.StationFlows[r] - at.StationFlows[r]) / -delta;
            }
        }

        return NegativePart((raw + raw.Transpose()) / 2);
    }

    /// <summary>Powell-symmetric-Broyden update of J with s = π − π_c, r = (y − y_c) − J s:
    /// J += (r sᵀ + s rᵀ)/(sᵀs) − (rᵀs) s sᵀ/(sᵀs)², then projected onto J ⪯ 0 (Dennis &amp; Moré 1977).</summary>
    private static void SecantUpdate(double[,] response, double[] fromPrices, double[] toPrices, double[] fromFlows, double[] toFlows)
    {
        var n = fromPrices.Length;
        var step = new double[n];
        var residual = new double[n];
        var norm = 0.0;
        for (var i = 0; i < n; i++)
        {
            step[i] = toPrices[i] - fromPrices[i];
            norm += step[i] * step[i];
        }

        if (!(norm > 1e-24))
        {
            return;
        }

        var rs = 0.0;
        for (var i = 0; i < n; i++)
        {
            residual[i] = toFlows[i] - fromFlows[i];
            for (var j = 0; j < n; j++)
            {
                residual[i] -= response[i, j] * step[j];
            }

            rs += residual[i] * step[i];
        }

        var updated = Matrix<double>.Build.Dense(n, n, (i, j) =>
            response[i, j] + (((residual[i] * step[j]) + (step[i] * residual[j])) / norm) - (rs * step[i] * step[j] / (norm * norm)));
        var projected = NegativePart(updated);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                response[i, j] = projected[i, j];
            }
        }
    }

    /// <summary>The nearest negative semidefinite matrix to a symmetric one (its eigenvalues clipped at 0).</summary>
    private static double[,] NegativePart(Matrix<double> symmetric) => Spectral(symmetric, e => Math.Min(0, e));

    /// <summary>f applied to the eigenvalues of a symmetric matrix: Q f(Λ) Qᵀ.</summary>
    private static double[,] Spectral(Matrix<double> symmetric, Func<double, double> f)
    {
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        var eigen = evd.EigenValues.Select(e => f(e.Real)).ToArray();
        return (evd.EigenVectors * Matrix<double>.Build.DenseOfDiagonalArray(eigen) * evd.EigenVectors.Transpose()).ToArray();
    }

    /// <summary>A traffic column: the station flows of an assignment at energy prices π and its cost without the prices,
    /// B(x)/κ = Beckmann_π(x)/κ − Σ (π_s + fee) E y_s (USD).</summary>
    private (double[] Flows, double CostUsd) Column(AssignmentResult assignment, double[] prices)
    {
        var energy = _hour.EnergyPerChargeKwh;
        var cost = assignment.Beckmann / _hour.TimeUnitsPerUsd;
        for (var s = 0; s < prices.Length; s++)
        {
            cost -= (prices[s] + _hour.ServiceFeePerKwh) * energy * assignment.StationFlows[s];
        }

        return ((double[])assignment.StationFlows.Clone(), cost);
    }

    private static string? Failed(AssignmentResult assignment) =>
        assignment.Status is SolveStatus.Failed or SolveStatus.Infeasible ? $"traffic assignment: {assignment.Message}" : null;

    /// <summary>The columns mixed with the master's weights (those above 1e-12, renormalised).</summary>
    private static AssignmentResult MasterMix(List<AssignmentResult> columns, double[] weights)
    {
        var used = Enumerable.Range(0, Math.Min(columns.Count, weights.Length)).Where(i => weights[i] > 1e-12).ToArray();
        if (used.Length == 1)
        {
            return columns[used[0]];
        }

        var total = used.Sum(i => weights[i]);
        return AssignmentResult.Mix([.. used.Select(i => columns[i])], [.. used.Select(i => weights[i] / total)]);
    }

    /// <summary>Station flows equal to <see cref="TargetStable"/> relative to 1 + the largest of <paramref name="reference"/>.</summary>
    private static bool SameFlows(double[] reference, double[] other) => MaxDifference(reference, other) <= TargetStable * (1 + reference.Max());

    private static double MaxDifference(double[] a, double[] b)
    {
        var max = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    private double[] WithFee(double[] energyPrices) => energyPrices.Select(p => p + _hour.ServiceFeePerKwh).ToArray();

    private CoupledHourResult Finish(
        string? message, double[] prices, GridCut? cleared, GridCut? atFlows, AssignmentResult assignment, double relativeGap, double gridGap,
        List<CouplingIteration> log, AssignmentEffort effort, SolveStatus status = SolveStatus.Failed)
    {
        var n = _hour.StationCount;
        var energyPart = cleared?.EnergyPerKwh ?? (double[])prices.Clone();
        var reactivePart = cleared?.ReactivePerKwh ?? new double[n];
        var support = cleared is null ? [] : new List<(GridCut, double)> { (cleared, 1.0) };
        return new CoupledHourResult(status, message, energyPart, reactivePart, assignment, atFlows, support, relativeGap, gridGap, log, effort)
        {
            TrafficPricePerKwh = cleared is null ? null : (double[])prices.Clone(),
        };
    }
}
