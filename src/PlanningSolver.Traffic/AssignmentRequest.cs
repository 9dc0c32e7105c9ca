using PlanningSolver.Core;

namespace PlanningSolver.Traffic;

/// <summary>The search direction of the Frank-Wolfe family.</summary>
public enum AssignmentAlgorithm
{
    /// <summary>Frank-Wolfe (LeBlanc, Morlok and Pierskalla 1975): move towards the all-or-nothing point.</summary>
    FrankWolfe,

    /// <summary>Conjugate Frank-Wolfe (Mitradjieva and Lindberg 2013): the target is made Hessian-conjugate to the previous direction.</summary>
    ConjugateFrankWolfe,

    /// <summary>Bi-conjugate Frank-Wolfe (Mitradjieva and Lindberg 2013): conjugate to the two previous directions. The default.</summary>
    BiconjugateFrankWolfe,

    /// <summary>Algorithm B (Dial 2006): origin-based, one bush per (class, origin), Newton shifts between path
    /// segments (<see cref="BushAssignmentSolver"/>).</summary>
    AlgorithmB,
}

/// <summary>Text forms of <see cref="AssignmentAlgorithm"/> used on the command line and in outputs.</summary>
public static class AssignmentAlgorithmText
{
    public static string ToText(this AssignmentAlgorithm algorithm) => algorithm switch
    {
        AssignmentAlgorithm.FrankWolfe => "fw",
        AssignmentAlgorithm.ConjugateFrankWolfe => "cfw",
        AssignmentAlgorithm.BiconjugateFrankWolfe => "bfw",
        AssignmentAlgorithm.AlgorithmB => "b",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    public static bool TryParse(string? text, out AssignmentAlgorithm algorithm)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "fw":
                algorithm = AssignmentAlgorithm.FrankWolfe;
                return true;
            case "cfw":
                algorithm = AssignmentAlgorithm.ConjugateFrankWolfe;
                return true;
            case "bfw":
                algorithm = AssignmentAlgorithm.BiconjugateFrankWolfe;
                return true;
            case "b":
                algorithm = AssignmentAlgorithm.AlgorithmB;
                return true;
            default:
                algorithm = AssignmentAlgorithm.BiconjugateFrankWolfe;
                return false;
        }
    }
}

/// <summary>One solve: the period's demand per class and the stations' state, which change between calls on the same model.</summary>
/// <param name="Demand">One OD matrix per class, in <see cref="AssignmentModel.Classes"/> order, sized to the network's zones.</param>
public sealed record AssignmentRequest(IReadOnlyList<DemandMatrix> Demand)
{
    /// <summary>One state per <see cref="AssignmentModel.Sites"/> entry (power, units, price); required when a class charges.</summary>
    public IReadOnlyList<StationState>? Stations { get; init; }

    public AssignmentAlgorithm Algorithm { get; init; } = AssignmentAlgorithm.BiconjugateFrankWolfe;

    /// <summary>Stop on relative gap, iterations or seconds; missing the target is a status, not an exception.</summary>
    public StopCriteria Stop { get; init; } = DefaultStop;

    /// <summary>The one default stop rule of an assignment (also <c>assign</c>'s --gap and --max-iterations): relative gap
    /// 1e-6 or 10,000 iterations. The assignments inside the coupled evaluation have their own (CouplingOptions).</summary>
    public static StopCriteria DefaultStop { get; } = new(1e-6, 10_000);

    /// <summary>
    /// A previous result of the same model (typically the same hour in the previous coupling iteration). Used as the
    /// starting point when its demand is identical, it was not infeasible, and it puts no flow on a station that is now
    /// unavailable; otherwise the solve starts cold from an all-or-nothing load (see <see cref="AssignmentResult.WarmStarted"/>).
    /// With <see cref="AssignmentAlgorithm.AlgorithmB"/> the solver's own bushes are the starting point when this is the
    /// last result that solver returned (demand may differ: it is reloaded on the bushes); any other value starts cold.
    /// </summary>
    public AssignmentResult? WarmStart { get; init; }
}
