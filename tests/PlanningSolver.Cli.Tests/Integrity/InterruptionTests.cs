namespace PlanningSolver.Cli.Tests.Integrity;

/// <summary>
/// Issue 13, "a clean stop": a real SIGINT or SIGTERM during plan, sweep, evaluate or v2g stops the run with its files
/// consistent (no temporary file, the lock released), one line on stderr (saying how to resume where the run can be
/// resumed), exit code 130 or 143, and the run then completes. Before, the process died with no message; v2g finished its
/// OPFs whatever the signal (exit 0).
/// </summary>
public sealed class InterruptionTests
{
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

    /// <summary>Every long-running command under each signal: the exit code a shell reports for it (128 + signal number).</summary>
    public static TheoryData<string, int> CommandsAndSignals()
    {
        var data = new TheoryData<string, int>();
        foreach (var command in new[] { "plan", "sweep", "evaluate", "v2g" })
        {
            data.Add(command, CliProcess.Sigint);
            data.Add(command, CliProcess.Sigterm);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommandsAndSignals))]
    public void A_signal_stops_the_command_cleanly_and_the_run_completes_afterwards(string command, int signal)
    {
        var root = Directory.CreateTempSubdirectory("ps-signal-").FullName;
        try
        {
            var run = Interrupted.Of(command, root);
            using var process = CliProcess.Start(run.Args);
            CliProcess.WaitUntil(run.Started, process);
            var ignored = CliProcess.IgnoredSignals(process);
            CliProcess.Signal(process, signal);
            var (code, output, err) = CliProcess.Finish(process);

            Assert.True(code == 128 + signal, $"{command}: exit {code}, signals ignored by the CLI process: {ignored}; stderr: {err}");
            Assert.Equal(run.Message, err.Trim());
            Assert.Equal("", output);
            Assert.Empty(Directory.GetFiles(run.Folder, "*.tmp*"));
            Assert.Empty(Directory.GetFiles(run.Folder, ".*"));
            Assert.False(File.Exists(Path.Combine(run.Folder, Planning.Output.RunLock.FileName)), "the lock is released");
            run.CheckStopped();

            var (again, againOutput, againErr) = Cli.Run(run.Continue);
            Assert.True(again == 0, $"{string.Join(" ", run.Continue)}: {againErr}");
            run.CheckCompleted(againOutput);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// One command to interrupt: its arguments, the moment to send the signal (mid-computation, with work left), the one
    /// stderr line it must print, what its folder holds then, and the command that completes it afterwards.
    /// </summary>
    private sealed record Interrupted(string[] Args, string Folder, Func<bool> Started, string Message, Action CheckStopped, string[] Continue, Action<string> CheckCompleted)
    {
        private const int Evaluations = 16;
        private static readonly string[] EvShares = ["0.1", "0.2", "0.3", "0.4"];

        public static Interrupted Of(string command, string root)
        {
            var folder = Path.Combine(root, "out");
            string File(string name) => Path.Combine(folder, name);
            string[] Names() => Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
            switch (command)
            {
                case "plan":
                    {
                        // Signalled after two evaluations are recorded; the resume evaluates only the rest.
                        var evaluations = File("evaluations.csv");
                        var kept = 0;
                        return new(
                            ["plan", "ring-33", "--evaluations", $"{Evaluations}", "--pricing", "tou", "--threads", "1", "-q", "--out", folder], folder,
                            () => System.IO.File.Exists(evaluations) && System.IO.File.ReadAllLines(evaluations).Length >= 3,
                            $"interrupted; resume with: planning-solver plan --resume {folder}",
                            () =>
                            {
                                kept = CliProcess.CheckedRows(evaluations);
                                Assert.InRange(kept, 2, Evaluations - 1);
                                Assert.Equal(["evaluations.csv", "run.json"], Names());
                            },
                            ["plan", "--resume", folder, "-q", "--json"],
                            output =>
                            {
                                Assert.Equal(Evaluations - kept, System.Text.Json.Nodes.JsonNode.Parse(output)!["new_evaluations"]!.GetValue<int>());
                                Assert.Equal(Evaluations, CliProcess.CheckedRows(evaluations));
                            });
                    }

                case "sweep":
                    {
                        // Signalled once the first point is in results.csv; the same command then runs only the others.
                        var results = File("results.csv");
                        string[] args = ["sweep", "ring-33", "--set", "ev_share=" + string.Join(",", EvShares), "--pricing", "tou", "--threads", "1", "-q", "--out", folder];
                        var done = 0;
                        return new(
                            args, folder,
                            () => System.IO.File.Exists(results),
                            "interrupted; resume with: planning-solver " + string.Join(" ", args),
                            () =>
                            {
                                done = System.IO.File.ReadAllLines(results).Count(l => l.Length > 0) - 1; // the capacities column holds quoted commas
                                Assert.InRange(done, 1, EvShares.Length - 1);
                                Assert.Equal(["results.csv", "run.json", "sweep.json"], Names());
                            },
                            args,
                            output => Assert.StartsWith($"{EvShares.Length - done} points run, {EvShares.Length} of {EvShares.Length}", output, StringComparison.Ordinal));
                    }

                case "evaluate":
                    {
                        // run.json is written (and the folder locked) before anything is solved: the signal lands in the evaluation.
                        string[] args = ["evaluate", "ring-33", "--uniform", "--pricing", "tou", "--threads", "1", "-q", "--out", folder];
                        return new(
                            args, folder,
                            () => System.IO.File.Exists(File("run.json")),
                            "interrupted",
                            () => Assert.Equal(["run.json"], Names()),
                            args,
                            _ => Assert.True(System.IO.File.Exists(File("summary.json"))));
                    }

                case "v2g":
                    {
                        // Signalled when the log says the storage-coupled OPFs have started (after the coupled evaluation):
                        // the phase that ran to its end whatever the signal before.
                        var log = Path.Combine(root, "v2g.log");
                        string[] args = ["v2g", "ring-33", "--uniform", "--pricing", "tou", "--threads", "1", "-q", "--out", folder];
                        return new(
                            [.. args, "--log-file", log], folder,
                            () => System.IO.File.Exists(log) && ReadShared(log).Contains("Solving the storage-coupled", StringComparison.Ordinal),
                            "interrupted",
                            () => Assert.DoesNotContain("v2g_hourly.csv", Names()),
                            args,
                            _ => Assert.Contains("v2g_hourly.csv", Names()));
                    }

                default:
                    throw new ArgumentOutOfRangeException(nameof(command), command, "no interruption scenario");
            }
        }

        /// <summary>The text of a file another process holds open for writing (the CLI's --log-file).</summary>
        private static string ReadShared(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
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
