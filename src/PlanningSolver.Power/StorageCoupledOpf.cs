using System.Diagnostics;
using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>
/// A storage (V2G) site at a feeder bus: per period, discharge d_t (injection, MW) and extra recharge r_t (load, MW)
/// within limits. Active power only: the reactive load of the bus is unchanged (the chargers run at unity power factor
/// for the rescheduled energy).
/// </summary>
/// <param name="Bus">Bus index (as in <see cref="Feeder.Ids"/>).</param>
/// <param name="DischargeLimitMw">Upper limit of d_t per period, MW (≥ 0).</param>
/// <param name="RechargeLimitMw">Upper limit of r_t per period, MW (≥ 0).</param>
public sealed record StorageSite(int Bus, IReadOnlyList<double> DischargeLimitMw, IReadOnlyList<double> RechargeLimitMw)
{
    /// <summary>The same limits in every period.</summary>
    public static StorageSite Constant(int bus, int periods, double dischargeLimitMw, double rechargeLimitMw) =>
        new(bus, Enumerable.Repeat(dischargeLimitMw, periods).ToArray(), Enumerable.Repeat(rechargeLimitMw, periods).ToArray());
}

/// <summary>The solved schedule of one storage site: MW per period (periods are one hour, so also MWh).</summary>
/// <param name="Bus">Bus index.</param>
/// <param name="DischargeMw">d_t per period.</param>
/// <param name="RechargeMw">r_t per period.</param>
/// <param name="EnergyBalanceResidualMwh">|η Σ r − Σ d| at the returned point.</param>
public sealed record StorageSchedule(int Bus, IReadOnlyList<double> DischargeMw, IReadOnlyList<double> RechargeMw, double EnergyBalanceResidualMwh);

/// <summary>The outcome of a storage-coupled multi-period OPF.</summary>
/// <param name="Status">How the solve ended (infeasibility is a status).</param>
/// <param name="Objective">Σ_t (price_t · import_t + generator cost_t + unserved penalty_t), $ over the horizon.</param>
/// <param name="Periods">Per period: substation import, losses, voltages, DLMPs (the bus loads are net: load + r − d).</param>
/// <param name="Sites">Per storage site (input order): the schedule.</param>
/// <param name="Log">One record per LP (cut round).</param>
/// <param name="WallSeconds">Wall-clock time of the solve.</param>
public sealed record StorageCoupledResult(
    SolveStatus Status,
    double Objective,
    IReadOnlyList<OpfResult> Periods,
    IReadOnlyList<StorageSchedule> Sites,
    ConvergenceLog Log,
    double WallSeconds)
{
    /// <summary>Largest cone violation <c>P² + Q² − ℓ v</c> (p.u.²) at the returned point.</summary>
    public double MaxConeViolation { get; init; } = double.NaN;

    /// <summary>Largest |η Σ r − Σ d| over the sites, MWh.</summary>
    public double MaxEnergyBalanceResidualMwh => Sites.Count == 0 ? 0 : Sites.Max(s => s.EnergyBalanceResidualMwh);
}

/// <summary>
/// The SOCP branch-flow OPF of <paramref name="periods"/> one-hour periods in ONE model (one DistFlow block per period,
/// <see cref="DistFlowFormulation.Add"/>), coupled by storage sites: for each site and period a discharge variable
/// <c>0 ≤ d_t ≤ d̄_t</c> (+1 in the bus's active balance, i.e. it reduces the load) and a recharge variable
/// <c>0 ≤ r_t ≤ r̄_t</c> (−1, it adds load), and per site one daily energy balance <c>η Σ_t r_t = Σ_t d_t</c>
/// (η = round-trip efficiency, 1 = lossless). Objective: Σ_t price_t · import_t + generator costs (+ unserved-load
/// penalty in soft mode). Solved with the GLOP cutting-plane backend with preprocessing off and the dual simplex
/// (<see cref="GlopParameters"/>). The model is rebuilt for every <see cref="Solve"/>, so the
/// same input always gives the same output.
/// </summary>
public sealed class StorageCoupledOpf
{
    /// <summary>
    /// GLOP parameters of the coupled model: preprocessing off (with it GLOP returns ABNORMAL, design §3; measured again
    /// here on the 33-bus feeder with 8 sites: failed after 4 LPs), dual simplex (each cut round only adds rows, so the
    /// previous basis stays dual feasible; 21 LPs in 28 s under load where the primal simplex had not finished after 130 s).
    /// </summary>
    public const string GlopParameters = "use_preprocessing:false use_dual_simplex:true";

