using System.Diagnostics;
using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>A load whose size is decided with the OPF: <c>y</c> units at a bus, each drawing <paramref name="MwPerUnit"/>
/// and <paramref name="MvarPerUnit"/>.</summary>
/// <param name="BusIndex">Bus index (order of <see cref="Feeder.Ids"/>).</param>
/// <param name="MwPerUnit">Active power per unit, MW.</param>
/// <param name="MvarPerUnit">Reactive power per unit, Mvar.</param>
/// <param name="AddedCostPerUnit">A cost per unit outside the grid (e.g. a service fee), $/h.</param>
public sealed record ResponsiveLoad(int BusIndex, double MwPerUnit, double MvarPerUnit, double AddedCostPerUnit = 0);

/// <summary>One way the responsive loads can be, as a whole, and what it costs outside the grid.</summary>
/// <param name="Units">y of each responsive load.</param>
/// <param name="Cost">Its cost outside the grid, $/h.</param>
public sealed record LoadOption(double[] Units, double Cost);

/// <summary>The cheapest mix of the options with the grid.</summary>
/// <param name="Status">Converged when the OPF and its cones are met to tolerance.</param>
/// <param name="Message">Why it did not converge, or null.</param>
/// <param name="Units">y* = Σ w_i y_i of each responsive load.</param>
/// <param name="Weights">w_i of each option (order of <see cref="ResponsiveLoadOpf.AddOption"/>), summing to 1.</param>
/// <param name="MarginalCostPerUnit">The marginal grid cost of one more unit of each load at y*, $/h per unit:
/// DLMP_p · MW per unit + DLMP_q · Mvar per unit (the balance rows' duals: where a grid limit binds, the multiplier this
/// mix selects).</param>
/// <param name="GridCostPerHour">G(y*): the OPF cost alone, $/h (unserved-load penalty included).</param>
/// <param name="Objective">Σ w_i cost_i + Σ added cost + G(y*), $/h.</param>
/// <param name="Opf">Voltages, DLMPs and branch flows at y*.</param>
/// <param name="MasterMarginalPerUnit">The same from the master LP itself, with the mix free: the prices for which the
/// used options' reduced costs vanish (the Dantzig–Wolfe duals). Where the grid is smooth at y* they equal
/// <paramref name="MarginalCostPerUnit"/> up to the polish's linearisation; at a binding limit they are the multiplier the
/// options select, which the OPF at the fixed loads cannot tell.</param>
public sealed record ResponsiveLoadResult(
    SolveStatus Status, string? Message, double[] Units, double[] Weights, double[] MarginalCostPerUnit, double GridCostPerHour, double Objective, OpfResult Opf)
{
    public double[] MasterMarginalPerUnit { get; init; } = MarginalCostPerUnit;
}

/// <summary>
/// An OPF (<see cref="DistFlowFormulation"/>) whose responsive loads are a convex combination of given options:
/// <c>min Σ w_i c_i + Σ_s a_s y_s + G(y)</c> over <c>y = Σ w_i y_i</c>, <c>Σ w_i = 1</c>, <c>w ≥ 0</c>, one SOCP. It is the
/// restricted master problem of a Dantzig–Wolfe decomposition (Dantzig &amp; Wolfe 1960) in which the options are
/// points of a convex cost <c>C(y) ≤ Σ w_i c_i</c> that a subproblem produces (for the coupled hour: traffic equilibria at
/// given charging prices, design.md §4), and the grid is exact. The duals of the balance rows give the prices of the
/// next subproblem; where a grid limit binds they are the multiplier the options select, which a fixed-load OPF at the
/// same loads cannot tell. Not thread-safe; one instance per period.
/// </summary>
public sealed class ResponsiveLoadOpf : IDisposable
{
    private readonly CuttingPlaneModel _model;
    private readonly DistFlowPeriod _period;
    private readonly IReadOnlyList<ResponsiveLoad> _loads;
    private readonly OpfOptions _options;
    private readonly double[] _p;
    private readonly double[] _q;
    private readonly int[] _units;
    private readonly int[] _link;
    private readonly int _convexity;
    private readonly int _total;
    private readonly List<int> _weights = [];
    private readonly List<LoadOption> _offered = [];
    private readonly int[] _unservedCap;
    private bool _seeded;

