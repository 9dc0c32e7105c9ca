using System.Diagnostics;
using System.Globalization;
using Google.OrTools.LinearSolver;
using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>
/// LP outer approximation of a conic model (Kelley's cutting planes), solved with OR-Tools GLOP through the
/// incremental <see cref="Solver"/>. Each rotated cone <c>p² + q² ≤ l·v</c> is written as the Lorentz cone
/// <c>‖(p, q, (l − v)/2)‖ ≤ (l + v)/2</c>; a tangent cut of that convex, positively homogeneous function at a point
/// on the cone surface is <c>∇f·x ≤ 0</c>, valid everywhere. Each round adds cuts where the LP point violates a cone,
/// taken at the point's projection onto the surface along l (l = (p² + q²)/v), until the largest violation is below
/// the tolerance. Then a polish LP keeps exactly one tangent cut per cone at the converged point, so the LP's duals are
/// the conic KKT multipliers (the prices). Cuts stay in the model between solves (they are valid for any data), so a
/// re-solve after a load or price change starts from a tight approximation. GLOP forgets the solution after any change
/// to the model, so every value and dual is read before a cut is added.
/// </summary>
public sealed class CuttingPlaneModel : IConicModel, IDisposable
{
    private readonly Solver _solver;
    private readonly List<Variable> _variables = [];
    private readonly List<Constraint> _rows = [];
    private readonly List<ConeCuts> _cones = [];
    private readonly Objective _objective;
    private readonly List<double> _costs = [];
    private readonly string _parameters;
    private int _iterationCap;
    private double _costScale = 1;
    private bool _dualSimplex;

    /// <summary>Creates an empty model on GLOP.</summary>
    /// <param name="glopParameters">
    /// Extra GLOP parameters in protobuf text form, appended to the defaults here (feasibility tolerances 1e-10). A
    /// storage-coupled multi-period model needs <c>use_preprocessing:false</c> (design §3: GLOP returned ABNORMAL otherwise);
    /// the hourly OPF uses <see cref="OpfSolver.GlopParameters"/>.
    /// </param>
    public CuttingPlaneModel(string? glopParameters = null)
    {
        _solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools GLOP is not available");
        // Tighter than GLOP's defaults (1e-8), so cuts keep moving the point down to cone violations of ~1e-10 p.u.²
        // (with the defaults, cut rounds stalled at ~1e-9).
        _parameters = "primal_feasibility_tolerance:1e-10 dual_feasibility_tolerance:1e-10 " + glopParameters;
        if (!_solver.SetSolverSpecificParametersAsString(_parameters))
        {
            throw new ArgumentException($"GLOP rejected the parameters '{glopParameters}'", nameof(glopParameters));
        }

        _objective = _solver.Objective();
        _objective.SetMinimization();
    }

    /// <summary>
    /// Cut rounds without progress after which cutting stops and the polish decides. A round makes progress when it
    /// halves the largest violation of the round before or the smallest one so far; cutting also stops after
    /// 4 × this many rounds without a new smallest violation (a cycle).
    /// </summary>
    public const int StallRounds = 5;

    /// <summary>
    /// Solve the LPs of the second and later cut rounds with the dual simplex (the first LP of a solve and the polish
    /// keep the primal simplex). After a round adds cuts, the previous basis stays dual feasible and only the new cut
    /// rows are violated, which is the dual simplex's warm start; the primal simplex has to restore primal feasibility
    /// first. On the Dantzig–Wolfe master of a large study (Anaheim, ~1,300 rows) this took the slowest evaluation from
    /// 45.8 s to ~15 s; on the hourly OPF of paper-8 (~180 rows) it cut the simplex iterations by 16 % and the default
    /// plan by ~6 % (docs/benchmarks.md). Off by default (a bare model solves as GLOP's primal simplex would); the
    /// hourly OPF and the master turn it on.
    /// </summary>
    public bool DualSimplexAfterCuts { get; init; }

    /// <summary>
    /// LPs that GLOP did not solve to optimality from its warm start (the previous basis, after cut rows were added or
    /// rewritten) and that were solved again from scratch; for diagnostics.
    /// </summary>
    public int ColdRestarts { get; private set; }

    public int VariableCount => _variables.Count;

    public int RowCount => _rows.Count;

