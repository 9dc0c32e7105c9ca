using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Optimization;
using PlanningSolver.Planning.Reports;

namespace PlanningSolver.Cli.Commands;

/// <summary><c>plan [CASE]</c>: the bi-level optimization, Case 1 (optimized) against Case 2 (uniform), with files and report.</summary>
internal static class PlanCommand
{
    public static Command Create(CliApp.CommandRunner runner)
    {
        var caseArgument = ValidateCommand.CaseArgument();
        var evaluations = new Option<int>("--evaluations") { Description = "Evaluation budget of the surrogate search.", DefaultValueFactory = _ => 60 };
        var batch = new Option<int>("--batch") { Description = "Plans proposed and evaluated together (in parallel); part of the search, so it does not follow --threads.", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "Seed of the search; the same seed gives the same result whatever the thread count.", DefaultValueFactory = _ => 1 };
        var resume = new Option<DirectoryInfo?>("--resume") { Description = "Continue an interrupted run in DIR with its recorded settings; nothing already evaluated is evaluated again.", HelpName = "DIR" };
        var exhaustive = new Option<bool>("--exhaustive") { Description = "Evaluate every plan within the budget (small cases) and report the true optimum." };
        var archive = new Option<FileInfo?>("--archive")
        {
            Description = "Reuse the outcomes recorded in another run's evaluations.csv of the same case (evaluations are deterministic), e.g. an exhaustive run.",
            HelpName = "FILE",
        };
        var strategy = new Option<string>("--strategy") { Description = "Search strategy: dycors (RBF surrogate, default) or random (baseline).", DefaultValueFactory = _ => "dycors", HelpName = "dycors|random" };
        var shared = new EvaluationOptions();
        var command = new Command("plan", "Optimize the charging power per unit at every station (Case 1) and compare it with the uniform plan (Case 2).")
        {
            caseArgument, evaluations, batch, seed, resume, exhaustive, strategy, archive,
        };
        shared.AddTo(command);
        runner.Attach(command, (parse, session) =>
        {
            RunSettings settings;
            string folder;
            if (parse.GetValue(resume) is { } resumeFolder)
            {
                folder = resumeFolder.FullName;
                settings = RunSettings.Read(folder) with { Threads = parse.GetValue(shared.Threads) };
                session.Log.Information("Resuming {Folder} (seed {Seed}, {Evaluations} evaluations)", folder, settings.Seed, settings.Evaluations);
            }
            else
            {
                var study0 = CaseLoader.Load(parse.GetValue(caseArgument));
                settings = new RunSettings(
                    parse.GetValue(caseArgument) ?? BuiltInCases.Default,
                    parse.GetValue(shared.Set) ?? [],
                    Positive(parse.GetValue(evaluations), "--evaluations"),
                    Positive(parse.GetValue(batch), "--batch"),
                    parse.GetValue(seed),
                    NonNegative(parse.GetValue(shared.Threads), "--threads"),
                    shared.Coupling(parse).Pricing.ToText(),
                    parse.GetValue(exhaustive),
                    parse.GetValue(strategy) is "dycors" or "random" ? parse.GetValue(strategy)! : throw new UsageError("--strategy must be dycors or random"));
                folder = parse.GetValue(shared.Out)?.FullName ?? Path.GetFullPath(Path.Combine("out", study0.Name));
            }

            var study = CaseOverrides.Apply(CaseLoader.Load(settings.Case), settings.Set);
            var previous = EvaluationsTable.Read(Path.Combine(folder, EvaluationsTable.FileName), study);
            var known = previous.ToList();
            if (parse.GetValue(archive) is { } archiveFile)
            {
                if (!archiveFile.Exists)
                {
                    throw new InputError(archiveFile.FullName, null, null, "file not found");
                }

                var recorded = previous.Select(p => string.Join(",", p.PowerKw)).ToHashSet();
                known.AddRange(EvaluationsTable.Read(archiveFile.FullName, study).Where(p => !recorded.Contains(string.Join(",", p.PowerKw))));
            }

            Directory.CreateDirectory(folder);
            settings.Write(folder);

            var rows = new SortedDictionary<int, PlanEvaluation>();
            foreach (var row in previous)
            {
                rows[row.Order] = row;
            }

            var options = settings.ToOptions();
            var total = options.Exhaustive ? (int?)null : options.Evaluations;
            var progress = PlanProgress.Start(session, total);
            var driver = new PlanDriver(study, options)
            {
                OnEvaluated = (row, reused) =>
                {
                    // Rows of this folder come back as reused with the same order; rows taken from --archive are new here.
                    if (!reused || !rows.ContainsKey(row.Order))
                    {
                        rows[row.Order] = row;
                        AtomicFile.Write(Path.Combine(folder, EvaluationsTable.FileName), w => EvaluationsTable.Write(w, study, rows.Values));
                    }

                    progress.Report(row, reused);
                },
            };
            session.Log.Information("Planning {Case}: {Mode}, seed {Seed}, batch {Batch}, {Threads} threads, {Pricing} pricing; results in {Folder}",
                study.Name, options.Exhaustive ? "exhaustive" : $"{options.Strategy} search of {options.Evaluations} evaluations",
                options.Seed, options.EffectiveBatch, options.EffectiveThreads, options.Pricing.ToText(), folder);
            PlanRun run;
            try
            {
                run = progress.Run(() => driver.Run(known, session.Cancellation));
            }
            finally
            {
                progress.Dispose();
            }

            PlanFiles.Write(folder, study, settings, run);
            session.Log.Information("Case 1 {Best:0} USD/day, Case 2 {Uniform:0} USD/day, saving {Saving:0} USD/day; {Calls} new evaluations in {Seconds:0.0} s",
                run.Best.SocialCost, run.Uniform.SocialCost, run.Saving, run.EvaluatorCalls, run.WallSeconds);
            if (parse.GetValue(shared.Json))
            {
                session.Out.Write(File.ReadAllText(Path.Combine(folder, "summary.json")));
            }
            else
            {
                PlanFiles.WriteText(session.Out, study, run, folder);
            }

            if (run.Best.Status is SolveStatus.Failed or SolveStatus.Infeasible)
            {
                // No plan could be evaluated (e.g. an overflow in every evaluation): a failure, whatever the constraints say.
                session.Error.WriteLine($"error: the best plan's evaluation {run.Best.Status.ToText()}: {run.Best.Message ?? "no message"}");
                return ExitCodes.SolverFailure;
            }

            return run.Best.AllConstraintsMet ? ExitCodes.Success : ExitCodes.SolverFailure;
        });
        return command;
    }

