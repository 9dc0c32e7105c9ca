using System.Diagnostics;
using Google.OrTools.ModelBuilder;
using Google.Protobuf;
using OperationsResearch;
using PlanningSolver.Core;
using SolveStatus = PlanningSolver.Core.SolveStatus;

namespace PlanningSolver.Power;

/// <summary>
/// The cross-check backend: the same conic model as an <see cref="MPModelProto"/> whose cones are
/// <see cref="MPQuadraticConstraint"/> general constraints (<c>p² + q² − l·v ≤ 0</c>), written to a temporary binary
/// file, loaded with <see cref="ModelBuilderHelper.ReadModelFromProtoFile"/> and solved by SCIP through
/// <see cref="ModelSolverHelper"/> — the one route from .NET to a solver that accepts the cones (design §3). SCIP
/// reports no duals here, so prices are NaN. Roughly 30–50 times slower than the cutting-plane backend.
/// </summary>
public sealed class ScipConicModel : IConicModel
{
    private readonly List<(double Lower, double Upper, string Name)> _variables = [];
    private readonly List<(double Lower, double Upper, string Name)> _rows = [];
    private readonly List<SortedDictionary<int, double>> _terms = [];
    private readonly Dictionary<int, double> _objective = [];
    private readonly List<(int P, int Q, int L, int V)> _cones = [];

    public int VariableCount => _variables.Count;

    public int RowCount => _rows.Count;

    /// <summary>SCIP feasibility tolerance (also for the quadratic constraints); tighter than SCIP's 1e-6 default.</summary>
    public double FeasibilityTolerance { get; init; } = 1e-9;

    public int AddVariable(double lower, double upper, string name)
    {
        _variables.Add((lower, upper, name));
        return _variables.Count - 1;
    }

    public int AddRow(double lower, double upper, string name)
    {
        _rows.Add((lower, upper, name));
        _terms.Add([]);
        return _rows.Count - 1;
    }

    public void SetCoefficient(int row, int variable, double coefficient) => _terms[row][variable] = coefficient;

    public void SetRowBounds(int row, double lower, double upper) => _rows[row] = (lower, upper, _rows[row].Name);

    public void SetVariableBounds(int variable, double lower, double upper) => _variables[variable] = (lower, upper, _variables[variable].Name);

    public void SetObjectiveCoefficient(int variable, double coefficient) => _objective[variable] = coefficient;

    public int AddRotatedCone(int p, int q, int l, int v)
    {
        _cones.Add((p, q, l, v));
        return _cones.Count - 1;
    }

    /// <summary>Builds the proto of the current model.</summary>
    public MPModelProto ToProto()
    {
        var proto = new MPModelProto { Maximize = false, Name = "distflow_socp" };
        for (var i = 0; i < _variables.Count; i++)
        {
            var (lo, hi, name) = _variables[i];
            proto.Variable.Add(new MPVariableProto
            {
                LowerBound = lo,
                UpperBound = hi,
                Name = name,
                ObjectiveCoefficient = _objective.GetValueOrDefault(i),
            });
        }

        for (var r = 0; r < _rows.Count; r++)
        {
            var (lo, hi, name) = _rows[r];
            var row = new MPConstraintProto { LowerBound = lo, UpperBound = hi, Name = name };
            foreach (var (variable, coefficient) in _terms[r])
            {
                row.VarIndex.Add(variable);
                row.Coefficient.Add(coefficient);
            }

            proto.Constraint.Add(row);
        }

        for (var c = 0; c < _cones.Count; c++)
        {
            var (p, q, l, v) = _cones[c];
            var quadratic = new MPQuadraticConstraint { LowerBound = double.NegativeInfinity, UpperBound = 0.0 };
            quadratic.Qvar1Index.Add([p, q, l]);
            quadratic.Qvar2Index.Add([p, q, v]);
            quadratic.Qcoefficient.Add([1.0, 1.0, -1.0]);
            proto.GeneralConstraint.Add(new MPGeneralConstraintProto { Name = $"cone_{c}", QuadraticConstraint = quadratic });
        }

        return proto;
    }

    /// <summary>Solves with SCIP; returns primal values and NaN duals.</summary>
    public ConicSolution Solve(double maxSeconds = double.PositiveInfinity)
    {
        var clock = Stopwatch.StartNew();
        var log = new ConvergenceLog();
        var path = Path.Combine(Path.GetTempPath(), $"planning-solver-opf-{Environment.ProcessId}-{Guid.NewGuid():N}.pb");
        try
        {
            File.WriteAllBytes(path, ToProto().ToByteArray());
            using var model = new ModelBuilderHelper();
            if (!model.ReadModelFromProtoFile(path))
            {
                throw new InvalidOperationException("OR-Tools could not read the SCIP model file " + path);
            }

            using var solver = new ModelSolverHelper("scip");
            if (!solver.SolverIsSupported())
            {
                throw new InvalidOperationException("SCIP is not available in this OR-Tools build");
            }

            var tolerance = FeasibilityTolerance.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            solver.SetSolverSpecificParameters($"numerics/feastol = {tolerance}\nlimits/gap = 0\n");
            if (double.IsFinite(maxSeconds))
            {
                solver.SetTimeLimitInSeconds(maxSeconds);
            }

            solver.Solve(model);
            var status = !solver.HasResponse() ? SolveStatus.Failed : solver.Status() switch
            {
                Google.OrTools.ModelBuilder.SolveStatus.OPTIMAL => SolveStatus.Converged,
                Google.OrTools.ModelBuilder.SolveStatus.FEASIBLE => SolveStatus.TimeLimit,
                Google.OrTools.ModelBuilder.SolveStatus.INFEASIBLE => SolveStatus.Infeasible,
                _ => SolveStatus.Failed,
            };
            if (!solver.HasSolution())
            {
                log.Add(new IterationRecord(1, double.NaN, double.NaN, double.NaN, clock.Elapsed.TotalSeconds));
                return new ConicSolution(status == SolveStatus.Converged ? SolveStatus.Failed : status, double.NaN, [], [], log) { MaxConeViolation = double.NaN };
            }

            var values = new double[_variables.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = solver.VariableValue(i);
            }

            var violation = 0.0;
            foreach (var (p, q, l, v) in _cones)
            {
                violation = Math.Max(violation, (values[p] * values[p]) + (values[q] * values[q]) - (values[l] * values[v]));
            }

            var objective = solver.ObjectiveValue();
            log.Add(new IterationRecord(1, violation, double.NaN, objective, clock.Elapsed.TotalSeconds));
            var duals = new double[_rows.Count];
            Array.Fill(duals, double.NaN);
            return new ConicSolution(status, objective, values, duals, log) { MaxConeViolation = violation };
        }
        finally
        {
            File.Delete(path);
        }
    }
}