    public ResponsiveLoadOpf(Feeder feeder, IReadOnlyList<ResponsiveLoad> loads, OpfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(feeder);
        ArgumentNullException.ThrowIfNull(loads);
        Feeder = feeder;
        _loads = loads;
        _options = options ?? new OpfOptions();
        _model = new CuttingPlaneModel(OpfSolver.GlopParameters) { DualSimplexAfterCuts = true };
        _period = DistFlowFormulation.Add(_model, feeder, new DistFlowOptions(_options.SoftLoad, _options.UnservedPenaltyPerMwh));
        _p = [.. feeder.PLoad];
        _q = [.. feeder.QLoad];
        var n = loads.Count;
        _units = new int[n];
        _link = new int[n];
        for (var s = 0; s < n; s++)
        {
            var load = loads[s];
            if (load.BusIndex < 0 || load.BusIndex >= feeder.BusCount)
            {
                throw new ArgumentException($"responsive load {s} names bus index {load.BusIndex}, outside the feeder's {feeder.BusCount} buses");
            }

            _units[s] = _model.AddVariable(0, double.PositiveInfinity, $"y_{s}");
            _model.SetObjectiveCoefficient(_units[s], load.AddedCostPerUnit);
            _model.SetCoefficient(_period.PBalance[load.BusIndex], _units[s], -load.MwPerUnit / feeder.BaseMva);
            _model.SetCoefficient(_period.QBalance[load.BusIndex], _units[s], -load.MvarPerUnit / feeder.BaseMva);
            _link[s] = _model.AddRow(0, 0, $"mix_{s}");
            _model.SetCoefficient(_link[s], _units[s], 1);
        }

        _convexity = _model.AddRow(1, 1, "convexity");

        // Σ_s y_s, free except in a price-taking solve that holds it (SolveAtPrices' total).
        _total = _model.AddRow(double.NegativeInfinity, double.PositiveInfinity, "total");
        for (var s = 0; s < n; s++)
        {
            _model.SetCoefficient(_total, _units[s], 1);
        }

        // Soft load: what a bus cannot serve may include its responsive part, so the unserved load at a responsive bus is
        // bounded by the bus's fixed load plus its responsive loads (a row), not by the fixed load alone.
        _unservedCap = [.. Enumerable.Repeat(-1, feeder.BusCount)];
        if (_options.SoftLoad)
        {
            foreach (var bus in loads.Select(l => l.BusIndex).Distinct())
            {
                var row = _model.AddRow(double.NegativeInfinity, Math.Max(0, _p[bus]), $"unserved_cap_{bus}");
                _model.SetCoefficient(row, _period.Unserved[bus], 1);
                for (var s = 0; s < n; s++)
                {
                    if (loads[s].BusIndex == bus)
                    {
                        _model.SetCoefficient(row, _units[s], -loads[s].MwPerUnit / feeder.BaseMva);
                    }
                }

                _model.SetVariableBounds(_period.Unserved[bus], 0, double.PositiveInfinity);
                _unservedCap[bus] = row;
            }
        }
    }

    public Feeder Feeder { get; }

    /// <summary>The options added so far.</summary>
    public IReadOnlyList<LoadOption> Options => _offered;

    /// <summary>Sets the fixed part of every bus load (MW, Mvar; bus index order).</summary>
    public void SetBaseLoads(ReadOnlySpan<double> pMw, ReadOnlySpan<double> qMvar)
    {
        for (var j = 0; j < Feeder.BusCount; j++)
        {
            _p[j] = pMw[j] / Feeder.BaseMva;
            _q[j] = qMvar[j] / Feeder.BaseMva;
            DistFlowFormulation.SetLoad(_model, _period, j, _p[j], _q[j]);
            if (_unservedCap[j] >= 0)
            {
                _model.SetVariableBounds(_period.Unserved[j], 0, double.PositiveInfinity);
                _model.SetRowBounds(_unservedCap[j], double.NegativeInfinity, Math.Max(0, _p[j]));
            }
        }
    }

    /// <summary>Sets the substation energy price, $/MWh.</summary>
    public void SetPrice(double pricePerMwh) => DistFlowFormulation.SetPrice(_model, Feeder, _period, pricePerMwh);

    /// <summary>Adds an option and returns its index.</summary>
    public int AddOption(LoadOption option)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (option.Units.Length != _loads.Count || !option.Units.All(double.IsFinite) || !double.IsFinite(option.Cost))
        {
            throw new ArgumentException($"an option needs {_loads.Count} finite loads and a finite cost");
        }