    public StorageCoupledOpf(Feeder feeder, int periods, IReadOnlyList<StorageSite> sites, OpfOptions? options = null, double roundTripEfficiency = 1.0, string glopParameters = GlopParameters)
    {
        ExtraGlopParameters = glopParameters;
        ArgumentNullException.ThrowIfNull(feeder);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periods);
        if (!(roundTripEfficiency > 0 && roundTripEfficiency <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(roundTripEfficiency), roundTripEfficiency, "round-trip efficiency must be in (0, 1]");
        }

        foreach (var site in sites)
        {
            if (site.Bus < 0 || site.Bus >= feeder.BusCount)
            {
                throw new ArgumentException($"storage site bus index {site.Bus} is outside the feeder (0..{feeder.BusCount - 1})", nameof(sites));
            }

            if (site.DischargeLimitMw.Count != periods || site.RechargeLimitMw.Count != periods)
            {
                throw new ArgumentException($"storage site at bus {feeder.Ids[site.Bus]} needs {periods} discharge and recharge limits", nameof(sites));
            }

            if (site.DischargeLimitMw.Concat(site.RechargeLimitMw).Any(l => !(l >= 0) || !double.IsFinite(l)))
            {
                throw new ArgumentException($"storage site at bus {feeder.Ids[site.Bus]}: limits must be finite and >= 0", nameof(sites));
            }
        }

