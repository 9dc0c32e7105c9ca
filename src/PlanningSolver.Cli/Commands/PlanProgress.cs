using System.Diagnostics;
using PlanningSolver.Core;
using PlanningSolver.Planning.Optimization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PlanningSolver.Cli.Commands;

/// <summary>
/// Progress of a plan run: a live bar (evaluations done, best cost so far, elapsed, estimate) when stderr is a
/// terminal, plain log lines every 10 seconds otherwise (CI logs, cluster jobs). The time left is estimated from the
/// evaluations this process computed, never from reused ones (a resumed run replays its recorded evaluations at once).
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
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SecondsLeftColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                _task = ctx.AddTask("evaluating plans", maxValue: _total ?? 1);
                _task.State.Update<double>(SecondsLeftColumn.Key, _ => double.NaN);
                try
                {
                    return body();
                }
                finally
                {
                    _console.Cursor.Show(true); // also when interrupted: never leave the terminal without its cursor
                }
            });
    }

    /// <summary>
    /// Seconds left: the time per evaluation computed by this process (elapsed over <paramref name="fresh"/>) times the
    /// evaluations still to do; null before the first computed evaluation. Reused evaluations count as neither.
    /// </summary>
    public static double? SecondsLeft(double elapsedSeconds, int fresh, int remaining) =>
        fresh > 0 && remaining >= 0 ? elapsedSeconds / fresh * remaining : null;

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
        var elapsed = _clock.Elapsed.TotalSeconds;
        var left = _total is { } n ? SecondsLeft(elapsed, _done - _reused, n - _done) : null;
        if (_task is not null)
        {
            _task.MaxValue = _total ?? Math.Max(_done, 1);
            _task.Value = _done;
            _task.Description = $"{_done}{(_total is { } t ? "/" + Invariant.Format(t) : "")} plans, best {best}";
            _task.State.Update<double>(SecondsLeftColumn.Key, _ => left ?? double.NaN);
            return;
        }

        if (elapsed - _lastLog >= LogEverySeconds || _done == _total)
        {
            _lastLog = elapsed;
            var estimate = left is { } seconds ? $", about {Invariant.Format(seconds, 0)} s left" : "";
            _session.Log.Information("{Done}{Total} evaluations ({Reused} reused), best {Best}, {Elapsed:0} s elapsed{Estimate}",
                _done, _total is { } total ? "/" + Invariant.Format(total) : "", _reused, best, elapsed, estimate);
        }
    }

    public void Dispose() => _task?.StopTask();
}

/// <summary>The live bar's time-left column, from <see cref="PlanProgress.SecondsLeft"/> (Spectre's own column divides by
/// the speed of all progress, reused evaluations included, and so underestimates after a resume).</summary>
internal sealed class SecondsLeftColumn : ProgressColumn
{
    public const string Key = "seconds_left";

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var seconds = task.State.Get<double>(Key);
        var text = task.IsFinished ? "done" : double.IsFinite(seconds) ? TimeSpan.FromSeconds(Math.Round(seconds)).ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture) + " left" : "--:--:--";
        return new Text(text, new Style(Color.Blue));
    }
}