        var w = _model.AddVariable(0, double.PositiveInfinity, $"w_{_weights.Count}");
        _model.SetObjectiveCoefficient(w, option.Cost);
        _model.SetCoefficient(_convexity, w, 1);
        for (var s = 0; s < _loads.Count; s++)
        {
            _model.SetCoefficient(_link[s], w, -option.Units[s]);
        }

        _weights.Add(w);
        _offered.Add(option);
        return _weights.Count - 1;
    }

    /// <summary>
    /// The OPF as a price taker: the responsive loads free within <c>[lower, upper]</c> at the given prices (the options set
    /// aside), <c>min G(y) + Σ a_s y_s − Σ p_s y_s</c>. When p is a subgradient of G + a at a point inside the bounds, that
    /// point is optimal and the balance rows' duals are p − a there, also at a kink of G, where a fixed-load OPF's duals
    /// may be any multiplier of the binding limit: this reads the DLMPs that go with given prices.
    /// With <paramref name="total"/>, the loads are also held to <c>Σ_s y_s = total</c>: the balance rows' duals are then
    /// <c>p − a + t</c> at loads inside the bounds, t the dual of that row, a common shift of every price (the prices of a
    /// demand that must be served somewhere, such as charging EVs, are set only up to such a shift by the demand side).
    /// </summary>
    public ResponsiveLoadResult SolveAtPrices(double[] pricePerUnit, double[] lower, double[] upper, double? total = null)
    {
        ArgumentNullException.ThrowIfNull(pricePerUnit);
        var n = _loads.Count;
        for (var s = 0; s < n; s++)
        {
            _model.SetRowBounds(_link[s], double.NegativeInfinity, double.PositiveInfinity);
            _model.SetVariableBounds(_units[s], Math.Max(0, lower[s]), upper[s]);
            _model.SetObjectiveCoefficient(_units[s], _loads[s].AddedCostPerUnit - pricePerUnit[s]);
        }

        _model.SetRowBounds(_convexity, double.NegativeInfinity, double.PositiveInfinity);
        if (total is { } held)
        {
            _model.SetRowBounds(_total, held, held);
        }

        foreach (var w in _weights)
        {
            _model.SetVariableBounds(w, 0, 0);
        }

        try
        {
            return Solve(priceTaking: pricePerUnit);
        }
        finally
        {
            for (var s = 0; s < n; s++)
            {
                _model.SetRowBounds(_link[s], 0, 0);
                _model.SetVariableBounds(_units[s], 0, double.PositiveInfinity);
                _model.SetObjectiveCoefficient(_units[s], _loads[s].AddedCostPerUnit);
            }

            _model.SetRowBounds(_convexity, 1, 1);
            _model.SetRowBounds(_total, double.NegativeInfinity, double.PositiveInfinity);
            foreach (var w in _weights)
            {
                _model.SetVariableBounds(w, 0, double.PositiveInfinity);
            }
        }
    }

    public ResponsiveLoadResult Solve() => Solve(priceTaking: null);

    private ResponsiveLoadResult Solve(double[]? priceTaking)
    {
        var clock = Stopwatch.StartNew();
        var n = _loads.Count;
        if (_weights.Count == 0 && priceTaking is null)
        {
            throw new InvalidOperationException("add at least one option before solving");
        }

        if (!_seeded)
        {
            // The cones' first cuts at the power flow of the first option's loads; later solves keep their cuts.
            var seed = new double[_model.VariableCount];
            var first = _offered.Count > 0 ? _offered[0].Units : new double[n];
            DistFlowFormulation.WritePowerFlowPoint(Feeder, _period, Loads(_p, first, active: true), Loads(_q, first, active: false),
                Feeder.SubstationVoltages(), seed);
            _model.Seed(seed);
            _seeded = true;
        }

        var solution = _model.Solve(_options.ConeTolerance, _options.MaxCutRounds, _options.MaxSeconds);
        double[]? master = null;
        if (Usable(solution) && priceTaking is null && _weights.Count > 1)
        {
            master = MarginalFromDuals(solution.RowDuals);
            // The polish LP linearises the grid at the converged point, which leaves the mix free to slide to a vertex of
            // the options (the cost is then linear in the weights), and its duals belong to that vertex. Solved again with
            // the weights held at the converged mix, the loads are fixed and the duals are the grid's marginal costs at them.
            var held = _weights.Select(w => solution.Values[w]).ToArray();
            for (var i = 0; i < held.Length; i++)
            {
                _model.SetVariableBounds(_weights[i], Math.Max(0, held[i]), Math.Max(0, held[i]));
            }

            var total = held.Sum(h => Math.Max(0, h));
            _model.SetRowBounds(_convexity, total, total);
            var again = _model.Solve(_options.ConeTolerance, _options.MaxCutRounds, _options.MaxSeconds);
            for (var i = 0; i < held.Length; i++)
            {
                _model.SetVariableBounds(_weights[i], 0, double.PositiveInfinity);
            }

            _model.SetRowBounds(_convexity, 1, 1);
            var first = solution.Status;
            solution = again with { Log = solution.Log };
            if (first != SolveStatus.Converged && solution.Status == SolveStatus.Converged)
            {
                solution = solution with { Status = first };
            }
        }

        if (!Usable(solution))
        {
            var empty = new OpfResult(
                solution.Status, OpfBackend.CuttingPlane, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, Feeder.Ids[0], double.NaN, 0,
                [], [], [], solution.Log, clock.Elapsed.TotalSeconds);
            return new ResponsiveLoadResult(solution.Status, $"OPF {solution.Status.ToText()} after {solution.Log.Count} cut rounds",
                new double[n], new double[_weights.Count], new double[n], double.NaN, double.NaN, empty);
        }

        var x = solution.Values;
        var units = new double[n];
        var outside = 0.0;
        for (var s = 0; s < n; s++)
        {
            units[s] = Math.Max(0, x[_units[s]]);
            outside += (_loads[s].AddedCostPerUnit - (priceTaking?[s] ?? 0)) * x[_units[s]];
        }

        var weights = _weights.Select(w => Math.Max(0, x[w])).ToArray();
        for (var i = 0; i < weights.Length; i++)
        {
            outside += weights[i] * _offered[i].Cost;
        }

        var gridCost = solution.Objective - outside;
        var opf = DistFlowReading.Read(Feeder, _period, solution, Loads(_p, units, active: true), Loads(_q, units, active: false), OpfBackend.CuttingPlane,
            gridCost, [], _options.GapWarning, clock.Elapsed.TotalSeconds);
        var marginal = new double[n];
        for (var s = 0; s < n; s++)
        {
            var bus = opf.Buses[_loads[s].BusIndex];
            marginal[s] = (bus.DlmpPPerMwh * _loads[s].MwPerUnit) + (bus.DlmpQPerMvarh * _loads[s].MvarPerUnit);
        }

        var stalled = solution.Status == SolveStatus.Converged ? null
            : $"cutting stalled after {solution.Log.Count} rounds at a largest cone violation of {Invariant.Significant(solution.MaxConeViolation, 3)} p.u.² (tolerance {Invariant.Significant(_options.ConeTolerance, 3)}): a near-optimal point, not a certified one";
        return new ResponsiveLoadResult(solution.Status, stalled, units, weights, marginal, gridCost, solution.Objective, opf) { MasterMarginalPerUnit = master ?? marginal };
    }

    public void Dispose() => _model.Dispose();

    /// <summary>A solution to read: converged, or cutting stalled short of the tolerance with a point (status
    /// <see cref="SolveStatus.IterationLimit"/>, passed on to the caller, who decides whether a near-optimal point will do).</summary>
    private static bool Usable(ConicSolution solution) =>
        solution.Status == SolveStatus.Converged || (solution.Status == SolveStatus.IterationLimit && solution.Values.Length > 0);

    /// <summary>DLMP_p · MW per unit + DLMP_q · Mvar per unit of each load from the balance rows' duals ($/h per unit).</summary>
    private double[] MarginalFromDuals(double[] duals)
    {
        var marginal = new double[_loads.Count];
        for (var s = 0; s < marginal.Length; s++)
        {
            var bus = _loads[s].BusIndex;
            marginal[s] = (duals[_period.PBalance[bus]] / Feeder.BaseMva * _loads[s].MwPerUnit) + (duals[_period.QBalance[bus]] / Feeder.BaseMva * _loads[s].MvarPerUnit);
        }

        return marginal;
    }

    /// <summary>Bus loads (p.u.): the fixed part plus the responsive loads at <paramref name="units"/>.</summary>
    private double[] Loads(double[] fixedPart, double[] units, bool active)
    {
        var loads = (double[])fixedPart.Clone();
        for (var s = 0; s < _loads.Count; s++)
        {
            loads[_loads[s].BusIndex] += (active ? _loads[s].MwPerUnit : _loads[s].MvarPerUnit) / Feeder.BaseMva * units[s];
        }

        return loads;
    }
}
