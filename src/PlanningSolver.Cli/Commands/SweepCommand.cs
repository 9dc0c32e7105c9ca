using System.CommandLine;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Output;
using PlanningSolver.Planning.Settings;
using PlanningSolver.Planning.Studies;

namespace PlanningSolver.Cli.Commands;

/// <summary>
/// <c>sweep [CASE] --set name=v1,v2,…</c>: the cartesian product of parameter values, each point evaluated (or planned),
/// one row per point in DIR/results.csv, written as points finish and resumable; <c>--shard I/N</c> for job arrays.
/// <c>merge DIR…</c> joins shard folders.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(CliApp.CommandRunner runner)
    {
        var caseArgument = ValidateCommand.CaseArgument();
        var sweepSet = new Option<string[]>("--set")
        {
            Description = "A swept case parameter or setting and its values, e.g. --set ev_share=0,0.25,0.5 or --set pricing=dlmp,tou (repeat for more axes; the first varies slowest).",
            Required = true,
            HelpName = "NAME=V1,V2,…",
        };
        var mode = new Option<string>("--mode") { Description = "Run each point as 'evaluate' (one plan) or 'plan' (a search).", DefaultValueFactory = _ => "evaluate", HelpName = "evaluate|plan" };
        var planOptions = new PlanSelection(); // evaluate mode; without either option, the uniform plan
        var settingsOptions = new SettingsOptions();
        var shard = new Option<string?>("--shard")
        {
            Description = "Run every N-th point starting at I (0-based); '/N' takes I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX.",
            HelpName = "I/N",
        };
        var threads = EvaluationOptions.ThreadsOption();
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default out/sweep); a folder holding this sweep resumes it.", HelpName = "DIR" };
        var force = EvaluationOptions.ForceOption();
        var json = new Option<bool>("--json") { Description = "Print the sweep's points and outcomes as one JSON object (the results.csv columns, typed)." };
        var command = new Command("sweep", "Run a case over the cartesian product of parameter values; one tidy row per point in DIR/results.csv.")
        {
            caseArgument, sweepSet, mode,
        };
        settingsOptions.AddSearch(command, all: false);
        command.Add(shard);
        settingsOptions.AddCoupling(command);
        command.Add(threads);
        command.Add(output);
        command.Add(force);
        command.Add(json);
        planOptions.AddTo(command);
        runner.Attach(command, (parse, session) =>
        {
            var caseName = CaseIdentity.Of(parse.GetValue(caseArgument));
            var baseCase = CaseLoader.Load(caseName);
            var spec = SweepSpec.Parse(parse.GetValue(sweepSet) ?? []);
            var sweepMode = parse.GetValue(mode) switch
            {
                "evaluate" => SweepMode.Evaluate,
                "plan" => SweepMode.Plan,
                var other => throw new UsageError($"--mode must be evaluate or plan, got '{other}'"),
            };
            var settings = settingsOptions.WithDefaultBudget(parse, settingsOptions.Parse(parse, RunSettings.Defaults), baseCase.Stations.Count);
            if (spec.Axes.FirstOrDefault(a => a.IsSetting && settingsOptions.OptionOf(a.Name) is { } option && SettingsOptions.Given(parse, option)) is { } both)
            {
                throw new UsageError($"--set {both.Name}=…: {both.Name} is swept; do not also give --{both.Name}");
            }

            // Every value of every axis, case parameter or setting, is checked before any point is computed.
            spec.Validate(baseCase, settings, searches: sweepMode == SweepMode.Plan);
            var threadCount = parse.GetValue(threads) is >= 0 and var t ? t : throw new UsageError($"--threads must be >= 0, got {parse.GetValue(threads)}");
            var shardSpec = SweepShard.Parse(parse.GetValue(shard), Environment.GetEnvironmentVariable);
            Func<StudyCase, ChargingPlan> planOf = sweepMode == SweepMode.Plan ? _ => null!
                : study => planOptions.Plan(parse, study, defaultUniform: true);
            if (sweepMode == SweepMode.Evaluate)
            {
                _ = planOf(baseCase); // a bad --capacities or --uniform is reported before any point runs
            }

            var options = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["mode"] = parse.GetValue(mode)!,
                ["axes"] = string.Join(" ", spec.Axes.Select(a => $"{a.Name}={string.Join(",", a.Values)}")),
                ["plan"] = sweepMode == SweepMode.Plan ? "searched" : planOptions.Describe(parse),
                ["shard"] = $"{shardSpec.Index}/{shardSpec.Count}",
            };
            var record = RunRecord.Create("sweep", CliApp.Version, caseName, [], baseCase, settings, options);
            using var runFolder = RunFolder.Open(parse.GetValue(output)?.FullName ?? Path.Combine("out", "sweep"), record,
                parse.GetValue(force) ? FolderUse.Replace : FolderUse.New, CaseIdentity.Inputs(caseName, baseCase), SweepFiles.Names);
            var folder = runFolder.Path;
            session.ResumeCommand = "planning-solver " + string.Join(" ", parse.Tokens.Select(token => Quote(token.Value)));
            var table = new SweepTable(spec, parse.GetValue(mode)!);
            if (File.Exists(Path.Combine(folder, SweepTable.SpecFile)))
            {
                var existing = SweepTable.Read(folder);
                if (!existing.Header.SequenceEqual(table.Header) || existing.Spec.Count != spec.Count || existing.Mode != table.Mode)
                {
                    throw new InputError(Path.Combine(folder, SweepTable.SpecFile), null, null, "the folder holds a different sweep; choose another --out");
                }

                table = existing;
            }

            SweepFiles.WriteSpec(folder, table, shardSpec);
            var todo = spec.Points().Count(p => shardSpec.Contains(p) && !table.Has(p.Index));
            session.Log.Information("Sweep of {Points} points ({Shard} shard {Index}/{Count}): {Todo} to run, results in {Folder}",
                spec.Count, parse.GetValue(mode), shardSpec.Index, shardSpec.Count, todo, folder);
            var done = 0;
            SweepRunner.Run(baseCase, table, shardSpec, sweepMode, planOf, settings, threadCount,
                point => session.Log.Information("Point {Index}: {Key}", point.Index, point.Key),
                point =>
                {
                    done++;
                    SweepFiles.WriteResults(folder, table);
                    session.Log.Information("Point {Index} done ({Done}/{Todo})", point.Index, done, todo);
                },
                session.Cancellation);
            SweepFiles.WriteResults(folder, table);
            var resultsFile = SweepFiles.ResultsPath(folder);
            if (parse.GetValue(json))
            {
                session.Out.Write(JsonOutput.Build(w => table.WriteJson(w, done, resultsFile)));
            }
            else
            {
                session.Out.WriteLine($"{done} points run, {table.Points.Count} of {spec.Count} in {resultsFile}");
            }

            // The EV-share study: average DLMP at the station buses against the EV share.
            SweepFiles.WriteEvShareDlmp(folder, table);

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_=.,/:+".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static Command CreateMerge(CliApp.CommandRunner runner)
    {
        var folders = new Argument<DirectoryInfo[]>("DIR") { Description = "Sweep output folders (the shards).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for the merged results.csv (default: the current folder; never one of the shards).", HelpName = "DIR" };
        var force = new Option<bool>("--force") { Description = "Replace results.csv and sweep.json in the --out folder." };
        var command = new Command("merge", "Combine the shard folders of one sweep into one results.csv; fails if a point is missing or duplicated.") { folders, output, force };
        runner.Attach(command, (parse, session) =>
        {
            var shards = parse.GetValue(folders)!.Select(f => f.FullName).ToList();
            // The output folder is checked before anything is read.
            var folder = SweepFiles.CheckMergeFolder(parse.GetValue(output)?.FullName ?? Directory.GetCurrentDirectory(), shards, parse.GetValue(force));
            var merged = SweepTable.Merge(shards);
            SweepFiles.WriteResults(folder, merged);
            SweepFiles.WriteSpec(folder, merged, SweepShard.All);
            session.Out.WriteLine($"{merged.Points.Count} points merged into {SweepFiles.ResultsPath(folder)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
