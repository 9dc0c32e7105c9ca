namespace PlanningSolver.Power;

/// <summary>Options of the DistFlow formulation for one period.</summary>
/// <param name="UnservedLoad">Soft mode: an unserved-load variable per bus in the active balance, at <paramref name="UnservedPenaltyPerMwh"/>.</param>
/// <param name="UnservedPenaltyPerMwh">Penalty of unserved load, $/MWh.</param>
/// <param name="ElasticLimits">Diagnosis mode: slack on every voltage and current limit and on the substation's import
/// limits at <paramref name="ElasticPenalty"/> per p.u. (p.u.² for v and ℓ), to name the limits that cannot be met and by
/// how much. Only the network physics (and generator capabilities) stay hard, so the elastic model has a solution
/// whenever the feeder can carry the load at all.</param>
/// <param name="ElasticPenalty">Penalty per p.u. (p.u.² for v and ℓ) of limit violation in diagnosis mode, $/h.</param>
public sealed record DistFlowOptions(
    bool UnservedLoad = false,
    double UnservedPenaltyPerMwh = OpfOptions.DefaultUnservedPenaltyPerMwh,
    bool ElasticLimits = false,
    double ElasticPenalty = 1e7);

/// <summary>
/// Indices of one period's variables and rows in an <see cref="IConicModel"/>, by bus index (entries at a
/// substation, <see cref="Feeder.Roots"/>, are -1 for branch quantities). A multi-period caller (e.g. storage with a daily energy balance)
/// adds its own variables and puts them into <see cref="PBalance"/>/<see cref="QBalance"/> rows of several periods.
/// </summary>
public sealed class DistFlowPeriod
{
    internal DistFlowPeriod(int n, int trees)
    {
        SubstationP = new int[trees];
        SubstationQ = new int[trees];
        PricePerMwh = new double[trees];
        SubstationSlack = new int[trees][];
        for (var k = 0; k < trees; k++)
        {
            SubstationSlack[k] = [-1, -1, -1, -1];
        }

        P = new int[n];
        Q = new int[n];
        L = new int[n];
        V = new int[n];
        PBalance = new int[n];
        QBalance = new int[n];
        Cone = new int[n];
        Unserved = new int[n];
        VoltageLowSlack = new int[n];
        VoltageHighSlack = new int[n];
        CurrentSlack = new int[n];
        Array.Fill(P, -1);
        Array.Fill(Q, -1);
        Array.Fill(L, -1);
        Array.Fill(Cone, -1);
        Array.Fill(Unserved, -1);
        Array.Fill(VoltageLowSlack, -1);
        Array.Fill(VoltageHighSlack, -1);
        Array.Fill(CurrentSlack, -1);
    }

    /// <summary>Active power entering bus j from its parent (sending end), p.u.</summary>
    public int[] P { get; }

    /// <summary>Reactive power entering bus j from its parent (sending end), p.u.</summary>
    public int[] Q { get; }

    /// <summary>Squared current of the branch feeding bus j, p.u.²</summary>
    public int[] L { get; }

    /// <summary>Squared voltage magnitude of bus j, p.u.²</summary>
    public int[] V { get; }

    /// <summary>Active power balance row of bus j: its dual is the active-power price (objective units per p.u.).</summary>
    public int[] PBalance { get; }

    /// <summary>Reactive power balance row of bus j.</summary>
    public int[] QBalance { get; }

    /// <summary>The cone of the branch feeding bus j.</summary>
    public int[] Cone { get; }

    /// <summary>Unserved load (soft mode), p.u., or -1.</summary>
    public int[] Unserved { get; }

    internal int[] VoltageLowSlack { get; }

    internal int[] VoltageHighSlack { get; }

    internal int[] CurrentSlack { get; }

    /// <summary>Diagnosis mode, per feeder: slack below the substation's Pmin, above its Pmax, below Qmin, above Qmax (p.u.), or -1.</summary>
    internal int[][] SubstationSlack { get; }

