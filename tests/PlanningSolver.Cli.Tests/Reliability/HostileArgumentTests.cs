using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace PlanningSolver.Cli.Tests.Reliability;

/// <summary>
/// Property over generated command lines: built from the command tree itself (every command, every option with values
/// drawn by its type: good ones, hostile numbers, typos of option names, unknown options, stray and empty arguments,
/// <c>--</c>), each ends with exit 0, 1 (one <c>error:</c> line) or 2 with exactly one line <c>error: …</c> that names
/// one of the arguments given (the option, the value or the file) or the argument that is missing — never an internal
/// error, a stack trace or an exception out of <see cref="CliApp.Run"/>. The run is handed an already cancelled token: a
/// command line that passes every check stops where the solving starts (exit 130, counted as "stopped"), so the suite
/// tests the checks, not the solvers, and every input takes milliseconds. Each line is seeded (a failure prints it).
/// Every line runs in its own temporary working folder (<see cref="OwnWorkingFolder"/>) and every path it names is inside
/// the suite's temporary folder: before, a bool option given a hostile value left that value as a positional argument, so
/// <c>cases export ring-33-s4 --force "'"</c> exported a case into the test's working folder and
/// <c>cases export ring-33 / --force</c> (a "/" token joined to the scratch folder with Path.Combine) into the file-system root.
/// </summary>
[Collection(OwnWorkingFolder.Name)]
public sealed class HostileArgumentTests(ITestOutputHelper log)
{
    private static readonly string[] Integers = ["0", "1", "2", "3", "-1", "2147483648", "x", "1.5", "", "1e3", "٣", " 2"];

    private static readonly string[] Doubles = ["0", "1e-6", "0.5", "1", "-1", "NaN", "Infinity", "-Infinity", "1e400", "1,5", "0x10", "", "1e-320", "∞", "1.0.0"];

    private static readonly string[] Hostile = ["", " ", "-", "--", "NaN", "\u202Eevil", "Straße", "🚗", "a=b", "=", ";", "'", "\"", "..", "/", "\t", "x,y"];