    public int ConeCount => _cones.Count;

    /// <summary>Total cut rows in the model (active or parked), for diagnostics.</summary>
    public int CutRowCount => _cones.Sum(c => c.Slots.Count);

    public int AddVariable(double lower, double upper, string name)
    {
        _variables.Add(_solver.MakeNumVar(lower, upper, name));
        _costs.Add(0);
        return _variables.Count - 1;
    }

    public int AddRow(double lower, double upper, string name)
    {
        _rows.Add(_solver.MakeConstraint(lower, upper, name));
        return _rows.Count - 1;
    }

    /// <summary>
    /// Coefficients of at most this magnitude are stored as zero. They are round-off: a station flow of 5.6e-17 EV/h
    /// (2⁻⁵⁴, one subtraction's error) in a Dantzig–Wolfe option made GLOP return ABNORMAL on the first LP of a master
    /// solve, warm, cold, and with its own presolve and scaling (sioux-falls, hour 7); with it dropped, the LP solves.
    /// </summary>
    public const double ZeroCoefficient = 1e-14;

    public void SetCoefficient(int row, int variable, double coefficient) =>
        _rows[row].SetCoefficient(_variables[variable], Math.Abs(coefficient) <= ZeroCoefficient ? 0 : coefficient);

    public void SetRowBounds(int row, double lower, double upper) => _rows[row].SetBounds(lower, upper);

    public void SetVariableBounds(int variable, double lower, double upper) => _variables[variable].SetBounds(lower, upper);

    public void SetObjectiveCoefficient(int variable, double coefficient)
    {
        _costs[variable] = coefficient;
        _objective.SetCoefficient(_variables[variable], coefficient * _costScale);
    }

    public int AddRotatedCone(int p, int q, int l, int v)
    {
        _cones.Add(new ConeCuts(p, q, l, v));
        return _cones.Count - 1;
    }

    /// <summary>
    /// Adds one tangent cut per cone at the given point (for cones that have no active cut yet), e.g. the power-flow
    /// point, so the first LP is bounded and close.
    /// </summary>
    public void Seed(ReadOnlySpan<double> values)
    {
        foreach (var cone in _cones)
        {
            if (cone.Active == 0)
            {
                AddCut(cone, values[cone.P], values[cone.Q], values[cone.V]);
            }
        }
    }

    /// <summary>
    /// Replaces every cone's cuts by one tangent cut at the given point (other cut rows are parked for reuse): a
    /// fresh start after the data changed, e.g. at the power flow of the new loads.
    /// </summary>
    public void Reseed(ReadOnlySpan<double> values)
    {
        foreach (var cone in _cones)
        {
            cone.ResetTo(this, values[cone.P], values[cone.Q], values[cone.V]);
        }
    }

