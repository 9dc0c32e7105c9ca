namespace PlanningSolver.Core;

/// <summary>When an iterative solver stops: on its tolerance, an iteration limit or a wall-clock limit, whichever comes first.</summary>
/// <param name="Tolerance">Convergence measure at or below which the run is converged (relative gap, residual, …).</param>
/// <param name="MaxIterations">Iteration limit.</param>
/// <param name="MaxSeconds">Wall-clock limit in seconds; <see cref="double.PositiveInfinity"/> for none.</param>
public sealed record StopCriteria(double Tolerance, int MaxIterations, double MaxSeconds = double.PositiveInfinity)
{
    /// <summary>Decides the status after an iteration, or null to go on.</summary>
    public SolveStatus? Check(double measure, int iteration, double elapsedSeconds)
    {
        if (measure <= Tolerance)
        {
            return SolveStatus.Converged;
        }

        if (iteration >= MaxIterations)
        {
            return SolveStatus.IterationLimit;
        }

        return elapsedSeconds >= MaxSeconds ? SolveStatus.TimeLimit : null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a limit is negative, zero or NaN.</summary>
    public StopCriteria Validated()
    {
        if (!(Tolerance >= 0) || double.IsNaN(Tolerance))
        {
            throw new ArgumentException($"tolerance must be >= 0, got {Tolerance}");
        }

        if (MaxIterations <= 0)
        {
            throw new ArgumentException($"iteration limit must be > 0, got {MaxIterations}");
        }

        if (!(MaxSeconds > 0))
        {
            throw new ArgumentException($"time limit must be > 0 seconds, got {MaxSeconds}");
        }

        return this;
    }
}
