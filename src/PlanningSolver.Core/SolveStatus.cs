namespace PlanningSolver.Core;

/// <summary>How a solver run ended. Every solver returns one of these as data; none throws for a model outcome.</summary>
public enum SolveStatus
{
    /// <summary>The stop tolerance was met.</summary>
    Converged,

    /// <summary>The iteration limit was reached before the tolerance.</summary>
    IterationLimit,

    /// <summary>The time limit was reached before the tolerance.</summary>
    TimeLimit,

    /// <summary>The model has no feasible point (for example a voltage floor that cannot be met).</summary>
    Infeasible,

    /// <summary>The underlying solver failed (numerical trouble, abnormal termination).</summary>
    Failed,
}

/// <summary>Text forms of <see cref="SolveStatus"/> used in CSV and JSON outputs (stable, snake_case).</summary>
public static class SolveStatusText
{
    public static string ToText(this SolveStatus status) => status switch
    {
        SolveStatus.Converged => "converged",
        SolveStatus.IterationLimit => "iteration_limit",
        SolveStatus.TimeLimit => "time_limit",
        SolveStatus.Infeasible => "infeasible",
        SolveStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static SolveStatus Parse(string text) => text switch
    {
        "converged" => SolveStatus.Converged,
        "iteration_limit" => SolveStatus.IterationLimit,
        "time_limit" => SolveStatus.TimeLimit,
        "infeasible" => SolveStatus.Infeasible,
        "failed" => SolveStatus.Failed,
        _ => throw new FormatException($"unknown solve status '{text}'"),
    };

    /// <summary>True when the run stopped on a limit rather than on its tolerance or a model outcome.</summary>
    public static bool IsLimit(this SolveStatus status) => status is SolveStatus.IterationLimit or SolveStatus.TimeLimit;
}