    private static readonly Dictionary<string, string[]> Known = new(StringComparer.Ordinal)
    {
        ["--pricing"] = ["dlmp", "tou", "lmp", "TOU"],
        ["--algorithm"] = ["fw", "cfw", "bfw", "BFW", "newton"],
        ["--strategy"] = ["dycors", "random", "grid"],
        ["--mode"] = ["evaluate", "plan", "both"],
        ["--backend"] = ["lp", "scip", "gurobi"],
        ["--capacities"] = ["S1=350,S2=120,S3=90,S4=180,S5=60,S6=240,S7=350,S8=60", "S1=350", "S1=59,S2=60", "S9=60", "S1=350,S1=350", "S1=", "S1=NaN,S2=60"],
        ["--set"] = ["ev_share=0.5", "ev_share=0.1,0.2", "ev_share=2", "nosuch=1", "=", "ev_share=", "demand_scale=1e308", "pricing=dlmp,tou", "budget=1", "ev_share=NaN"],
        ["--shard"] = ["0/2", "1/2", "/2", "3/2", "a/b", "1/0", "-1/2"],
        ["--substation-voltage-range"] = ["0.95,1.05", "1.05,0.95", "x", "1,2,3", "NaN,1"],
        ["--uniform"] = ["60", "350", "59", "0", "-5", "NaN", "1e400"],
    };

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Generated_command_lines_end_with_a_documented_exit_code_and_at_most_one_error_line()
    {
        var count = HostileBudget.Count(300, 0.25);
        var seed = (int)HostileBudget.Seed(14);
        var root = CliApp.BuildRoot(TextWriter.Null, TextWriter.Null, CancellationToken.None, () => ExitCodes.Interrupted);
        var commands = Leaves(root, []).ToList();
        var work = Directory.CreateTempSubdirectory("ps-hostile-args-").FullName;
        var workingFolder = OwnWorkingFolder.Snapshot(Environment.CurrentDirectory);
        var template = Fixtures.Create(Path.Join(work, "fixtures"));
        int accepted = 0, rejected = 0, stopped = 0, processRuns = 0;
        var processChecks = HostileBudget.ProcessChecks;
        var failures = new List<(string Line, string Problem)>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                // The same lines in every process (HashCode.Combine is seeded per process, so the "fixed" CI lines
                // differed from run to run).
                var rnd = new System.Random(unchecked((seed * 1_000_003) + i));
                var scratch = Path.Combine(work, "run", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Directory.CreateDirectory(scratch);
                // Fixtures of the line's own: a line may write into them (cases export --force into the folder, assign
                // --flows-out over the garbage file), and the next line must not see that.
                var fixtures = template.CopyTo(Path.Join(scratch, "fixtures"));
                var (path, command) = commands[rnd.Next(commands.Count)];
                var args = Generate(rnd, path, command, fixtures, scratch);
                // A hostile token such as "/" can bind to `cases import`'s or `export`'s DIR as a positional argument.
                // The CLI refuses a folder that is not empty, but a test never runs a line that writes outside its
                // own folder, so such a line is drawn again (the same random stream, so still reproducible).
                for (var redraw = 0; redraw < 20 && Escaping(root, command, args, work) is not null; redraw++)
                {
                    args = Generate(rnd, path, command, fixtures, scratch);
                }

                var escaping = Escaping(root, command, args, work);
                Assert.True(escaping is null, $"line {i} writes to {escaping}, outside {work}: {Show(args)}");
                var cwd = Path.Join(scratch, "cwd");
                // Judged in the same folder: the check that the error line names a given path resolves it as the run did.
                var (outcome, problem) = OwnWorkingFolder.In(cwd, () =>
                {
                    var ran = RunCancelled(args);
                    return (ran, Judge(ran, args, command, ref accepted, ref rejected, ref stopped));
                });
                if (problem is null && outcome is { Code: 2 } inProcess && processChecks > 0)
                {
                    // The same line through the real executable (Program.Main, the console): same exit code, same one line.
                    processChecks--;
                    processRuns++;
                    var real = RunProcess(args, cwd); // relative paths resolve as in-process
                    var realLines = string.Join('\n', real.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith('[')));
                    problem = real.Code == 2 && realLines == inProcess.Err.Trim() ? null
                        : $"as a process: exit {real.Code}, stderr {Clip(real.Err)} (in-process: {inProcess.Err.Trim()})";
                }

                if (problem is not null)
                {
                    failures.Add((Show(args), problem));
                }

                Directory.Delete(scratch, recursive: true);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        OwnWorkingFolder.AssertUnchanged(workingFolder, $"{count} generated command lines");
        HostileBudget.Record("arguments", count, accepted, rejected, stopped, failures.Count);
        log.WriteLine($"arguments: {count} command lines, {accepted} exit 0, {rejected} exit 1/2 with one line, {stopped} stopped at the solve (exit 130), " +
            $"{processRuns} usage errors re-run as a process, {failures.Count} failures");
        foreach (var f in failures.Take(20))
        {
            log.WriteLine($"  {f.Line}: {f.Problem}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {count} command lines broke the contract:\n" +
            string.Join("\n", failures.Take(30).Select(f => $"{f.Line}: {f.Problem}")));
    }

    private static IEnumerable<(string[] Path, Command Command)> Leaves(Command command, string[] path)
    {
        var here = command is RootCommand ? path : [.. path, command.Name];
        if (command.Subcommands.Count == 0 || command is RootCommand)
        {
            yield return (here, command);
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Leaves(sub, here))
            {
                yield return leaf;
            }
        }
    }

    private static string[] Generate(System.Random rnd, string[] path, Command command, Fixtures f, string scratch)
    {
        var args = new List<string>(path);
        var options = command.Options.Where(o => !o.Name.StartsWith("-?", StringComparison.Ordinal)).ToList();
        foreach (var argument in command.Arguments)
        {
            var values = argument.Arity.MaximumNumberOfValues > 1 ? rnd.Next(0, 3) : rnd.NextDouble() < 0.85 ? 1 : 0;
            for (var v = 0; v < values; v++)
            {
                args.Add(Positional(rnd, argument.Name, command.Name, f, scratch));
            }
        }

        var optionCount = rnd.Next(0, 5);
        for (var k = 0; k < optionCount && options.Count > 0; k++)
        {
            var option = options[rnd.Next(options.Count)];
            var name = rnd.NextDouble() < 0.08 ? Typo(rnd, option.Name) : option.Name;
            if (option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool))
            {
                // A flag (System.CommandLine gives bool options an optional value): alone, or with a word that may not be a bool.
                args.Add(name);
                if (rnd.NextDouble() < 0.1)
                {
                    args.Add(Pick(rnd, ["true", "false", "maybe"]));
                }

                continue;
            }

            var value = Value(rnd, option, f, scratch);
            if (rnd.NextDouble() < 0.1)
            {
                args.Add($"{name}={value}");
            }
            else
            {
                args.Add(name);
                if (!(option.Arity.MinimumNumberOfValues == 0 && rnd.NextDouble() < 0.3) && rnd.NextDouble() > 0.04)
                {
                    args.Add(value);
                }
            }
        }