    /// <summary>The energy price at each feeder's substation as last set, $/MWh (to split the objective by feeder).</summary>
    internal double[] PricePerMwh { get; }

    /// <summary>The objective coefficient of unserved load, $/MWh (soft mode).</summary>
    internal double UnservedPenaltyPerMwh { get; set; }

    /// <summary>Active import at each feeder's substation (order of <see cref="Feeder.Trees"/>), p.u.</summary>
    public int[] SubstationP { get; }

    /// <summary>Reactive import at each feeder's substation, p.u.</summary>
    public int[] SubstationQ { get; }

    /// <summary>Active output of each generator (order of <see cref="Feeder.Generators"/>), p.u.</summary>
    public int[] GeneratorP { get; internal set; } = [];

    /// <summary>Reactive output of each generator, p.u.</summary>
    public int[] GeneratorQ { get; internal set; } = [];
}

/// <summary>
/// The branch flow model of a radial feeder (Baran &amp; Wu 1989, "DistFlow") with the second-order-cone relaxation of
/// Farivar &amp; Low 2013 ("Branch flow model: relaxations and convexification", IEEE Trans. Power Syst. 28(3)), in p.u.:
/// for each bus j with parent i,
/// <c>P_ij = p_j + Σ_k P_jk + r ℓ_ij − g_j</c> (and the same for Q with x),
/// <c>v_j = v_i − 2(r P_ij + x Q_ij) + (r² + x²) ℓ_ij</c>,
/// <c>P_ij² + Q_ij² ≤ ℓ_ij v_i</c>, <c>v_min² ≤ v_j ≤ v_max²</c>, <c>ℓ_ij ≤ ℓ_max</c>;
/// objective (per hour) = substation import × price + generator costs. On radial feeders whose objective increases with
/// losses the relaxation is exact (Farivar &amp; Low, Thm. 1), which the reported relaxation gap checks. The duals of the
/// balance rows are the distribution locational marginal prices (DLMPs; Papavasiliou 2018, "Analysis of distribution
/// locational marginal prices", IEEE Trans. Smart Grid 9(5); Bai, Wang, Wang, Tesfatsion &amp; Liu 2018, "Distribution
/// locational marginal pricing (DLMP) for congestion management and voltage support", IEEE Trans. Power Syst. 33(4)),
/// reported with MATPOWER's sign convention (Zimmerman, Murillo-Sánchez &amp; Thomas 2011): positive = cost of one more
/// MW of load at the bus.
/// Zero-resistance branches (switches): ℓ then has no cost and the relaxation leaves it free above (P² + Q²)/v; the
/// result recovers ℓ = (P² + Q²)/v from the solved flows and leaves those branches out of the relaxation gap.
/// </summary>
public static class DistFlowFormulation
{
    /// <summary>Adds one period to <paramref name="model"/>; loads start at the feeder's base loads, the price at each
    /// feeder's default. Several feeders (<see cref="Feeder.Trees"/>) give one block per feeder, joined only by the
    /// objective.</summary>
    public static DistFlowPeriod Add(IConicModel model, Feeder feeder, DistFlowOptions? options = null, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(feeder);
        options ??= new DistFlowOptions();
        var n = feeder.BusCount;
        var trees = feeder.Trees;
        var baseMva = feeder.BaseMva;
        var h = new DistFlowPeriod(n, trees.Count);
        var elastic = options.ElasticLimits;

        // Variables.
        for (var j = 0; j < n; j++)
        {
            if (feeder.IsRoot(j))
            {
                var data = trees[feeder.TreeOf(j)];
                h.V[j] = model.AddVariable(data.SubstationVMinPu * data.SubstationVMinPu, data.SubstationVMaxPu * data.SubstationVMaxPu, $"{prefix}v_{j}");
                continue;
            }

            h.V[j] = elastic
                ? model.AddVariable(0, double.PositiveInfinity, $"{prefix}v_{j}")
                : model.AddVariable(feeder.VMin[j] * feeder.VMin[j], feeder.VMax[j] * feeder.VMax[j], $"{prefix}v_{j}");
            h.P[j] = model.AddVariable(double.NegativeInfinity, double.PositiveInfinity, $"{prefix}P_{j}");
            h.Q[j] = model.AddVariable(double.NegativeInfinity, double.PositiveInfinity, $"{prefix}Q_{j}");
            var lmax = feeder.MaxCurrentSquared[j];
            h.L[j] = model.AddVariable(0, elastic ? double.PositiveInfinity : lmax, $"{prefix}l_{j}");
        }

        for (var k = 0; k < trees.Count; k++)
        {
            var data = trees[k];
            var name = k == 0 ? "" : $"_{k}";
            h.SubstationP[k] = elastic
                ? model.AddVariable(double.NegativeInfinity, double.PositiveInfinity, $"{prefix}P_sub{name}")
                : model.AddVariable(data.SubstationPMinMw / baseMva, data.SubstationPMaxMw / baseMva, $"{prefix}P_sub{name}");
            h.SubstationQ[k] = elastic
                ? model.AddVariable(double.NegativeInfinity, double.PositiveInfinity, $"{prefix}Q_sub{name}")
                : model.AddVariable(data.SubstationQMinMvar / baseMva, data.SubstationQMaxMvar / baseMva, $"{prefix}Q_sub{name}");
            model.SetObjectiveCoefficient(h.SubstationP[k], data.EnergyPricePerMwh * baseMva);
            h.PricePerMwh[k] = data.EnergyPricePerMwh;
        }

        h.UnservedPenaltyPerMwh = options.UnservedPenaltyPerMwh;

        var gens = feeder.Generators;
        h.GeneratorP = new int[gens.Count];
        h.GeneratorQ = new int[gens.Count];
        for (var g = 0; g < gens.Count; g++)
        {
            h.GeneratorP[g] = model.AddVariable(gens[g].PMin, gens[g].PMax, $"{prefix}gp_{g}");
            h.GeneratorQ[g] = model.AddVariable(gens[g].QMin, gens[g].QMax, $"{prefix}gq_{g}");
            model.SetObjectiveCoefficient(h.GeneratorP[g], gens[g].CostPerMwh * baseMva);
        }

        // Balance rows: inflow − outflows − losses + generation (+ unserved) = load.
        for (var j = 0; j < n; j++)
        {
            h.PBalance[j] = model.AddRow(feeder.PLoad[j], feeder.PLoad[j], $"{prefix}pbal_{j}");
            h.QBalance[j] = model.AddRow(feeder.QLoad[j], feeder.QLoad[j], $"{prefix}qbal_{j}");
            if (feeder.IsRoot(j))
            {
                model.SetCoefficient(h.PBalance[j], h.SubstationP[feeder.TreeOf(j)], 1);
                model.SetCoefficient(h.QBalance[j], h.SubstationQ[feeder.TreeOf(j)], 1);
            }
            else
            {
                model.SetCoefficient(h.PBalance[j], h.P[j], 1);
                model.SetCoefficient(h.QBalance[j], h.Q[j], 1);
                model.SetCoefficient(h.PBalance[j], h.L[j], -feeder.R[j]);
                model.SetCoefficient(h.QBalance[j], h.L[j], -feeder.X[j]);
            }

            foreach (var k in feeder.Children(j))
            {
                model.SetCoefficient(h.PBalance[j], h.P[k], -1);
                model.SetCoefficient(h.QBalance[j], h.Q[k], -1);
            }

            if (options.UnservedLoad)
            {
                h.Unserved[j] = model.AddVariable(0, Math.Max(0, feeder.PLoad[j]), $"{prefix}unserved_{j}");
                model.SetCoefficient(h.PBalance[j], h.Unserved[j], 1);
                model.SetObjectiveCoefficient(h.Unserved[j], options.UnservedPenaltyPerMwh * baseMva);
            }
        }

        for (var g = 0; g < gens.Count; g++)
        {
            model.SetCoefficient(h.PBalance[gens[g].Bus], h.GeneratorP[g], 1);
            model.SetCoefficient(h.QBalance[gens[g].Bus], h.GeneratorQ[g], 1);
        }

        // Voltage drop rows and cones.
        for (var j = 0; j < n; j++)
        {
            var i = feeder.Parent(j);
            if (i < 0)
            {
                continue;
            }

            var r = feeder.R[j];
            var x = feeder.X[j];
            var row = model.AddRow(0, 0, $"{prefix}vdrop_{j}");
            model.SetCoefficient(row, h.V[j], 1);
            model.SetCoefficient(row, h.V[i], -1);
            model.SetCoefficient(row, h.P[j], 2 * r);
            model.SetCoefficient(row, h.Q[j], 2 * x);
            model.SetCoefficient(row, h.L[j], -((r * r) + (x * x)));
            h.Cone[j] = model.AddRotatedCone(h.P[j], h.Q[j], h.L[j], h.V[i]);
        }

        if (elastic)
        {
            AddElasticLimits(model, feeder, h, options.ElasticPenalty, prefix);
        }

        return h;
    }