    /// <summary>Runs cut rounds until the largest cone violation is at most <paramref name="tolerance"/>, then polishes.</summary>
    public ConicSolution Solve(double tolerance, int maxRounds, double maxSeconds = double.PositiveInfinity)
    {
        var clock = Stopwatch.StartNew();
        var log = new ConvergenceLog();
        var stop = new StopCriteria(tolerance, maxRounds, maxSeconds).Validated();
        ScaleCosts();
        double[] values;
        double objective;
        SolveStatus status;
        var round = 0;
        var best = double.PositiveInfinity;
        var bestRound = 0;
        var previous = double.PositiveInfinity;
        var progressRound = 0;
        SolveStatus? pending = null;
        while (true)
        {
            round++;
            var lp = SolveLp(dualSimplex: DualSimplexAfterCuts && round > 1);
            if (lp != Solver.ResultStatus.OPTIMAL)
            {
                return Failure(lp, log);
            }

            values = ReadValues();
            objective = _objective.Value() / _costScale;
            var violation = MaxViolation(values);
            log.Add(new IterationRecord(round, violation, double.NaN, objective, clock.Elapsed.TotalSeconds));
            if (stop.Check(violation, round, clock.Elapsed.TotalSeconds) is { } s)
            {
                status = s;
                break;
            }

            // Stall: within the LP's own tolerances a cut can no longer move the point. Let the polish decide. Kelley's
            // violations are not monotone (a cut can move the point to a cone that was nearly met), so a round that
            // halves the previous round's violation is progress too, not only a new smallest violation.
            if (violation < best * 0.5)
            {
                best = violation;
                bestRound = round;
            }

            if (violation < previous * 0.5)
            {
                progressRound = round;
            }

            previous = violation;
            if (round - Math.Max(bestRound, progressRound) >= StallRounds || round - bestRound >= 4 * StallRounds)
            {
                status = SolveStatus.IterationLimit;
                pending = status;
                break;
            }

            foreach (var cone in _cones)
            {
                if (Violation(cone, values) > tolerance)
                {
                    AddCut(cone, values[cone.P], values[cone.Q], values[cone.V]);
                }
            }
        }

        if (status == SolveStatus.Converged && _cones.All(c => c.Active <= 1))
        {
            // Already exactly one cut per cone and the point is on the cones (to the tolerance): this LP is the polish LP.
            var duals0 = ReadDuals();
            return new ConicSolution(status, objective, values, duals0, log) { MaxConeViolation = MaxViolation(values) };
        }

        // Polish: exactly one tangent cut per cone, at the converged point.
        foreach (var cone in _cones)
        {
            cone.ResetTo(this, values[cone.P], values[cone.Q], values[cone.V]);
        }

        var polish = SolveLp(dualSimplex: false);
        if (polish != Solver.ResultStatus.OPTIMAL)
        {
            return Failure(polish, log);
        }

        var polished = ReadValues();
        var duals = ReadDuals();
        var polishedObjective = _objective.Value() / _costScale;
        var polishedViolation = MaxViolation(polished);
        log.Add(new IterationRecord(round + 1, polishedViolation, double.NaN, polishedObjective, clock.Elapsed.TotalSeconds));
        if (polishedViolation <= Math.Max(tolerance, MaxViolation(values)))
        {
            values = polished;
            objective = polishedObjective;
        }

        if (pending is not null && polishedViolation <= tolerance)
        {
            status = SolveStatus.Converged;
        }

        return new ConicSolution(status, objective, values, duals, log) { MaxConeViolation = MaxViolation(values) };
    }

    public void Dispose() => _solver.Dispose();

    /// <summary>
    /// One LP. GLOP re-solves from its previous basis; after cut rows were rewritten in place (a polish or a re-seed)
    /// that basis can be singular or badly conditioned, and GLOP then returns ABNORMAL ("Error during the revised
    /// simplex algorithm") for an LP that solves from scratch. So any status but OPTIMAL is checked by a cold solve of
    /// the same LP (<see cref="Solver.Reset"/> drops the basis and the extracted model) and, should that fail too, by a
    /// cold solve with GLOP's own presolve and scaling. Every LP runs under an iteration cap of 20 × (rows + columns),
    /// far above what these LPs take (about one simplex iteration per row), so a cycling simplex ends as a failed LP
    /// instead of hanging; the cap is an iteration count, not a time, so results stay deterministic.
    /// </summary>
    private Solver.ResultStatus SolveLp(bool dualSimplex)
    {
        // Parameters are set when the model grows (cut rows are reused, so rarely) or the simplex changes; GLOP re-reads
        // them at every solve.
        var cap = 20 * (_solver.NumConstraints() + _solver.NumVariables());
        var grew = cap > _iterationCap;
        if (grew || dualSimplex != _dualSimplex)
        {
            _iterationCap = grew ? Math.Max(cap, 2 * _iterationCap) : _iterationCap;
            _dualSimplex = dualSimplex;
            SetParameters(_parameters);
        }

        var status = _solver.Solve();
        if (status == Solver.ResultStatus.OPTIMAL)
        {
            return status;
        }

        ColdRestarts++;
        _solver.Reset();
        status = _solver.Solve();
        if (status == Solver.ResultStatus.OPTIMAL)
        {
            return status;
        }

        SetParameters(_parameters + " use_preprocessing:true use_scaling:true");
        _solver.Reset();
        status = _solver.Solve();
        SetParameters(_parameters);
        return status;
    }

    private void SetParameters(string parameters)
    {
        var text = parameters + (_dualSimplex ? " use_dual_simplex:true" : "") + " max_number_of_iterations:" + _iterationCap.ToString(CultureInfo.InvariantCulture);
        if (!_solver.SetSolverSpecificParametersAsString(text))
        {
            throw new InvalidOperationException($"GLOP rejected the parameters '{text}'");
        }
    }

