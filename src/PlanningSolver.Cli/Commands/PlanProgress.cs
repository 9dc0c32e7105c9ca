using System.Diagnostics;
using PlanningSolver.Core;
using PlanningSolver.Planning.Optimization;
using Spectre.Console;

namespace PlanningSolver.Cli.Commands;

/// <summary>
/// Progress of a plan run: a live bar (evaluations done, best cost so far, elapsed, estimate) when stderr is a
/// terminal, plain log lines every 10 seconds otherwise (CI logs, cluster jobs).
/// </summary>
internal sealed class PlanProgress : IDisposable
{
    private const double LogEverySeconds = 10;
    private readonly CliSession _session;
    private readonly int? _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IAnsiConsole? _console;
    private ProgressTask? _task;
    private int _done;
    private int _reused;
    private double _best = double.PositiveInfinity;
    private double _lastLog;

    private PlanProgress(CliSession session, int? total, IAnsiConsole? console)
    {
        _session = session;
        _total = total;
        _console = console;
    }

    public static PlanProgress Start(CliSession session, int? total)
    {
        var live = !Console.IsErrorRedirected && session.Error == Console.Error && Environment.GetEnvironmentVariable("CI") is null;
        var console = live ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : null;
        return new PlanProgress(session, total, console);
    }

    public T Run<T>(Func<T> body)
    {
        if (_console is null)
        {
            return body();
        }

        return _console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                _task = ctx.AddTask("evaluating plans", maxValue: _total ?? 1);
                return body();
            });
    }

    public void Report(PlanEvaluation row, bool reused)
    {
        _done++;
        if (reused)
        {
            _reused++;
        }

        if (row.Feasible && row.Merit < _best)
        {
            _best = row.Merit;
        }

        var best = double.IsFinite(_best) ? Invariant.Format(_best, 0) + " USD/day" : "none feasible yet";
        if (_task is not null)
        {
            _task.MaxValue = _total ?? Math.Max(_done, 1);
            _task.Value = _done;
            _task.Description = $"{_done}{(_total is { } t ? "/" + Invariant.Format(t) : "")} plans, best {best}";
            return;
        }

        var elapsed = _clock.Elapsed.TotalSeconds;
        if (elapsed - _lastLog >= LogEverySeconds || _done == _total)
        {
            _lastLog = elapsed;
            var fresh = _done - _reused;
            var estimate = _total is { } n && fresh > 0 ? $", about {Invariant.Format(elapsed / fresh * (n - _done), 0)} s left" : "";
            _session.Log.Information("{Done}{Total} evaluations ({Reused} reused), best {Best}, {Elapsed:0} s elapsed{Estimate}",
                _done, _total is { } total ? "/" + Invariant.Format(total) : "", _reused, best, elapsed, estimate);
        }
    }

    public void Dispose() => _task?.StopTask();
}