    /// <summary>Sets the loads of one bus (p.u.).</summary>
    public static void SetLoad(IConicModel model, DistFlowPeriod period, int bus, double pLoad, double qLoad)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(period);
        model.SetRowBounds(period.PBalance[bus], pLoad, pLoad);
        model.SetRowBounds(period.QBalance[bus], qLoad, qLoad);
        if (period.Unserved[bus] >= 0)
        {
            model.SetVariableBounds(period.Unserved[bus], 0, Math.Max(0, pLoad));
        }
    }

    /// <summary>Sets the energy price at every substation, $/MWh.</summary>
    public static void SetPrice(IConicModel model, Feeder feeder, DistFlowPeriod period, double pricePerMwh)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(feeder);
        ArgumentNullException.ThrowIfNull(period);
        for (var k = 0; k < period.SubstationP.Length; k++)
        {
            model.SetObjectiveCoefficient(period.SubstationP[k], pricePerMwh * feeder.BaseMva);
            period.PricePerMwh[k] = pricePerMwh;
        }
    }

    /// <summary>
    /// Writes the exact power-flow point (backward/forward sweep) for the given loads (p.u.) into <paramref name="values"/>
    /// at this period's indices: the seed of the cutting planes (<see cref="CuttingPlaneModel.Seed"/>). Where the sweep
    /// fails (overload), a flat point is written instead: v = 1, flows = downstream load sums.
    /// </summary>
    public static void WritePowerFlowPoint(Feeder feeder, DistFlowPeriod period, ReadOnlySpan<double> pLoad, ReadOnlySpan<double> qLoad, double substationVoltage, double[] values)
    {
        ArgumentNullException.ThrowIfNull(feeder);
        WritePowerFlowPoint(feeder, period, pLoad, qLoad, [.. Enumerable.Repeat(substationVoltage, feeder.Trees.Count)], values);
    }

    /// <summary>As above, with each feeder's own substation voltage (p.u., order of <see cref="Feeder.Trees"/>).</summary>
    public static void WritePowerFlowPoint(Feeder feeder, DistFlowPeriod period, ReadOnlySpan<double> pLoad, ReadOnlySpan<double> qLoad, IReadOnlyList<double> substationVoltages, double[] values)
    {
        ArgumentNullException.ThrowIfNull(feeder);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(values);
        var n = feeder.BusCount;
        var pf = PowerFlow.Solve(feeder, pLoad, qLoad, substationVoltages);
        var ok = pf.Status == Core.SolveStatus.Converged && pf.Buses.All(b => b.VPu > 0.3);
        for (var j = 0; j < n; j++)
        {
            values[period.V[j]] = ok ? pf.Buses[j].VPu * pf.Buses[j].VPu : 1.0;
        }

        var downstreamP = pLoad.ToArray();
        var downstreamQ = qLoad.ToArray();
        for (var j = n - 1; j >= 0; j--)
        {
            if (!feeder.IsRoot(j))
            {
                downstreamP[feeder.Parent(j)] += downstreamP[j];
                downstreamQ[feeder.Parent(j)] += downstreamQ[j];
            }
        }

        for (var j = 0; j < n; j++)
        {
            if (feeder.IsRoot(j))
            {
                continue;
            }

            var slot = feeder.BranchSlot(j);
            var (p, q) = ok
                ? (pf.Branches[slot].PMw / feeder.BaseMva, pf.Branches[slot].QMvar / feeder.BaseMva)
                : (downstreamP[j], downstreamQ[j]);
            values[period.P[j]] = p;
            values[period.Q[j]] = q;
            var vi = values[period.V[feeder.Parent(j)]];
            values[period.L[j]] = ((p * p) + (q * q)) / vi;
        }
    }

    private static void AddElasticLimits(IConicModel model, Feeder feeder, DistFlowPeriod h, double penalty, string prefix)
    {
        var baseMva = feeder.BaseMva;
        for (var tree = 0; tree < feeder.Trees.Count; tree++)
        {
            var data = feeder.Trees[tree];
            var suffix = tree == 0 ? "" : $"_{tree}";
            (double Limit, int Variable, double Sign, string Name)[] import =
            [
                (data.SubstationPMinMw, h.SubstationP[tree], 1, "pmin"),
                (data.SubstationPMaxMw, h.SubstationP[tree], -1, "pmax"),
                (data.SubstationQMinMvar, h.SubstationQ[tree], 1, "qmin"),
                (data.SubstationQMaxMvar, h.SubstationQ[tree], -1, "qmax"),
            ];
            for (var k = 0; k < import.Length; k++)
            {
                var (limit, variable, sign, name) = import[k];
                if (!double.IsFinite(limit))
                {
                    continue;
                }

                // sign = +1: P + s ≥ Pmin; sign = −1: P − s ≤ Pmax.
                h.SubstationSlack[tree][k] = model.AddVariable(0, double.PositiveInfinity, $"{prefix}sub{suffix}_{name}_slack");
                var row = sign > 0
                    ? model.AddRow(limit / baseMva, double.PositiveInfinity, $"{prefix}sub{suffix}_{name}")
                    : model.AddRow(double.NegativeInfinity, limit / baseMva, $"{prefix}sub{suffix}_{name}");
                model.SetCoefficient(row, variable, 1);
                model.SetCoefficient(row, h.SubstationSlack[tree][k], sign);
                model.SetObjectiveCoefficient(h.SubstationSlack[tree][k], penalty);
            }
        }

        for (var j = 0; j < feeder.BusCount; j++)
        {
            if (feeder.IsRoot(j))
            {
                continue;
            }

            var lo = feeder.VMin[j] * feeder.VMin[j];
            var hi = feeder.VMax[j] * feeder.VMax[j];
            h.VoltageLowSlack[j] = model.AddVariable(0, double.PositiveInfinity, $"{prefix}vlo_slack_{j}");
            h.VoltageHighSlack[j] = model.AddVariable(0, double.PositiveInfinity, $"{prefix}vhi_slack_{j}");
            var window = model.AddRow(lo, hi, $"{prefix}vwindow_{j}");
            model.SetCoefficient(window, h.V[j], 1);
            model.SetCoefficient(window, h.VoltageLowSlack[j], 1);
            model.SetCoefficient(window, h.VoltageHighSlack[j], -1);
            model.SetObjectiveCoefficient(h.VoltageLowSlack[j], penalty);
            model.SetObjectiveCoefficient(h.VoltageHighSlack[j], penalty);
            var lmax = feeder.MaxCurrentSquared[j];
            if (double.IsFinite(lmax))
            {
                h.CurrentSlack[j] = model.AddVariable(0, double.PositiveInfinity, $"{prefix}l_slack_{j}");
                var limit = model.AddRow(double.NegativeInfinity, lmax, $"{prefix}lmax_{j}");
                model.SetCoefficient(limit, h.L[j], 1);
                model.SetCoefficient(limit, h.CurrentSlack[j], -1);
                model.SetObjectiveCoefficient(h.CurrentSlack[j], penalty);
            }
        }
    }
}