        Feeder = feeder;
        PeriodCount = periods;
        Sites = sites;
        Options = options ?? new OpfOptions();
        RoundTripEfficiency = roundTripEfficiency;
    }

    public Feeder Feeder { get; }

    public int PeriodCount { get; }

    public IReadOnlyList<StorageSite> Sites { get; }

    public OpfOptions Options { get; }

    /// <summary>GLOP parameters passed to <see cref="CuttingPlaneModel"/>.</summary>
    public string ExtraGlopParameters { get; }

    /// <summary>η in <c>η Σ r = Σ d</c>.</summary>
    public double RoundTripEfficiency { get; }

    /// <summary>Builds the coupled model for the given loads and prices and solves it.</summary>
    public StorageCoupledResult Solve(IReadOnlyList<OpfPeriodInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != PeriodCount)
        {
            throw new ArgumentException($"expected {PeriodCount} periods, got {inputs.Count}", nameof(inputs));
        }

        var clock = Stopwatch.StartNew();
        var feeder = Feeder;
        var n = feeder.BusCount;
        var baseMva = feeder.BaseMva;
        using var model = new CuttingPlaneModel(ExtraGlopParameters);
        var formulation = new DistFlowOptions(Options.SoftLoad, Options.UnservedPenaltyPerMwh);
        var periods = new DistFlowPeriod[PeriodCount];
        var pLoad = new double[PeriodCount][];
        var qLoad = new double[PeriodCount][];
        for (var t = 0; t < PeriodCount; t++)
        {
            var input = inputs[t];
            if (input.PLoadMw.Length != n || input.QLoadMvar.Length != n)
            {
                throw new ArgumentException($"period {t}: load vectors must have {n} entries (one per bus)", nameof(inputs));
            }

            if (!double.IsFinite(input.PricePerMwh) || input.PLoadMw.Concat(input.QLoadMvar).Any(v => !double.IsFinite(v)))
            {
                throw new ArgumentException($"period {t}: loads and price must be finite", nameof(inputs));
            }

            periods[t] = DistFlowFormulation.Add(model, feeder, formulation, $"t{t}_");
            pLoad[t] = [.. input.PLoadMw.Select(p => p / baseMva)];
            qLoad[t] = [.. input.QLoadMvar.Select(q => q / baseMva)];
            for (var j = 0; j < n; j++)
            {
                DistFlowFormulation.SetLoad(model, periods[t], j, pLoad[t][j], qLoad[t][j]);
            }

            DistFlowFormulation.SetPrice(model, feeder, periods[t], input.PricePerMwh);
        }

        // Storage: d (injection) and r (extra load) per site and period, one energy balance per site.
        var discharge = new int[Sites.Count, PeriodCount];
        var recharge = new int[Sites.Count, PeriodCount];
        for (var s = 0; s < Sites.Count; s++)
        {
            var site = Sites[s];
            var balance = model.AddRow(0, 0, $"energy_{s}");
            for (var t = 0; t < PeriodCount; t++)
            {
                discharge[s, t] = model.AddVariable(0, site.DischargeLimitMw[t] / baseMva, $"t{t}_d_{s}");
                recharge[s, t] = model.AddVariable(0, site.RechargeLimitMw[t] / baseMva, $"t{t}_r_{s}");
                model.SetCoefficient(periods[t].PBalance[site.Bus], discharge[s, t], 1);
                model.SetCoefficient(periods[t].PBalance[site.Bus], recharge[s, t], -1);
                model.SetCoefficient(balance, recharge[s, t], RoundTripEfficiency);
                model.SetCoefficient(balance, discharge[s, t], -1);
            }
        }

        // Seed: the exact power flow of each period without storage.
        var seed = new double[model.VariableCount];
        var vs = feeder.Trees.Select(f => Math.Clamp(f.SubstationVoltagePu, f.SubstationVMinPu, f.SubstationVMaxPu)).ToArray();
        for (var t = 0; t < PeriodCount; t++)
        {
            DistFlowFormulation.WritePowerFlowPoint(feeder, periods[t], pLoad[t], qLoad[t], vs, seed);
        }

        model.Seed(seed);
        var solution = model.Solve(Options.ConeTolerance, Options.MaxCutRounds, Options.MaxSeconds);
        if (solution.Values.Length == 0)
        {
            return new StorageCoupledResult(solution.Status, double.NaN, [], [], solution.Log, clock.Elapsed.TotalSeconds);
        }

        var x = solution.Values;
        var schedules = new StorageSchedule[Sites.Count];
        var netP = pLoad.Select(p => p.ToArray()).ToArray();
        for (var s = 0; s < Sites.Count; s++)
        {
            var d = new double[PeriodCount];
            var r = new double[PeriodCount];
            for (var t = 0; t < PeriodCount; t++)
            {
                d[t] = Math.Max(0, x[discharge[s, t]]);
                r[t] = Math.Max(0, x[recharge[s, t]]);
                if (RoundTripEfficiency == 1.0)
                {
                    // Lossless: discharging and recharging in the same hour is a no-op the LP may pick; report the net.
                    var net = d[t] - r[t];
                    (d[t], r[t]) = (Math.Max(net, 0), Math.Max(-net, 0));
                }

            }

            // The LP meets the balance row to its feasibility tolerance (1e-10 p.u.); scale the larger side down so the
            // reported schedule balances to rounding (a change of the same tiny order as the LP's own tolerance).
            var (inSum, outSum) = (RoundTripEfficiency * r.Sum(), d.Sum());
            if (inSum > outSum && inSum > 0)
            {
                var f = outSum / inSum;
                for (var t = 0; t < PeriodCount; t++)
                {
                    r[t] *= f;
                }
            }
            else if (outSum > inSum && outSum > 0)
            {
                var f = inSum / outSum;
                for (var t = 0; t < PeriodCount; t++)
                {
                    d[t] *= f;
                }
            }

            for (var t = 0; t < PeriodCount; t++)
            {
                netP[t][Sites[s].Bus] += r[t] - d[t];
                d[t] *= baseMva;
                r[t] *= baseMva;
            }

            var residual = Math.Abs((RoundTripEfficiency * r.Sum()) - d.Sum());
            schedules[s] = new StorageSchedule(Sites[s].Bus, d, r, residual);
        }

        var results = new OpfResult[PeriodCount];
        for (var t = 0; t < PeriodCount; t++)
        {
            results[t] = Assemble(solution, periods[t], netP[t], qLoad[t], inputs[t].PricePerMwh, clock.Elapsed.TotalSeconds);
        }

        return new StorageCoupledResult(solution.Status, solution.Objective, results, schedules, solution.Log, clock.Elapsed.TotalSeconds)
        {
            MaxConeViolation = solution.MaxConeViolation,
        };
    }

    /// <summary>One period's result from the joint solution (same quantities and units as <see cref="OpfSolver"/>).</summary>
    private OpfResult Assemble(ConicSolution solution, DistFlowPeriod h, double[] pLoad, double[] qLoad, double pricePerMwh, double seconds)
    {
        var feeder = Feeder;
        var x = solution.Values;
        var objective = 0.0;
        foreach (var import in h.SubstationP)
        {
            objective += pricePerMwh * x[import] * feeder.BaseMva;
        }

        for (var g = 0; g < feeder.Generators.Count; g++)
        {
            objective += feeder.Generators[g].CostPerMwh * x[h.GeneratorP[g]] * feeder.BaseMva;
        }

        var result = DistFlowReading.Read(feeder, h, solution, pLoad, qLoad, OpfBackend.CuttingPlane, objective, [], Options.GapWarning, seconds);
        return result with { ObjectivePerHour = objective + (result.UnservedMw * Options.UnservedPenaltyPerMwh) };
    }
}
