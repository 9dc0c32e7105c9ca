using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using PlanningSolver.Testing;
using Xunit.Abstractions;

namespace PlanningSolver.Cli.Tests.Reliability;

/// <summary>One mutation of one input file: which file, what to do, where, and the payload (all small integers, so a failure reads and replays).</summary>
public sealed record Mutation(string File, MutationKind Kind, int Line, int Column, int Payload)
{
    public override string ToString() => $"{Kind} of {File} (line #{Line}, column #{Column}, payload {Payload})";
}

public enum MutationKind
{
    Truncate,
    SwapValues,
    HostileValue,
    Unicode,
    EmptyFile,
    HeaderOnly,
    DuplicateHeader,
    DropColumn,
    ShuffleColumns,
    DeleteLine,
    DuplicateLine,
    ExtraField,
    UnterminatedQuote,
    RandomBytes,
    RandomFile,
    DeleteFile,
}

/// <summary>
/// Property: whatever the mutation, the command ends with exit 0 (no NaN/Infinity in stdout), or exit 2 (1 where the command
/// documents a solver failure) with exactly one stderr line naming the file (and line and column where it applies) — never an
/// internal error, a stack trace or a hang. Mutations are drawn by FsCheck generators with a fixed seed, so every CI run tries
/// the same inputs; a failure prints the mutation that caused it. Every run has its own temporary working folder
/// (<see cref="OwnWorkingFolder"/>), which must stay empty: these commands write nothing without an output option.
/// </summary>
[Collection(OwnWorkingFolder.Name)]
public sealed class HostileInputTests(ITestOutputHelper log)
{
    private static readonly string[] HostileTokens =
    [
        "NaN", "nan", "Inf", "-Inf", "Infinity", "-Infinity", "∞", "1e308", "1e309", "-1e308", "1e-320", "-1", "-0", "0",
        "99999999999999999999999999", "2147483648", "-2147483649", "1,000", "", " ", "0x10", "1.5.3", "١٢٣", "−1", "+5", "1e",
        "true", "null", "'", "\"", ";", "=", "a b", "9.999999999999999e307",
    ];

    private static readonly string[] UnicodeTokens = ["Straße", "🚗", "\u200B", "\u202Eevil", "é", "\uFEFF1", "Ω", "\u0000", "\t"];

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static Gen<Mutation> Mutations(string[] files) =>
        from file in Gen.Elements(files)
        from kind in Gen.Elements(Enum.GetValues<MutationKind>())
        from line in Gen.Choose(0, 400)
        from column in Gen.Choose(0, 40)
        from payload in Gen.Choose(0, 1_000_000)
        select new Mutation(file, kind, line, column, payload);

    private static List<Mutation> Sample(string[] files, int count, ulong seed) =>
        [.. Gen.Sample(Mutations(files), count, new Rnd(seed), 30)];

    [Fact]
    public void Mutated_case_folders_validate_or_fail_with_one_line_naming_file_line_and_column()
    {
        var original = Directory.CreateTempSubdirectory("ps-hostile-case-").FullName;
        var (code, _, err) = Cli.Run("cases", "export", "ring-33", Path.Combine(original, "c"), "-q");
        Assert.True(code == 0, err);
        var source = Path.Combine(original, "c");
        var files = Directory.GetFiles(source).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        var report = Fuzz("validate", Sample(files, HostileBudget.Count(400, 0.38), HostileBudget.Seed(8)), source, dir => ["validate", dir, "-q"], allowSolverFailure: false);
        Finish(report);
    }

    /// <summary>The same mutations through a whole evaluation (one TOU pass, one thread): what validates must also evaluate
    /// to a finite result or fail with a status and one line (1 s or more per input, hence few in CI).</summary>
    [Fact]
    public void Mutated_case_folders_evaluate_or_fail_with_one_line()
    {
        var original = Directory.CreateTempSubdirectory("ps-hostile-eval-").FullName;
        var (code, _, err) = Cli.Run("cases", "export", "ring-33", Path.Combine(original, "c"), "-q");
        Assert.True(code == 0, err);
        var source = Path.Combine(original, "c");
        var files = Directory.GetFiles(source).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        var report = Fuzz("evaluate", Sample(files, HostileBudget.Count(8, 0.02), HostileBudget.Seed(12)), source,
            dir => ["evaluate", dir, "--uniform", "--pricing", "tou", "--threads", "1", "-q"], allowSolverFailure: true);
        Finish(report);
    }