        // Noise: an unknown option, a stray token, '--', a repeated option, the global options.
        var noise = rnd.NextDouble();
        if (noise < 0.08)
        {
            args.Insert(rnd.Next(path.Length, args.Count + 1), Pick(rnd, ["--bogus", "-x", "--", "---", "--Json", "--out=", "-vq"]));
        }
        else if (noise < 0.14)
        {
            // A stray token may become the DIR of cases export or import, or the value of an --out given without one: keep
            // it inside the scratch folder there, and a rooted one ("/") everywhere.
            var token = Pick(rnd, Hostile);
            var inside = (path is ["cases", "export" or "import"] && token.Trim().Length > 0) || Path.IsPathRooted(token);
            args.Insert(rnd.Next(path.Length, args.Count + 1), inside ? Path.Join(scratch, token) : token);
        }
        else if (noise < 0.2)
        {
            args.Add(Pick(rnd, ["--verbose", "--quiet", "-q", "--log-file", "--help", "--version", "-h"]));
            if (args[^1] == "--log-file")
            {
                args.Add(rnd.NextDouble() < 0.5 ? Path.Combine(scratch, "log.txt") : Pick(rnd, [f.ExistingDir, "", Path.Combine(f.GarbageFile, "x.log")]));
            }
        }

        // Outputs never land in the working folder: plan, sweep and merge default to out/ there.
        if (path is ["plan"] or ["sweep"] or ["merge"] && !args.Contains("--out") && !args.Any(a => a.StartsWith("--out=", StringComparison.Ordinal)))
        {
            args.Add("--out");
            args.Add(Path.Combine(scratch, "out"));
        }

        if (rnd.NextDouble() < 0.7 && !args.Contains("-v") && !args.Contains("--verbose"))
        {
            args.Add("-q");
        }

