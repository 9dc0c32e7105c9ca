using System.Diagnostics;
using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>
/// One period's SOCP branch-flow OPF (<see cref="DistFlowFormulation"/>), built once and re-solved cheaply: set the
/// loads and the price, call <see cref="Solve"/>, read voltages and DLMPs. With the default cutting-plane backend the
/// GLOP model and its cuts are kept, so a re-solve after a small load change usually takes one or two LPs. Not
/// thread-safe; use one instance per period (see <see cref="MultiPeriodOpf"/>).
/// </summary>
public sealed class OpfSolver : IDisposable
{
    private readonly IConicModel _model;
    private readonly DistFlowPeriod _period;
    private readonly double[] _p;
    private readonly double[] _q;
    private readonly DistFlowOptions _formulation;
    private double _price;
    private readonly double[] _vsLo;
    private readonly double[] _vsHi;
    private bool _seeded;
    private bool _changed;

    public OpfSolver(Feeder feeder, OpfOptions? options = null)
        : this(feeder, options ?? new OpfOptions(), elastic: false)
    {
    }

    private OpfSolver(Feeder feeder, OpfOptions options, bool elastic)
    {
        ArgumentNullException.ThrowIfNull(feeder);
        Feeder = feeder;
        Options = options;
        _model = options.Backend == OpfBackend.Scip && !elastic ? new ScipConicModel() : new CuttingPlaneModel(GlopParameters) { DualSimplexAfterCuts = true };
        _formulation = new DistFlowOptions(options.SoftLoad, options.UnservedPenaltyPerMwh, ElasticLimits: elastic);
        _period = DistFlowFormulation.Add(_model, feeder, _formulation);
        _p = [.. feeder.PLoad];
        _q = [.. feeder.QLoad];
        _price = feeder.Trees[0].EnergyPricePerMwh;
        _vsLo = [.. feeder.Trees.Select(t => t.SubstationVMinPu)];
        _vsHi = [.. feeder.Trees.Select(t => t.SubstationVMaxPu)];
    }

    /// <summary>
    /// GLOP parameters of the hourly model (appended to <see cref="CuttingPlaneModel"/>'s defaults): no scaling, so the
    /// 1e-10 feasibility tolerance holds in p.u. With GLOP's scaling the unscaled point violated cut rows by up to
    /// 2e-8 (GLOP's own "max primal infeasibility 1.7e-08", accepted as optimal), above the 1e-9 cone tolerance: cut
    /// rounds repeated the same violation until the stall rule ended them (iteration_limit; up to 23 % of the solves on
    /// case69 with two generators), or GLOP ended IMPRECISE ("needed cost perturbation is too large", status failed).
    /// The costs are scaled instead (<see cref="CuttingPlaneModel"/>), and GLOP's scaling is the last fallback of a
    /// failed LP. No presolve either, so each LP starts from the previous one's basis: with GLOP's presolve every LP after
    /// a cut or load change was solved from scratch (Anaheim's two feeders, 208 cones: ~450 simplex iterations and 25 ms per
    /// LP); without it, ~120 iterations and 8 ms, and an Anaheim evaluation takes ~40 % less time (docs/benchmarks.md,
    /// "Warm-started OPF LPs"). The primal simplex, not the dual: with the dual simplex the LPs were faster still, but two
    /// coupled-evaluation tests failed (a settled price off a fresh OPF's one-sided derivative by more than 1e-4 USD/kWh).
    /// </summary>
    public const string GlopParameters = "use_scaling:false use_preprocessing:false";

    public Feeder Feeder { get; }

    public OpfOptions Options { get; }

    /// <summary>The underlying model and its variable/row indices, for callers that extend the formulation.</summary>
    public IConicModel Model => _model;

    public DistFlowPeriod Period => _period;

    /// <summary>The current substation energy price, $/MWh (the first feeder's default until <see cref="SetPrice"/>).</summary>
    public double PricePerMwh => _price;

    /// <summary>Sets every bus load (MW, Mvar; bus index order as in <see cref="Feeder.Ids"/>).</summary>
    public void SetLoads(ReadOnlySpan<double> pMw, ReadOnlySpan<double> qMvar)
    {
        if (pMw.Length != Feeder.BusCount || qMvar.Length != Feeder.BusCount)
        {
            throw new ArgumentException($"load vectors must have {Feeder.BusCount} entries (one per bus)");
        }

        for (var j = 0; j < pMw.Length; j++)
        {
            SetLoad(j, pMw[j], qMvar[j]);
        }
    }

