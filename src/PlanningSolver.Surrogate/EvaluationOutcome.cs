namespace PlanningSolver.Surrogate;

/// <summary>
/// What the external evaluator says about one point. The library minimises <see cref="Value"/>.
/// </summary>
/// <remarks>
/// <para><b>Penalty contract.</b> Black-box constraints (those only known after evaluating, such as the revenue
/// constraint or grid limits) are the caller's business: it returns <c>Value = objective + penalty</c> with
/// <c>penalty = 0</c> when every such constraint holds and <c>penalty &gt; 0</c>, growing with the size of the violation,
/// otherwise, and sets <see cref="Feasible"/> accordingly. The penalty should make any violating point worse than
/// a comparable feasible one (e.g. a fixed charge of the order of the objective plus a term proportional to the
/// violation), so the surrogate learns to steer away from violations instead of seeing a cliff.</para>
/// <para>The surrogate is fitted to <see cref="Value"/> whatever the flag; the flag only decides the reported best point
/// (the lowest value among feasible evaluations, or among all when none is feasible). A non-finite value (failed
/// simulation) is recorded as given and fitted as the largest finite value seen; it is never reported as best while a
/// finite one exists.</para>
/// </remarks>
/// <param name="Value">Objective plus penalty; lower is better.</param>
/// <param name="Feasible">True when every black-box constraint holds (penalty = 0).</param>
/// <param name="Details">Optional caller data carried through to the history and callback (cost components, status, …);
/// the library never reads it.</param>
public sealed record EvaluationOutcome(double Value, bool Feasible, object? Details = null);

/// <summary>Why a point was proposed.</summary>
public enum ProposalKind
{
    /// <summary>Part of an experimental design (initial or restart), including caller-given fixed points.</summary>
    Design,

    /// <summary>Chosen by the surrogate merit among DYCORS candidates.</summary>
    Adaptive,

    /// <summary>Chosen by the surrogate merit among one-level neighbours of the best points, after the DYCORS step has
    /// collapsed (<see cref="CollapseAction.NeighbourhoodSearch"/>).</summary>
    Neighbourhood,

    /// <summary>Chosen by the surrogate value alone among the exchanges and coordinate moves of the best points, in the
    /// last evaluations of the budget (<see cref="DycorsOptions.PolishEvaluations"/>).</summary>
    Polish,

    /// <summary>Uniformly random feasible point (random search, or a fallback when candidates run out).</summary>
    Random,

    /// <summary>Next point of the exhaustive enumeration.</summary>
    Enumeration,
}

/// <summary>A point a strategy wants evaluated.</summary>
public readonly record struct Proposal(LevelPoint Point, ProposalKind Kind);

/// <summary>One evaluation of the run, in proposal order.</summary>
/// <param name="Order">0-based position in the history (the order of proposals, not of completion).</param>
/// <param name="Batch">0-based index of the batch it was proposed and evaluated in.</param>
/// <param name="Point">The level indices.</param>
/// <param name="Values">The variable values (levels).</param>
/// <param name="Outcome">Value, feasibility flag and caller details.</param>
/// <param name="Kind">Why the strategy proposed it.</param>
/// <param name="FromArchive">True when the outcome was taken from the archive instead of calling the evaluator.</param>
public sealed record EvaluationRecord(
    int Order,
    int Batch,
    LevelPoint Point,
    IReadOnlyList<double> Values,
    EvaluationOutcome Outcome,
    ProposalKind Kind,
    bool FromArchive)
{
    public double Value => Outcome.Value;

    public bool Feasible => Outcome.Feasible;
}