    private static int Positive(int value, string name) => value > 0 ? value : throw new UsageError($"{name} must be > 0, got {value}");

    private static int NonNegative(int value, string name) => value >= 0 ? value : throw new UsageError($"{name} must be >= 0, got {value}");
}

/// <summary>The settings of a plan run, kept in DIR/run.json so <c>--resume DIR</c> replays the same search.</summary>
internal sealed record RunSettings(string Case, IReadOnlyList<string> Set, int Evaluations, int Batch, int Seed, int Threads, string Pricing, bool Exhaustive, string Strategy)
{
    public const string FileName = "run.json";

    public PlanOptions ToOptions()
    {
        PricingModeText.TryParse(Pricing, out var pricing);
        return new PlanOptions(Evaluations, Batch, Seed, Threads, pricing, Exhaustive, Strategy);
    }

    public void Write(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonOutput.Build(w =>
    {
        w.WriteString("case", Case);
        w.WriteStartArray("set");
        foreach (var s in Set)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
        w.WriteNumber("evaluations", Evaluations);
        w.WriteNumber("batch", Batch);
        w.WriteNumber("seed", Seed);
        w.WriteString("pricing", Pricing);
        w.WriteBoolean("exhaustive", Exhaustive);
        w.WriteString("strategy", Strategy);
    }));

    public static RunSettings Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new InputError(path, null, null, "file not found (not a plan output folder, nothing to resume)");
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            return new RunSettings(
                r.GetProperty("case").GetString()!,
                r.GetProperty("set").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                r.GetProperty("evaluations").GetInt32(),
                r.GetProperty("batch").GetInt32(),
                r.GetProperty("seed").GetInt32(),
                0,
                r.GetProperty("pricing").GetString()!,
                r.GetProperty("exhaustive").GetBoolean(),
                r.GetProperty("strategy").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InputError(path, null, null, $"not a plan run description: {e.Message}");
        }
    }
}
