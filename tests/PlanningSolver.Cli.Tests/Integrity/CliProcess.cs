using System.Diagnostics;

namespace PlanningSolver.Cli.Tests.Integrity;

/// <summary>The CLI as a separate process (what a user runs), for what an in-process run cannot show: signals, locks
/// held by another process, resource limits.</summary>
internal static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "planning-solver.dll");

    /// <summary>Starts <c>dotnet planning-solver.dll ARGS</c> (or <paramref name="shell"/> with the command appended)
    /// with stdout and stderr captured.</summary>
    public static Process Start(IEnumerable<string> args, string? shell = null)
    {
        // Through env(1) with SIGINT and SIGTERM set back to their default: a process started with a signal ignored
        // (dotnet test's build nodes run test hosts so, and the CLI inherits it) gets no handler from the .NET runtime
        // for it, so a test's SIGINT did nothing (exit 0 after the whole run in full-suite runs).
        var info = shell is null ? new ProcessStartInfo("env") : new ProcessStartInfo("bash");
        if (shell is null)
        {
            info.ArgumentList.Add("--default-signal=INT,TERM");
            info.ArgumentList.Add("dotnet");
            info.ArgumentList.Add(Dll);
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }
        }
        else
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(shell + " exec env --default-signal=INT,TERM dotnet " + string.Join(" ", new[] { Dll }.Concat(args).Select(a => "'" + a + "'")));
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["CI"] = "1";
        info.Environment["DOTNET_EnableWriteXorExecute"] = "0"; // no double-mapped code pages: the runtime then starts under ulimit -f
        return Process.Start(info)!;
    }

    /// <summary>
    /// Starts the CLI on a pseudo-terminal, as a user at a terminal runs it: script(1) (util-linux, in every Debian
    /// system) gives it a terminal for stdin, stdout and stderr and copies what it writes there to its own stdout,
    /// which is captured. CI is unset and TERM set, so the CLI draws its live progress bar. The CLI's process id is
    /// written to <paramref name="pidFile"/> (the shell writes its own, then execs the CLI in its place), for signals.
    /// </summary>
    public static Process StartOnTerminal(IEnumerable<string> args, string pidFile)
    {
        var command = $"echo $$ > {Quote(pidFile)}; exec env --default-signal=INT,TERM dotnet " + string.Join(" ", new[] { Dll }.Concat(args).Select(Quote));
        var info = new ProcessStartInfo("script");
        foreach (var a in new[] { "--quiet", "--flush", "--return", "--command", command, "/dev/null" })
        {
            info.ArgumentList.Add(a);
        }

        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment.Remove("CI");
        info.Environment["TERM"] = "xterm-256color";
        info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        return Process.Start(info)!;

        static string Quote(string a) => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Waits for the process to end (at most <paramref name="seconds"/>, then kills it and fails).</summary>
    public static (int Code, string Out, string Err) Finish(Process process, int seconds = 300)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the CLI did not end within {seconds} s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polling), failing after <paramref name="seconds"/>.</summary>
    public static void WaitUntil(Func<bool> condition, Process process, int seconds = 120)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited)
            {
                Assert.Fail($"the CLI ended (exit {process.ExitCode}) before the awaited moment: {process.StandardError.ReadToEnd()}");
            }

            Assert.True(clock.Elapsed.TotalSeconds < seconds, $"gave up waiting after {seconds} s");
            Thread.Sleep(50);
        }
    }

    public const int Sigint = 2;

    public const int Sigterm = 15;

    /// <summary>The process's ignored-signal mask (SigIgn of /proc/PID/status), for a failure message.</summary>
    public static string IgnoredSignals(Process process)
    {
        try
        {
            return File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) ?? "unknown";
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    /// <summary>Sends a POSIX signal to the process (kill(2)).</summary>
    public static void Signal(Process process, int signal) => Assert.Equal(0, Kill(process.Id, signal));

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Data rows of a CSV file (header excluded), failing when a row has another field count than the header.</summary>
    public static int CheckedRows(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var fields = lines[0].Split(',').Length;
        Assert.All(lines, l => Assert.Equal(fields, l.Split(',').Length));
        return lines.Count - 1;
    }
}
