namespace PlanningSolver.Cli;

/// <summary>Process exit codes, as documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The model or solver failed: infeasible, not converged where convergence is required.</summary>
    public const int SolverFailure = 1;

    /// <summary>Bad input or bad usage: a file, row or field that cannot be used, or a wrong option.</summary>
    public const int BadInput = 2;

    /// <summary>An output file could not be written (disk full, no permission); the message names the file.</summary>
    public const int OutputFailure = 3;

    /// <summary>Interrupted by Ctrl+C (SIGINT), or cancelled in-process.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM.</summary>
    public const int Terminated = 143;
}