    private static ConicSolution Failure(Solver.ResultStatus lp, ConvergenceLog log)
    {
        var status = lp is Solver.ResultStatus.INFEASIBLE ? SolveStatus.Infeasible : SolveStatus.Failed;
        return new ConicSolution(status, double.NaN, [], [], log) { MaxConeViolation = double.NaN };
    }

    /// <summary>
    /// Gives GLOP the objective divided by a power of two near its largest coefficient, so costs are O(1) and the dual
    /// tolerance is relative to them: with the unserved-load penalty (10,000 $/MWh × base MVA = 1e5 per p.u.) and no
    /// scaling, a dual residual of 1.5e-5 (1.5e-10 relative) made GLOP return IMPRECISE. A power of two is exact, so
    /// reading back (objective and duals × 2^k) loses nothing, and equal costs give the same scale in every model.
    /// </summary>
    private void ScaleCosts()
    {
        var largest = 0.0;
        foreach (var c in _costs)
        {
            largest = Math.Max(largest, Math.Abs(c));
        }

        var scale = largest > 0 && double.IsFinite(largest) ? Math.ScaleB(1.0, -Math.ILogB(largest)) : 1.0;
        if (scale == _costScale)
        {
            return;
        }

        _costScale = scale;
        for (var i = 0; i < _costs.Count; i++)
        {
            if (_costs[i] != 0)
            {
                _objective.SetCoefficient(_variables[i], _costs[i] * scale);
            }
        }
    }

    private double[] ReadValues()
    {
        var values = new double[_variables.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _variables[i].SolutionValue();
        }

        return values;
    }

    private double[] ReadDuals()
    {
        var duals = new double[_rows.Count];
        for (var i = 0; i < duals.Length; i++)
        {
            duals[i] = _rows[i].DualValue() / _costScale;
        }

        return duals;
    }

    private double MaxViolation(double[] values)
    {
        var worst = 0.0;
        foreach (var cone in _cones)
        {
            worst = Math.Max(worst, Violation(cone, values));
        }

        return worst;
    }

    private static double Violation(ConeCuts cone, double[] x) =>
        (x[cone.P] * x[cone.P]) + (x[cone.Q] * x[cone.Q]) - (x[cone.L] * x[cone.V]);

    private void AddCut(ConeCuts cone, double p, double q, double v)
    {
        var slot = cone.Active < cone.Slots.Count ? cone.Slots[cone.Active] : null;
        if (slot is null)
        {
            slot = _solver.MakeConstraint(double.NegativeInfinity, 0.0);
            cone.Slots.Add(slot);
        }

        WriteCut(slot, cone, p, q, v);
        cone.Active++;
    }

    /// <summary>Writes the tangent cut at (p, q, l̂ = (p² + q²)/v, v) into a row and activates it.</summary>
    private void WriteCut(Constraint row, ConeCuts cone, double p, double q, double v)
    {
        v = Math.Max(v, 1e-6);
        var l = ((p * p) + (q * q)) / v;
        var a = (l - v) / 2;
        var n = Math.Sqrt((p * p) + (q * q) + (a * a));
        row.SetCoefficient(_variables[cone.P], p / n);
        row.SetCoefficient(_variables[cone.Q], q / n);
        row.SetCoefficient(_variables[cone.L], (a - n) / (2 * n));
        row.SetCoefficient(_variables[cone.V], (-a - n) / (2 * n));
        row.SetBounds(double.NegativeInfinity, 0.0);
    }

    private sealed class ConeCuts(int p, int q, int l, int v)
    {
        public int P { get; } = p;

        public int Q { get; } = q;

        public int L { get; } = l;

        public int V { get; } = v;

        /// <summary>Cut rows; the first <see cref="Active"/> are in force, the rest are parked (free bounds) for reuse.</summary>
        public List<Constraint> Slots { get; } = [];

        public int Active { get; set; }

        public void ResetTo(CuttingPlaneModel model, double p, double q, double v)
        {
            for (var i = 1; i < Active; i++)
            {
                Slots[i].SetBounds(double.NegativeInfinity, double.PositiveInfinity);
            }

            Active = 0;
            model.AddCut(this, p, q, v);
        }
    }
}