    /// <summary>Sets one bus load (MW, Mvar) by bus index.</summary>
    public void SetLoad(int bus, double pMw, double qMvar)
    {
        if (!double.IsFinite(pMw) || !double.IsFinite(qMvar))
        {
            throw new ArgumentException($"load at bus {Feeder.Ids[bus]} must be finite, got {pMw} MW, {qMvar} Mvar");
        }

        var p = pMw / Feeder.BaseMva;
        var q = qMvar / Feeder.BaseMva;
        if (p == _p[bus] && q == _q[bus])
        {
            return;
        }

        _p[bus] = p;
        _q[bus] = q;
        _changed = true;
        DistFlowFormulation.SetLoad(_model, _period, bus, p, q);
    }

    /// <summary>Scales every base load of the feeder by <paramref name="factor"/>.</summary>
    public void ScaleBaseLoads(double factor)
    {
        for (var j = 0; j < Feeder.BusCount; j++)
        {
            SetLoad(j, Feeder.PLoad[j] * factor * Feeder.BaseMva, Feeder.QLoad[j] * factor * Feeder.BaseMva);
        }
    }

    /// <summary>Sets the substation energy price, $/MWh.</summary>
    public void SetPrice(double pricePerMwh)
    {
        if (!double.IsFinite(pricePerMwh))
        {
            throw new ArgumentException($"price must be finite, got {pricePerMwh}");
        }

        _price = pricePerMwh;
        DistFlowFormulation.SetPrice(_model, Feeder, _period, pricePerMwh);
    }

    /// <summary>Sets the substation voltage range (p.u.) of every feeder; equal bounds fix it.</summary>
    public void SetSubstationVoltage(double lowPu, double highPu)
    {
        if (!(lowPu > 0) || !(highPu >= lowPu))
        {
            throw new ArgumentException($"substation voltage range must satisfy 0 < lo <= hi, got {lowPu}..{highPu}");
        }

        Array.Fill(_vsLo, lowPu);
        Array.Fill(_vsHi, highPu);
        foreach (var root in Feeder.Roots)
        {
            _model.SetVariableBounds(_period.V[root], lowPu * lowPu, highPu * highPu);
        }
    }

    /// <summary>Solves at the current loads and price. Infeasibility is a status with the violated limits, never an exception.</summary>
    public OpfResult Solve()
    {
        var clock = Stopwatch.StartNew();
        var solution = SolveModel();
        if (solution.Status == SolveStatus.Infeasible && Options.DiagnoseInfeasibility && !_formulation.ElasticLimits)
        {
            return Diagnose(solution.Log, clock);
        }

        return Assemble(solution, [], clock.Elapsed.TotalSeconds);
    }

