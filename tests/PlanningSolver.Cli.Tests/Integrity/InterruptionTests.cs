namespace PlanningSolver.Cli.Tests.Integrity;

/// <summary>
/// Issue 13, "a clean stop": a real SIGINT or SIGTERM during plan, sweep or evaluate stops the run with its files consistent, one
/// line saying how to resume, exit code 130 or 143, and the run resumes to completion. Before, the process died with no
/// message.
/// </summary>
public sealed class InterruptionTests
{
    [Fact]
    public void Sigint_during_plan_stops_cleanly_and_the_run_resumes()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-signal-").FullName, "out");
        var evaluations = Path.Combine(folder, "evaluations.csv");
        using var process = CliProcess.Start(["plan", "ring-33", "--evaluations", "30", "--pricing", "tou", "--threads", "1", "-q", "--out", folder]);
        CliProcess.WaitUntil(() => File.Exists(evaluations) && File.ReadAllLines(evaluations).Length >= 3, process);
        var ignored = CliProcess.IgnoredSignals(process);
        CliProcess.Signal(process, CliProcess.Sigint);
        var (code, _, err) = CliProcess.Finish(process);

        Assert.True(code == 130, $"exit {code}, signals ignored by the CLI process: {ignored}");
        Assert.Equal($"interrupted; resume with: planning-solver plan --resume {folder}", err.Trim());
        var kept = CliProcess.CheckedRows(evaluations);
        Assert.InRange(kept, 2, 29);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp*"));
        Assert.False(File.Exists(Path.Combine(folder, Planning.Output.RunLock.FileName)), "the lock is released");

        var (resumed, output, resumeErr) = Cli.Run("plan", "--resume", folder, "-q", "--json");
        Assert.True(resumed == 0, resumeErr);
        Assert.Equal(30 - kept, System.Text.Json.Nodes.JsonNode.Parse(output)!["new_evaluations"]!.GetValue<int>());
        Assert.Equal(30, CliProcess.CheckedRows(evaluations));
    }

    /// <summary>The terminal sequences (DECTCEM) that hide and show the cursor; the live progress bar hides it.</summary>
    private const string HideCursor = "\u001b[?25l";
    private const string ShowCursor = "\u001b[?25h";

    [Fact]
    public void Sigint_while_the_progress_bar_is_drawn_on_a_terminal_shows_the_cursor_again()
    {
        // Before issue 13 the process died on Ctrl-C with the cursor hidden. On a terminal (a pseudo-terminal here, so
        // the test needs none) the bar hides the cursor; after the signal the last hide must be followed by a show.
        var root = Directory.CreateTempSubdirectory("ps-signal-").FullName;
        var folder = Path.Combine(root, "out");
        var pidFile = Path.Combine(root, "cli.pid");
        var evaluations = Path.Combine(folder, "evaluations.csv");
        using var process = CliProcess.StartOnTerminal(["plan", "ring-33", "--evaluations", "30", "--pricing", "tou", "--threads", "1", "--out", folder], pidFile);
        var screen = new System.Text.StringBuilder();
        var reader = new Thread(() =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = process.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (screen)
                {
                    screen.Append(buffer, 0, n);
                }
            }
        });
        reader.Start();
        string Screen()
        {
            lock (screen)
            {
                return screen.ToString();
            }
        }

        CliProcess.WaitUntil(() => File.Exists(evaluations) && File.ReadAllLines(evaluations).Length >= 3 && Screen().Contains(HideCursor, StringComparison.Ordinal), process);
        var cli = System.Diagnostics.Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        CliProcess.Signal(cli, CliProcess.Sigint);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(300)), "the CLI did not end within 300 s");
        reader.Join(TimeSpan.FromSeconds(30));
        var output = Screen();

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode} (script(1) returns the CLI's): {process.StandardError.ReadToEnd()}{output[^Math.Min(400, output.Length)..]}");
        Assert.Contains($"interrupted; resume with: planning-solver plan --resume {folder}", output, StringComparison.Ordinal);
        var hidden = output.LastIndexOf(HideCursor, StringComparison.Ordinal);
        Assert.True(hidden >= 0, "the progress bar was not drawn (no cursor hide on the terminal)");
        Assert.True(output.IndexOf(ShowCursor, hidden, StringComparison.Ordinal) > hidden, "the cursor is still hidden after the interrupt: no show sequence after the last hide");
    }

    [Fact]
    public void Sigterm_during_sweep_stops_cleanly_and_the_sweep_resumes()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-signal-").FullName, "out");
        var results = Path.Combine(folder, "results.csv");
        string[] args = ["sweep", "ring-33", "--set", "ev_share=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8", "--pricing", "tou", "--threads", "1", "-q", "--out", folder];
        using var process = CliProcess.Start(args);
        CliProcess.WaitUntil(() => File.Exists(results), process);
        CliProcess.Signal(process, CliProcess.Sigterm);
        var (code, _, err) = CliProcess.Finish(process);

        Assert.Equal(143, code);
        Assert.Equal("interrupted; resume with: planning-solver " + string.Join(" ", args), err.Trim());
        var done = File.ReadAllLines(results).Length - 1;
        Assert.InRange(done, 1, 7);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp*"));

        var (again, output, againErr) = Cli.Run(args);
        Assert.True(again == 0, againErr);
        Assert.StartsWith($"{8 - done} points run, 8 of 8", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigterm_during_evaluate_stops_cleanly_leaving_no_partial_results()
    {
        // run.json is written (and the folder locked) before anything is solved: the signal lands in the evaluation.
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-signal-").FullName, "out");
        string[] args = ["evaluate", "ring-33", "--uniform", "--threads", "1", "-q", "--out", folder];
        using var process = CliProcess.Start(args);
        CliProcess.WaitUntil(() => File.Exists(Path.Combine(folder, "run.json")), process);
        CliProcess.Signal(process, CliProcess.Sigterm);
        var (code, output, err) = CliProcess.Finish(process);

        Assert.True(code == 143, $"exit {code}: {err}");
        Assert.Equal("interrupted", err.Trim());
        Assert.Equal("", output);
        Assert.Equal(["run.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(folder, Planning.Output.RunLock.FileName)), "the lock is released");

        // The same command then completes into the folder.
        var (again, _, againErr) = Cli.Run(args);
        Assert.True(again == 0, againErr);
        Assert.True(File.Exists(Path.Combine(folder, "summary.json")));
    }

    [Fact]
    public void The_time_left_after_a_resume_counts_only_new_evaluations()
    {
        // A resumed run of 16: 8 evaluations replayed at once, then 2 new ones in 2 s: 6 left at 1 s each = 6 s.
        // Counting the replayed ones as work done (the bar's speed before) gave 2 s / 10 × 6 = 1.2 s.
        Assert.Equal(6.0, Commands.PlanProgress.SecondsLeft(2.0, fresh: 2, remaining: 6));
        Assert.Null(Commands.PlanProgress.SecondsLeft(0.1, fresh: 0, remaining: 8));
    }
}
