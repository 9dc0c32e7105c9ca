using System.CommandLine;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Optimization;
using PlanningSolver.Planning.Output;
using PlanningSolver.Planning.Settings;

namespace PlanningSolver.Cli.Commands;

/// <summary><c>plan [CASE]</c>: the bi-level optimization, Case 1 (optimized) against Case 2 (uniform), with files and report.</summary>
internal static class PlanCommand
{
    public static Command Create(CliApp.CommandRunner runner)
    {
        var caseArgument = ValidateCommand.CaseArgument();
        var resume = new Option<DirectoryInfo?>("--resume")
        {
            Description = "Continue the run in DIR with its recorded settings; nothing already evaluated is evaluated again. A larger --evaluations extends it; any other difference is refused.",
            HelpName = "DIR",
        };
        var archive = new Option<FileInfo?>("--archive")
        {
            Description = "Reuse the outcomes recorded in another run's evaluations.csv of the same case (evaluations are deterministic), e.g. an exhaustive run.",
            HelpName = "FILE",
        };
        var shared = new EvaluationOptions();
        var command = new Command("plan", "Optimize the charging power per unit at every station (Case 1) and compare it with the uniform plan (Case 2).")
        {
            caseArgument, resume, archive,
        };
        shared.Settings.AddSearch(command);
        shared.AddTo(command);
        command.Add(shared.Force);
        runner.Attach(command, (parse, session) =>
        {
            var threads = shared.ThreadCount(parse);
            var force = parse.GetValue(shared.Force);
            string folder, caseName;
            IReadOnlyList<string> set;
            RunSettings settings;
            FolderUse use;
            if (parse.GetValue(resume) is { } resumeFolder)
            {
                folder = resumeFolder.FullName;
                if (parse.GetValue(shared.Out) is { } other && Path.GetFullPath(other.FullName) != Path.GetFullPath(folder))
                {
                    throw new UsageError("--resume DIR continues the run in DIR; give no other --out");
                }

                if (force)
                {
                    throw new UsageError("--resume continues a run and --force replaces it; give one of them");
                }

                var recorded = RunRecord.TryRead(folder)
                    ?? throw new InputError(Path.Combine(folder, RunRecord.FileName), null, null, "file not found (not a plan output folder, nothing to resume)");
                caseName = parse.GetValue(caseArgument) is { } givenCase ? CaseIdentity.Of(givenCase) : recorded.Case;
                set = SettingsOptions.Given(parse, shared.Set) ? parse.GetValue(shared.Set) ?? [] : recorded.Set;
                settings = shared.Settings.Parse(parse, recorded.Settings);
                use = FolderUse.Resume;
            }
            else
            {
                caseName = CaseIdentity.Of(parse.GetValue(caseArgument));
                set = parse.GetValue(shared.Set) ?? [];
                settings = shared.Settings.Parse(parse, RunSettings.Defaults);
                folder = parse.GetValue(shared.Out)?.FullName ?? "";
                use = force ? FolderUse.Replace : FolderUse.New;
            }

            if (settings.Search.Exhaustive && SettingsOptions.Given(parse, shared.Settings.Evaluations))
            {
                throw new UsageError("--exhaustive evaluates every plan within the budget; --evaluations does not apply to it");
            }

            var study = CaseOverrides.Apply(CaseLoader.Load(caseName), set);
            if (use != FolderUse.Resume)
            {
                settings = shared.Settings.WithDefaultBudget(parse, settings, study.Stations.Count);
            }
            if (folder.Length == 0)
            {
                folder = Path.GetFullPath(Path.Combine("out", study.Name));
            }

            var driver = new PlanDriver(study, settings, threads);
            if (settings.Search.Exhaustive)
            {
                CheckExhaustive(driver, settings.Search.MaxPlans, study, session);
            }

            var archiveFile = parse.GetValue(archive);
            if (archiveFile is { Exists: false })
            {
                throw new InputError(archiveFile.FullName, null, null, "file not found");
            }

            var inputs = CaseIdentity.Inputs(caseName, study).Concat(archiveFile is null ? [] : [archiveFile.FullName]);
            var record = RunRecord.Create("plan", CliApp.Version, caseName, set, study, settings);
            using var runFolder = RunFolder.Open(folder, record, use, inputs, PlanFiles.Names,
                allowed: d => d.Name == "evaluations" && int.TryParse(d.Recorded, out var was) && int.TryParse(d.Now, out var now) && now >= was);
            folder = runFolder.Path;
            session.ResumeCommand = $"planning-solver plan --resume {Quote(folder)}";
            if (use == FolderUse.Resume)
            {
                session.Log.Information("Resuming {Folder} (seed {Seed}, {Evaluations} evaluations)", folder, settings.Search.Seed, settings.Search.Evaluations);
            }

            var evaluationsFile = Path.Combine(folder, EvaluationsTable.FileName);
            var previous = EvaluationsTable.Read(evaluationsFile, study);
            var known = previous.ToList();
            if (archiveFile is not null)
            {
                var recordedPlans = previous.Select(p => string.Join(",", p.PowerKw)).ToHashSet();
                known.AddRange(EvaluationsTable.Read(archiveFile.FullName, study).Where(p => !recordedPlans.Contains(string.Join(",", p.PowerKw))));
            }

            var rows = new SortedDictionary<int, PlanEvaluation>();
            foreach (var row in previous)
            {
                rows[row.Order] = row;
            }

            var search = settings.Search;
            var total = search.Exhaustive ? (int?)null : search.Evaluations;
            using var progress = PlanProgress.Start(session, total);
            driver.OnEvaluated = (row, reused) =>
            {
                // Rows of this folder come back as reused with the same order; rows taken from --archive are new here.
                if (!reused || !rows.ContainsKey(row.Order))
                {
                    rows[row.Order] = row;
                    EvaluationsTable.WriteFile(evaluationsFile, study, rows.Values);
                }

                progress.Report(row, reused);
            };
            session.Log.Information("Planning {Case}: {Mode}, seed {Seed}, batch {Batch}, {Threads} threads, {Pricing} pricing; results in {Folder}",
                study.Name, search.Exhaustive ? "exhaustive" : $"{search.Strategy} search of {search.Evaluations} evaluations",
                search.Seed, search.EffectiveBatch, threads <= 0 ? Environment.ProcessorCount : threads, settings.Coupling.Pricing.ToText(), folder);
            var run = progress.Run(() => driver.Run(known, session.Cancellation));
            progress.Dispose();

            PlanFiles.Write(folder, study, settings, run);
            session.Log.Information("Case 1 {Best:0} USD/day, Case 2 {Uniform:0} USD/day, saving {Saving:0} USD/day; {Calls} new evaluations in {Seconds:0.0} s",
                run.Best.SocialCost, run.Uniform.SocialCost, run.Saving, run.EvaluatorCalls, run.WallSeconds);
            if (parse.GetValue(shared.Json))
            {
                session.Out.Write(File.ReadAllText(Path.Combine(folder, PlanFiles.SummaryFile)));
                session.Log.Information("Report: {Report}", PlanFiles.ReportPath(folder));
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

    /// <summary>States the number of plans an exhaustive run evaluates and refuses more than <paramref name="maxPlans"/>.</summary>
    private static void CheckExhaustive(PlanDriver driver, long maxPlans, StudyCase study, CliSession session)
    {
        var count = driver.CountExhaustivePlans(maxPlans);
        if (count is { } n && n <= maxPlans)
        {
            session.Log.Information("Exhaustive: {Plans} plans within the budget", n);
            return;
        }

        var size = Invariant.Format(driver.Problem.GridSize, 0);
        var what = count is null
            ? $"{study.Name} has {size} plans (not counted within the budget)"
            : $"{study.Name} has more than {Invariant.Format(maxPlans)} plans within the budget ({size} in all)";
        throw new UsageError($"--exhaustive: {what}, above --max-plans {Invariant.Format(maxPlans)}; raise --max-plans or search with --evaluations N");
    }

    private static string Quote(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '\\') ? "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : path;
}