    [Fact]
    public void Mutated_synthetic_tntp_files_assign_or_fail_with_one_line()
    {
        var source = Directory.CreateTempSubdirectory("ps-hostile-tntp-").FullName;
        File.WriteAllText(Path.Combine(source, "net.tntp"), SyntheticNet);
        File.WriteAllText(Path.Combine(source, "trips.tntp"), SyntheticTrips);
        var report = Fuzz("assign (synthetic)", Sample(["net.tntp", "trips.tntp"], HostileBudget.Count(200, 0.15), HostileBudget.Seed(9)), source,
            dir => ["assign", Path.Combine(dir, "net.tntp"), Path.Combine(dir, "trips.tntp"), "--max-iterations", "3", "-q"], allowSolverFailure: true);
        Finish(report);
    }

    [SharedDataFact("tntp/SiouxFalls/SiouxFalls_net.tntp", "tntp/SiouxFalls/SiouxFalls_trips.tntp")]
    public void Mutated_sioux_falls_files_assign_or_fail_with_one_line()
    {
        var source = Directory.CreateTempSubdirectory("ps-hostile-sioux-").FullName;
        File.Copy(SharedData.Path("tntp/SiouxFalls/SiouxFalls_net.tntp"), Path.Combine(source, "SiouxFalls_net.tntp"));
        File.Copy(SharedData.Path("tntp/SiouxFalls/SiouxFalls_trips.tntp"), Path.Combine(source, "SiouxFalls_trips.tntp"));
        var report = Fuzz("assign (SiouxFalls)", Sample(["SiouxFalls_net.tntp", "SiouxFalls_trips.tntp"], HostileBudget.Count(100, 0.05), HostileBudget.Seed(10)), source,
            dir => ["assign", Path.Combine(dir, "SiouxFalls_net.tntp"), Path.Combine(dir, "SiouxFalls_trips.tntp"), "--max-iterations", "3", "-q"],
            allowSolverFailure: true);
        Finish(report);
    }

    [Fact]
    public void Mutated_matpower_files_solve_or_fail_with_one_line()
    {
        var source = Directory.CreateTempSubdirectory("ps-hostile-m-").FullName;
        var name = "case.m";
        if (SharedData.Has("matpower/case33bw.m"))
        {
            File.Copy(SharedData.Path("matpower/case33bw.m"), Path.Combine(source, name));
        }
        else
        {
            log.WriteLine(SharedData.SkipReason("matpower/case33bw.m") + "; mutating a small synthetic feeder instead");
            File.WriteAllText(Path.Combine(source, name), SyntheticFeeder);
        }

        var report = Fuzz("pf (MATPOWER)", Sample([name], HostileBudget.Count(200, 0.10), HostileBudget.Seed(11)), source, dir => ["pf", Path.Combine(dir, name), "-q"], allowSolverFailure: true);
        Finish(report);
        var opf = Fuzz("opf (MATPOWER)", Sample([name], HostileBudget.Count(40, 0.05), HostileBudget.Seed(13)), source, dir => ["opf", Path.Combine(dir, name), "-q"], allowSolverFailure: true);
        Finish(opf);
    }

    /// <summary>
    /// Failure signatures of bugs already recorded in docs/reliability.md (each with a skipped reproducer in
    /// <see cref="KnownBugTests"/>): reported in the test output but not failing the run, so that any new failure still does.
    /// Remove an entry when the lead fixes the bug.
    /// </summary>
    private static readonly string[] KnownBugs =
    [
    ];

    private void Finish(FuzzReport report)
    {
        HostileBudget.Record(report.Name, report.Tried, report.Accepted, report.Rejected, 0, report.Failures.Count);
        log.WriteLine($"{report.Name}: {report.Tried} mutated inputs, {report.Accepted} accepted (exit 0), {report.Rejected} rejected with one line, " +
            $"{report.WithoutColumn} of those without a column name, {report.Failures.Count} failures");
        foreach (var group in report.Failures.GroupBy(f => f.Signature).Take(20))
        {
            log.WriteLine($"  {group.Count()}× {group.Key}; e.g. {group.First().Mutation}: {group.First().Detail}");
        }

        var known = report.Failures.Where(f => KnownBugs.Any(k => f.Signature.Contains(k, StringComparison.Ordinal))).ToList();
        log.WriteLine($"  of which {known.Count} match known bugs (docs/reliability.md)");
        var fresh = report.Failures.Except(known).ToList();
        Assert.True(fresh.Count == 0,
            $"{fresh.Count} of {report.Tried} inputs broke the contract:\n" +
            string.Join("\n", fresh.GroupBy(f => f.Signature).Select(g => $"{g.Count()}× {g.Key}; e.g. {g.First().Mutation}: {g.First().Detail}")));
    }