    public void Dispose()
    {
        if (_model is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private ConicSolution SolveModel()
    {
        switch (_model)
        {
            case CuttingPlaneModel lp:
                if (!_seeded)
                {
                    lp.Seed(SeedPoint());
                    _seeded = true;
                }
                else if (_changed)
                {
                    // New loads: restart the cuts at the new power-flow point (exact when nothing is controllable).
                    lp.Reseed(SeedPoint());
                }

                _changed = false;

                return lp.Solve(Options.ConeTolerance, Options.MaxCutRounds, Options.MaxSeconds);
            case ScipConicModel scip:
                return scip.Solve(Options.MaxSeconds);
            default:
                throw new InvalidOperationException("unknown backend");
        }
    }

    /// <summary>The exact power-flow point at the current loads, as model values.</summary>
    private double[] SeedPoint()
    {
        var x = new double[_model.VariableCount];
        var vs = Feeder.Trees.Select((t, k) => Math.Clamp(t.SubstationVoltagePu, _vsLo[k], _vsHi[k])).ToArray();
        DistFlowFormulation.WritePowerFlowPoint(Feeder, _period, _p, _q, vs, x);
        return x;
    }

    private OpfResult Diagnose(ConvergenceLog firstLog, Stopwatch clock)
    {
        using var elastic = new OpfSolver(Feeder, Options with { Backend = OpfBackend.CuttingPlane, DiagnoseInfeasibility = false }, elastic: true);
        elastic.SetLoads(_p.Select(p => p * Feeder.BaseMva).ToArray(), _q.Select(q => q * Feeder.BaseMva).ToArray());
        elastic.SetPrice(_price);
        for (var k = 0; k < Feeder.Trees.Count; k++)
        {
            elastic._vsLo[k] = _vsLo[k];
            elastic._vsHi[k] = _vsHi[k];
            elastic._model.SetVariableBounds(elastic._period.V[Feeder.Roots[k]], _vsLo[k] * _vsLo[k], _vsHi[k] * _vsHi[k]);
        }

        var solution = elastic.SolveModel();
        var violations = new List<LimitViolation>();
        if (solution.Values.Length > 0)
        {
            const double Threshold = 1e-8;
            var h = elastic._period;
            var x = solution.Values;
            for (var j = 0; j < Feeder.BusCount; j++)
            {
                if (Feeder.IsRoot(j))
                {
                    continue;
                }

                var v = Math.Sqrt(Math.Max(0, x[h.V[j]]));
                if (x[h.VoltageLowSlack[j]] > Threshold)
                {
                    violations.Add(new LimitViolation("voltage_min", Feeder.Ids[j], null, Feeder.VMin[j], v));
                }

                if (x[h.VoltageHighSlack[j]] > Threshold)
                {
                    violations.Add(new LimitViolation("voltage_max", Feeder.Ids[j], null, Feeder.VMax[j], v));
                }

                if (h.CurrentSlack[j] >= 0 && x[h.CurrentSlack[j]] > Threshold)
                {
                    violations.Add(new LimitViolation(
                        "current_max", Feeder.Ids[j], Feeder.Ids[Feeder.Parent(j)], Math.Sqrt(Feeder.MaxCurrentSquared[j]), Math.Sqrt(Math.Max(0, x[h.L[j]]))));
                }
            }

            for (var tree = 0; tree < Feeder.Trees.Count; tree++)
            {
                var data = Feeder.Trees[tree];
                var import = new[]
                {
                    ("substation_p_min", data.SubstationPMinMw, x[h.SubstationP[tree]]),
                    ("substation_p_max", data.SubstationPMaxMw, x[h.SubstationP[tree]]),
                    ("substation_q_min", data.SubstationQMinMvar, x[h.SubstationQ[tree]]),
                    ("substation_q_max", data.SubstationQMaxMvar, x[h.SubstationQ[tree]]),
                };
                for (var k = 0; k < import.Length; k++)
                {
                    var (kind, limit, value) = import[k];
                    if (h.SubstationSlack[tree][k] >= 0 && x[h.SubstationSlack[tree][k]] > Threshold)
                    {
                        violations.Add(new LimitViolation(kind, Feeder.Ids[Feeder.Roots[tree]], null, limit, value * Feeder.BaseMva));
                    }
                }
            }
        }

        // Order: worst first (largest shortfall), then bus id, so the message leads with the binding end of the feeder.
        violations.Sort((a, b) =>
        {
            var c = Math.Abs(b.Limit - b.Closest).CompareTo(Math.Abs(a.Limit - a.Closest));
            return c != 0 ? c : a.BusId.CompareTo(b.BusId);
        });
        foreach (var record in solution.Log.Records)
        {
            firstLog.Add(record with { Iteration = firstLog.Count + 1 });
        }

        var diagnosed = solution.Values.Length > 0
            ? elastic.Assemble(solution with { RowDuals = [.. solution.RowDuals.Select(_ => double.NaN)] }, violations, 0)
            : null;
        return new OpfResult(
            SolveStatus.Infeasible,
            Options.Backend,
            double.NaN,
            diagnosed?.SubstationMw ?? double.NaN,
            diagnosed?.SubstationMvar ?? double.NaN,
            diagnosed?.LossesMw ?? double.NaN,
            diagnosed?.LossesMvar ?? double.NaN,
            diagnosed?.VMinPu ?? double.NaN,
            diagnosed?.VMinBus ?? Feeder.Ids[0],
            diagnosed?.MaxRelaxationGap ?? double.NaN,
            0,
            diagnosed?.Buses ?? [],
            diagnosed?.Branches ?? [],
            violations,
            firstLog,
            clock.Elapsed.TotalSeconds);
    }

    private OpfResult Assemble(ConicSolution solution, IReadOnlyList<LimitViolation> violations, double seconds)
    {
        var n = Feeder.BusCount;
        var baseMva = Feeder.BaseMva;
        var h = _period;
        if (solution.Values.Length == 0)
        {
            return new OpfResult(
                solution.Status, Options.Backend, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, Feeder.Ids[0], double.NaN, 0,
                [], [], violations, solution.Log, seconds);
        }

        return DistFlowReading.Read(Feeder, h, solution, _p, _q, Options.Backend, solution.Objective, violations, Options.GapWarning, seconds);
    }
}
