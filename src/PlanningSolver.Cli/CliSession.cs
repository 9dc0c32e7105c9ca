using Serilog;

namespace PlanningSolver.Cli;

/// <summary>What a command's action gets: the writers for results and the logger for progress.</summary>
public sealed class CliSession(TextWriter output, TextWriter error, ILogger log, CancellationToken cancellation)
{
    /// <summary>Results (tables, JSON) go here: stdout.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Error lines go here: stderr.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Progress and diagnostics: Serilog to stderr (and to --log-file).</summary>
    public ILogger Log { get; } = log;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The command that continues this run after an interruption (set once the run's folder is open).</summary>
    public string? ResumeCommand { get; set; }
}