    private static FuzzReport Fuzz(string name, List<Mutation> mutations, string source, Func<string, string[]> args, bool allowSolverFailure)
    {
        var report = new FuzzReport(name);
        var work = Directory.CreateTempSubdirectory("ps-fuzz-").FullName;
        var knownFiles = Directory.GetFiles(source).Select(Path.GetFileName).OfType<string>().ToArray();
        var workingFolder = OwnWorkingFolder.Snapshot(Environment.CurrentDirectory);
        try
        {
            for (var i = 0; i < mutations.Count; i++)
            {
                var dir = Path.Combine(work, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Directory.CreateDirectory(dir);
                foreach (var file in knownFiles)
                {
                    File.Copy(Path.Combine(source, file), Path.Combine(dir, file));
                }

                Apply(mutations[i], dir);
                report.Tried++;
                var cwd = dir + ".cwd";
                var outcome = OwnWorkingFolder.In(cwd, () => RunWithTimeout(args(dir)));
                var problem = Judge(outcome, knownFiles, allowSolverFailure, report);
                if (problem is null && Directory.EnumerateFileSystemEntries(cwd).FirstOrDefault() is { } left)
                {
                    problem = ("wrote into its working folder", left);
                }

                if (problem is not null)
                {
                    report.Failures.Add(new FuzzFailure(mutations[i], problem.Value.Signature, problem.Value.Detail));
                }

                Directory.Delete(dir, recursive: true);
                Directory.Delete(cwd, recursive: true);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        OwnWorkingFolder.AssertUnchanged(workingFolder, name);
        return report;
    }

    private static (int Code, string Out, string Err)? RunWithTimeout(string[] args)
    {
        var task = Task.Run(() =>
        {
            try
            {
                return Cli.Run(args);
            }
            catch (Exception e)
            {
                return (-1, "", $"UNCAUGHT {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        });
        return task.Wait(Timeout) ? task.Result : null;
    }

    private static readonly Regex OneLine = new(
        @"^error: (?<file>.+?)(?::(?<line>\d+))?: (?:column '(?<field>[^']*)': )?(?<message>\S.*)$", RegexOptions.CultureInvariant);

    // A station may legally be named 'Infinity' (identifiers are free text): printed as ID@NODE or ID=KW, it is no number.
    private static readonly Regex BadNumber = new(@"\b(NaN|Infinity)\b(?![@=])|∞", RegexOptions.CultureInvariant);

    private static (string Signature, string Detail)? Judge((int Code, string Out, string Err)? outcome, string[] knownFiles, bool allowSolverFailure, FuzzReport report)
    {
        if (outcome is not { } o)
        {
            return ("hang (no answer within the timeout)", "");
        }

        if (o.Code == -1)
        {
            return ("CliApp.Run threw", Clip(o.Err));
        }

        if (o.Err.Contains("internal error", StringComparison.Ordinal) || o.Err.Contains("   at ", StringComparison.Ordinal))
        {
            return ("internal error: " + Regex.Replace(FirstLine(o.Err), @"[0-9]+|'[^']*'", "…"), Clip(o.Err));
        }

        if (BadNumber.IsMatch(o.Out))
        {
            return ("NaN/Infinity in stdout (exit " + o.Code + ")", Clip(o.Out));
        }

        if (o.Code == 0)
        {
            report.Accepted++;
            return null;
        }

        if (o.Code != 2 && !(o.Code == 1 && allowSolverFailure))
        {
            return ($"exit code {o.Code}", Clip(o.Err));
        }

        var lines = o.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length != 1)
        {
            return ($"exit {o.Code} with {lines.Length} stderr lines", Clip(o.Err));
        }

        if (o.Code == 1)
        {
            report.Rejected++;
            return lines[0].StartsWith("error: ", StringComparison.Ordinal) ? null : ("exit 1 without 'error: '", lines[0]);
        }

        var match = OneLine.Match(lines[0]);
        // A table named in a mutated case.json that does not exist is named itself ("tA?iff.csv: file not found").
        var namesMissingTable = match.Success && match.Groups["message"].Value.StartsWith("file not found", StringComparison.Ordinal);
        if (!match.Success || !(namesMissingTable || knownFiles.Any(f => match.Groups["file"].Value.EndsWith(f, StringComparison.Ordinal))))
        {
            return ("exit 2 message does not name FILE[:LINE]: [column 'FIELD': ]", lines[0]);
        }

        report.Rejected++;
        if (match.Groups["line"].Success && !match.Groups["field"].Success)
        {
            report.WithoutColumn++;
        }

        return null;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private static string Clip(string text) => text.Length <= 400 ? text.Trim() : text[..400].Trim() + " …";

    internal static void Apply(Mutation m, string dir)
    {
        var path = Path.Combine(dir, m.File);
        var rnd = new System.Random(m.Payload);
        if (m.Kind == MutationKind.DeleteFile)
        {
            File.Delete(path);
            return;
        }

        if (m.Kind == MutationKind.RandomFile)
        {
            var bytes = new byte[rnd.Next(0, 600)];
            rnd.NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            return;
        }

        if (m.Kind == MutationKind.RandomBytes)
        {
            var bytes = File.ReadAllBytes(path).ToList();
            var at = bytes.Count == 0 ? 0 : rnd.Next(bytes.Count);
            var junk = new byte[rnd.Next(1, 16)];
            rnd.NextBytes(junk);
            bytes.RemoveRange(at, Math.Min(junk.Length / 2, bytes.Count - at));
            bytes.InsertRange(at, junk);
            File.WriteAllBytes(path, [.. bytes]);
            return;
        }

        var lines = File.ReadAllText(path).Split('\n').ToList();
        var header = SplitFields(lines[0]);
        var dataLines = Enumerable.Range(0, lines.Count).Where(i => lines[i].Trim().Length > 0 && !lines[i].TrimStart().StartsWith('#')).ToList();
        var li = dataLines.Count == 0 ? 0 : dataLines[m.Line % dataLines.Count];
        var fields = SplitFields(lines[li]);
        var ci = m.Column % Math.Max(1, fields.Count);
        switch (m.Kind)
        {
            case MutationKind.Truncate:
                lines[li] = lines[li][..(lines[li].Length == 0 ? 0 : m.Payload % lines[li].Length)];
                if (m.Payload % 3 == 0)
                {
                    lines.RemoveRange(li + 1, lines.Count - li - 1);
                }

                break;
            case MutationKind.SwapValues:
                (fields[ci], fields[(ci + 1 + (m.Payload % Math.Max(1, fields.Count - 1))) % fields.Count]) =
                    (fields[(ci + 1 + (m.Payload % Math.Max(1, fields.Count - 1))) % fields.Count], fields[ci]);
                lines[li] = string.Join(Separator(m.File), fields);
                break;
            case MutationKind.HostileValue:
                fields[ci] = ReplaceToken(fields[ci], HostileTokens[m.Payload % HostileTokens.Length], m.File);
                lines[li] = string.Join(Separator(m.File), fields);
                break;
            case MutationKind.Unicode:
                fields[ci] = m.Payload % 2 == 0 ? UnicodeTokens[m.Payload % UnicodeTokens.Length] : fields[ci] + UnicodeTokens[m.Payload % UnicodeTokens.Length];
                lines[li] = string.Join(Separator(m.File), fields);
                break;
            case MutationKind.EmptyFile:
                lines = m.Payload % 2 == 0 ? [""] : ["\uFEFF", ""];
                break;
            case MutationKind.HeaderOnly:
                lines = [lines[0], ""];
                break;
            case MutationKind.DuplicateHeader:
                lines[0] = lines[0].TrimEnd('\r') + Separator(m.File) + header[m.Column % header.Count];
                break;
            case MutationKind.DropColumn:
                lines = [.. lines.Select(l => DropField(l, m.Column % header.Count, m.File))];
                break;
            case MutationKind.ShuffleColumns:
                {
                    var order = Enumerable.Range(0, header.Count).OrderBy(_ => rnd.Next()).ToArray();
                    lines = [.. lines.Select(l => Reorder(l, order, m.File))];
                    break;
                }

            case MutationKind.DeleteLine:
                lines.RemoveAt(li);
                break;
            case MutationKind.DuplicateLine:
                lines.Insert(li, lines[li]);
                break;
            case MutationKind.ExtraField:
                lines[li] = lines[li].TrimEnd('\r') + Separator(m.File) + HostileTokens[m.Payload % HostileTokens.Length];
                break;
            case MutationKind.UnterminatedQuote:
                fields[ci] = "\"" + fields[ci];
                lines[li] = string.Join(Separator(m.File), fields);
                break;
            default:
                throw new InvalidOperationException(m.Kind.ToString());
        }

        File.WriteAllText(path, string.Join('\n', lines), new UTF8Encoding(false));
    }

    /// <summary>CSV fields are comma separated; TNTP and MATPOWER fields by whitespace (tabs kept as they were).</summary>
    private static string Separator(string file) => file.EndsWith(".csv", StringComparison.Ordinal) ? "," : " ";

    private static List<string> SplitFields(string line) =>
        [.. line.Contains(',', StringComparison.Ordinal) || line.Length == 0 ? line.Split(',') : Regex.Split(line, @"[ \t]+")];

    private static string ReplaceToken(string field, string token, string file)
    {
        // Inside JSON or MATPOWER, keep the surrounding punctuation so the hostile value reaches the number parser.
        if (!file.EndsWith(".csv", StringComparison.Ordinal))
        {
            var number = Regex.Match(field, @"-?[0-9][0-9.eE+-]*");
            if (number.Success)
            {
                return field[..number.Index] + token + field[(number.Index + number.Length)..];
            }
        }

        return token;
    }

    private static string DropField(string line, int index, string file)
    {
        var fields = SplitFields(line);
        if (fields.Count > index && line.Trim().Length > 0 && !line.StartsWith('#'))
        {
            fields.RemoveAt(index);
        }

        return string.Join(Separator(file), fields);
    }

    private static string Reorder(string line, int[] order, string file)
    {
        var fields = SplitFields(line.TrimEnd('\r'));
        return fields.Count != order.Length || line.StartsWith('#') ? line : string.Join(Separator(file), order.Select(i => fields[i]));
    }

    internal const string SyntheticNet = """
        <NUMBER OF ZONES> 3
        <NUMBER OF NODES> 5
        <FIRST THRU NODE> 4
        <NUMBER OF LINKS> 8
        <END OF METADATA>

        ~ init_node term_node capacity length free_flow_time b power speed toll link_type ;
        1 4 1000 2 3 0.15 4 0 0 1 ;
        4 1 1000 2 3 0.15 4 0 0 1 ;
        2 4 800 1.5 2 0.15 4 0 0 1 ;
        4 2 800 1.5 2 0.15 4 0 0 1 ;
        4 5 1200 3 4 0.15 4 0 0.5 1 ;
        5 4 1200 3 4 0.15 4 0 0.5 1 ;
        5 3 900 1 1.5 0.15 4 0 0 1 ;
        3 5 900 1 1.5 0.15 4 0 0 1 ;

        """;

    internal const string SyntheticTrips = """
        <NUMBER OF ZONES> 3
        <TOTAL OD FLOW> 2400.0
        <END OF METADATA>

        Origin 1
            2 : 500.0; 3 : 700.0;
        Origin 2
            1 : 300.0; 3 : 400.0;
        Origin 3
            1 : 250.0; 2 : 250.0;

        """;

    internal const string SyntheticFeeder = """
        function mpc = tiny
        mpc.version = '2';
        mpc.baseMVA = 10;
        mpc.bus = [
            1 3 0 0 0 0 1 1 0 12.66 1 1.1 0.9;
            2 1 100 60 0 0 1 1 0 12.66 1 1.1 0.9;
            3 1 90 40 0 0 1 1 0 12.66 1 1.1 0.9;
            4 1 120 80 0 0 1 1 0 12.66 1 1.1 0.9;
        ];
        mpc.gen = [
            1 0 0 10 -10 1 100 1 10 0 0 0 0 0 0 0 0 0 0 0 0;
        ];
        mpc.branch = [
            1 2 0.0922 0.047 0 0 0 0 0 0 1 -360 360;
            2 3 0.493 0.2511 0 0 0 0 0 0 1 -360 360;
            3 4 0.366 0.1864 0 0 0 0 0 0 1 -360 360;
        ];
        """;
}

internal sealed class FuzzReport(string name)
{
    public string Name { get; } = name;

    public int Tried { get; set; }

    public int Accepted { get; set; }

    public int Rejected { get; set; }

    public int WithoutColumn { get; set; }

    public List<FuzzFailure> Failures { get; } = [];
}

internal sealed record FuzzFailure(Mutation Mutation, string Signature, string Detail);
