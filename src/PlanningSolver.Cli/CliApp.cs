using System.CommandLine;
using System.CommandLine.Invocation;
using PlanningSolver.Core;
using PlanningSolver.Planning.Output;
using Serilog;
using Serilog.Events;

namespace PlanningSolver.Cli;

/// <summary>Builds the command tree and runs one command line. Commands live one per file under Commands/.</summary>
public static class CliApp
{
    private static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log debug detail (per-iteration progress) to stderr.",
        Recursive = true,
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Log only warnings and errors to stderr.",
        Recursive = true,
    };

    private static readonly Option<string?> LogFile = new("--log-file")
    {
        Description = "Also write the log to this file (always at debug level).",
        Recursive = true,
        HelpName = "PATH",
    };

    /// <summary>Runs <paramref name="args"/> and returns the process exit code; never throws.</summary>
    /// <param name="interruptedExitCode">The exit code of a cancelled command (130 when not given); <see cref="Interruption"/>
    /// gives 143 after SIGTERM.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default, Func<int>? interruptedExitCode = null)
    {
        var root = BuildRoot(output, error, cancellation, interruptedExitCode ?? (() => ExitCodes.Interrupted));
        var parse = root.Parse(args);
        if (UsageCheck.FirstProblem(parse, args) is { } problem)
        {
            error.WriteLine($"error: {problem}");
            return ExitCodes.BadInput;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return parse.Invoke(configuration);
    }

    internal static RootCommand BuildRoot(TextWriter output, TextWriter error, CancellationToken cancellation, Func<int> interruptedExitCode)
    {
        var root = new RootCommand(
            "PlanningSolver: sizes EV fast-charging stations on a road network while respecting the distribution feeder behind them.")
        {
            Verbose,
            Quiet,
            LogFile,
        };
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new PrintVersion();
        }

        var runner = new CommandRunner(output, error, cancellation, interruptedExitCode);
        foreach (var command in CommandCatalog.Create(runner))
        {
            root.Add(command);
        }

        UsageCheck.AddRules(root);
        return root;
    }

    /// <summary>The tool's own version (the default action would report the host's when run in-process).</summary>
    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0";

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Success;
        }
    }

    /// <summary>Wraps every command action: logging set-up, the one-line error contract and exit codes.</summary>
    internal sealed class CommandRunner(TextWriter output, TextWriter error, CancellationToken cancellation, Func<int> interruptedExitCode)
    {
        public void Attach(Command command, Func<ParseResult, CliSession, int> body) =>
            command.SetAction(parse => Execute(parse, body));

        private int Execute(ParseResult parse, Func<ParseResult, CliSession, int> body)
        {
            if (parse.GetValue(LogFile) is { Length: > 0 } logFile)
            {
                try
                {
                    OutputFile.CheckLog(logFile);
                }
                catch (InputError e)
                {
                    error.WriteLine($"error: {e.Message}");
                    return ExitCodes.BadInput;
                }
            }

            using var logger = CreateLogger(parse);
            var session = new CliSession(output, error, logger, cancellation);
            try
            {
                return body(parse, session);
            }
            catch (Exception) when (cancellation.IsCancellationRequested)
            {
                // Whatever the cancellation surfaced as (possibly wrapped by a parallel loop): every file written so far
                // is complete (atomic writes), so the run can continue from them.
                error.WriteLine(session.ResumeCommand is { } resume ? $"interrupted; resume with: {resume}" : "interrupted");
                return interruptedExitCode();
            }
            catch (InputError e)
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (UsageError e)
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (OutputError e)
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.OutputFailure;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
                return ExitCodes.BadInput;
            }
            catch (Exception e)
            {
                error.WriteLine($"internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
                logger.Debug(e, "Unhandled exception");
                return ExitCodes.SolverFailure;
            }
        }

        private static Serilog.Core.Logger CreateLogger(ParseResult parse)
        {
            var level = parse.GetValue(Verbose) ? LogEventLevel.Debug
                : parse.GetValue(Quiet) ? LogEventLevel.Warning
                : LogEventLevel.Information;
            var config = new LoggerConfiguration()
                .MinimumLevel.Debug()
                .WriteTo.Console(
                    restrictedToMinimumLevel: level,
                    standardErrorFromLevel: LogEventLevel.Verbose,
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            if (parse.GetValue(LogFile) is { Length: > 0 } path)
            {
                config = config.WriteTo.File(
                    path,
                    restrictedToMinimumLevel: LogEventLevel.Debug,
                    formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }

            return config.CreateLogger();
        }
    }
}
