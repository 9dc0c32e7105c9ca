namespace PlanningSolver.Power;

/// <summary>
/// The small modelling interface the DistFlow formulation is written against (design §8): linear rows, variable
/// bounds, a linear objective (minimised) and rotated second-order cones. Implemented by the LP cutting-plane backend
/// (<see cref="CuttingPlaneModel"/>, GLOP) and by the SCIP cross-check backend (<see cref="ScipConicModel"/>).
/// Indices are dense and returned in creation order, so a caller can add its own variables and rows (e.g. storage
/// charge/discharge linked to the balance rows of several periods) next to the ones the formulation creates.
/// </summary>
public interface IConicModel
{
    int VariableCount { get; }

    int RowCount { get; }

    /// <summary>Adds a variable with bounds (infinities allowed) and returns its index.</summary>
    int AddVariable(double lower, double upper, string name);

    /// <summary>Adds a linear row <c>lower ≤ Σ a·x ≤ upper</c> with no terms yet and returns its index.</summary>
    int AddRow(double lower, double upper, string name);

    /// <summary>Sets (replaces) one coefficient of a row.</summary>
    void SetCoefficient(int row, int variable, double coefficient);

    void SetRowBounds(int row, double lower, double upper);

    void SetVariableBounds(int variable, double lower, double upper);

    /// <summary>Sets (replaces) the objective coefficient of a variable; the objective is minimised.</summary>
    void SetObjectiveCoefficient(int variable, double coefficient);

    /// <summary>Adds the rotated cone <c>p² + q² ≤ l·v</c> (l, v ≥ 0) and returns its index.</summary>
    int AddRotatedCone(int p, int q, int l, int v);
}

/// <summary>What a backend returns: status, primal values (by variable index), row duals (NaN when the backend has none).</summary>
/// <param name="Status">How the solve ended.</param>
/// <param name="Objective">Objective value.</param>
/// <param name="Values">Primal value of each variable.</param>
/// <param name="RowDuals">Dual of each row: change of the objective per unit increase of the row's right-hand side.</param>
/// <param name="Log">One record per LP solved (cut round), or one for a single solve.</param>
public sealed record ConicSolution(PlanningSolver.Core.SolveStatus Status, double Objective, double[] Values, double[] RowDuals, PlanningSolver.Core.ConvergenceLog Log)
{
    /// <summary>Largest cone violation <c>p² + q² − l·v</c> at the returned point.</summary>
    public double MaxConeViolation { get; init; }
}