        return [.. args];
    }

    private static string Positional(System.Random rnd, string name, string command, Fixtures f, string scratch)
    {
        if (rnd.NextDouble() < 0.12)
        {
            // A folder to write (cases export/import DIR) is a hostile name inside the scratch folder, never in the working folder.
            var token = Pick(rnd, Hostile);
            return name == "DIR" && command is "export" or "import" && token.Trim().Length > 0 ? Path.Join(scratch, token) : token;
        }

        return (name, command) switch
        {
            ("CASE", _) => Pick(rnd, ["ring-33-s4", "ring-33-s4", "ring-33", f.CaseDir, "nosuch", f.ExistingDir, f.GarbageFile, "RING-33"]),
            ("NET", _) => Pick(rnd, [f.Net, f.Net, f.Trips, f.GarbageFile, f.ExistingDir, Path.Combine(scratch, "missing.tntp")]),
            ("TRIPS", _) => Pick(rnd, [f.Trips, f.Trips, f.Net, f.GarbageFile, Path.Combine(scratch, "missing.tntp")]),
            ("FEEDER", _) => Pick(rnd, [f.Feeder, f.Feeder, f.GarbageFile, f.ExistingDir, f.Net]),
            ("NAME", _) => Pick(rnd, ["ring-33", "ring-33-s4", "nosuch", "../ring-33"]),
            ("DIR", "merge") => Pick(rnd, [f.ExistingDir, Path.Combine(scratch, "missing"), f.GarbageFile, f.CaseDir]),
            ("DIR", _) => Pick(rnd, [Path.Combine(scratch, "export"), Path.Combine(scratch, "export"), f.ExistingDir, f.GarbageFile, Path.Combine(f.GarbageFile, "sub")]),
            _ => Pick(rnd, Hostile),
        };
    }

    private static string Value(System.Random rnd, Option option, Fixtures f, string scratch)
    {
        // Folders a command may write into are hostile names inside the scratch folder, never in the working folder (a run
        // folder named like a built-in case there would shadow the case for every later test in this process).
        if (option.Name is "--out" or "--resume" or "--log-file")
        {
            var token = Pick(rnd, Hostile);
            return rnd.NextDouble() < 0.1 ? token.Trim().Length == 0 ? token : Path.Join(scratch, token) : Path.Combine(scratch, "out");
        }

        if (Known.TryGetValue(option.Name, out var known) && rnd.NextDouble() < 0.8)
        {
            return Pick(rnd, known);
        }

        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        if (type == typeof(int))
        {
            return Pick(rnd, Integers);
        }

        if (type == typeof(double))
        {
            return Pick(rnd, Doubles);
        }

        if (type == typeof(FileInfo))
        {
            return Pick(rnd, [Path.Combine(scratch, "file.csv"), f.GarbageFile, f.ExistingDir, Path.Combine(f.GarbageFile, "x.csv"), "", f.CaseDir + "/stations.csv"]);
        }

        if (type == typeof(DirectoryInfo))
        {
            return Pick(rnd, [Path.Combine(scratch, "out"), Path.Combine(scratch, "out"), f.GarbageFile, Path.Combine(f.GarbageFile, "sub"), f.ExistingDir, ""]);
        }

        return Pick(rnd, Hostile);
    }

    /// <summary>The options whose value is a path the command writes to.</summary>
    private static readonly HashSet<string> WrittenOptions = ["--out", "--resume", "--log-file", "--flows-out", "--log-out"];

    /// <summary>
    /// A path the line writes to (the value of an output option, cases export's or import's DIR, as the parser binds them)
    /// that is absolute and outside <paramref name="work"/>, or null. Before, Path.Combine(scratch, "/") gave "/": such a
    /// token as an output folder wrote into the file-system root. Relative paths resolve in the line's own working folder.
    /// </summary>
    private static string? Escaping(RootCommand root, Command command, string[] args, string work)
    {
        var parse = root.Parse(args);
        var options = command.Options.Concat(root.Options).Where(o => WrittenOptions.Contains(o.Name)).Select(o => (SymbolResult?)parse.GetResult(o));
        var folders = command.Name is "export" or "import" ? command.Arguments.Where(a => a.Name == "DIR").Select(a => (SymbolResult?)parse.GetResult(a)) : [];
        return options.Concat(folders).OfType<SymbolResult>().SelectMany(r => r.Tokens).Select(t => t.Value)
            .FirstOrDefault(v => Path.IsPathRooted(v) && !Path.GetFullPath(v).StartsWith(work + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    private static string Typo(System.Random rnd, string name)
    {
        var body = name.TrimStart('-');
        if (body.Length < 2)
        {
            return name + "x";
        }

        var at = rnd.Next(body.Length);
        return rnd.Next(3) switch
        {
            0 => "--" + body.Remove(at, 1),
            1 => "--" + body.Insert(at, body[at].ToString()),
            _ => "-" + body,
        };
    }

    private static string Pick(System.Random rnd, string[] pool) => pool[rnd.Next(pool.Length)];

    private static (int Code, string Out, string Err)? RunCancelled(string[] args)
    {
        var task = Task.Run(() =>
        {
            try
            {
                using var cancelled = new CancellationTokenSource();
                cancelled.Cancel();
                var output = new StringWriter();
                var error = new StringWriter();
                var code = CliApp.Run(args, output, error, cancelled.Token);
                return (code, output.ToString(), error.ToString());
            }
            catch (Exception e)
            {
                return (-1, "", $"UNCAUGHT {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        });
        return task.Wait(Timeout) ? task.Result : null;
    }

    private static (int Code, string Err) RunProcess(string[] args, string workingFolder)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "planning-solver.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = workingFolder };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var err = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-2, "hang");
        }

        return (process.ExitCode, err.Result);
    }

    private static string? Judge((int Code, string Out, string Err)? outcome, string[] args, Command command, ref int accepted, ref int rejected, ref int stopped)
    {
        if (outcome is not { } o)
        {
            return "hang (no answer within the timeout)";
        }

        if (o.Code == -1 || o.Err.Contains("internal error", StringComparison.Ordinal) || o.Err.Contains("   at ", StringComparison.Ordinal))
        {
            return $"exit {o.Code}: {Clip(o.Err)}";
        }

        var lines = o.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('[')) // Serilog progress lines of a run without -q
            .ToArray();
        switch (o.Code)
        {
            case 0:
                accepted++;
                return null;
            case 130:
                stopped++;
                return lines.Length <= 1 ? null : $"exit 130 with {lines.Length} stderr lines: {Clip(o.Err)}";
            case 1 or 2:
                break;
            default:
                return $"exit code {o.Code}: {Clip(o.Err)}";
        }

        if (lines.Length != 1 || !lines[0].StartsWith("error: ", StringComparison.Ordinal))
        {
            return $"exit {o.Code} with {lines.Length} stderr lines: {Clip(o.Err)}";
        }

        if (o.Code == 2 && !NamesSomethingGiven(lines[0], args, command))
        {
            return $"exit 2 line names none of the arguments: {lines[0]}";
        }

        rejected++;
        return null;
    }

    /// <summary>The line quotes a token of the command line (≥ 2 characters, or a file name in it), or names an argument
    /// or option of the command (the one that is missing).</summary>
    private static bool NamesSomethingGiven(string line, string[] args, Command command)
    {
        var tokens = args.Where(a => a.Trim().Length >= 2)
            .SelectMany(a => new[] { a, a.Split('=', 2)[0], Path.GetFileName(a.TrimEnd('/')) })
            .Concat(command.Arguments.Select(a => a.Name))
            .Concat(command.Options.Select(o => o.Name))
            .Where(t => t.Length >= 2);
        return tokens.Any(t => line.Contains(t, StringComparison.Ordinal))
            || args.Any(a => a.Length > 0 && (line.StartsWith($"error: {a}", StringComparison.Ordinal) || line.Contains(FullPath(a), StringComparison.Ordinal)))
            || Regex.IsMatch(line, "'[^']*'");
    }

    private static string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (ArgumentException)
        {
            return path;
        }
    }

    private static string Show(string[] args) => string.Join(' ', args.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a));

    private static string Clip(string text) => text.Length <= 300 ? text.Trim() : text[..300].Trim() + " …";

    /// <summary>Files the command lines point at: a case folder, TNTP and MATPOWER files, a garbage file, a folder.</summary>
    private sealed record Fixtures(string Root, string CaseDir, string Net, string Trips, string Feeder, string GarbageFile, string ExistingDir)
    {
        /// <summary>A copy of these fixtures in <paramref name="folder"/> (file copies: much faster than creating them again).</summary>
        public Fixtures CopyTo(string folder)
        {
            foreach (var file in Directory.GetFiles(Root, "*", SearchOption.AllDirectories))
            {
                var target = Path.Join(folder, Path.GetRelativePath(Root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            string Moved(string path) => Path.Join(folder, Path.GetRelativePath(Root, path));
            return new Fixtures(folder, Moved(CaseDir), Moved(Net), Moved(Trips), Moved(Feeder), Moved(GarbageFile), Moved(ExistingDir));
        }

        public static Fixtures Create(string work)
        {
            Directory.CreateDirectory(work);
            var caseDir = Path.Combine(work, "case");
            var (code, _, err) = Cli.Run("cases", "export", "ring-33-s4", caseDir, "-q");
            Assert.True(code == 0, err);
            var net = Path.Combine(work, "net.tntp");
            var trips = Path.Combine(work, "trips.tntp");
            var feeder = Path.Combine(work, "feeder.m");
            File.WriteAllText(net, HostileInputTests.SyntheticNet);
            File.WriteAllText(trips, HostileInputTests.SyntheticTrips);
            File.WriteAllText(feeder, HostileInputTests.SyntheticFeeder);
            var garbage = Path.Combine(work, "garbage.bin");
            File.WriteAllBytes(garbage, [0xFF, 0xFE, 0x00, 0x41, 0x0A, 0x2C, 0x2C]);
            var dir = Path.Combine(work, "folder");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "note.txt"), "not a case\n");
            return new Fixtures(work, caseDir, net, trips, feeder, garbage, dir);
        }
    }
}
