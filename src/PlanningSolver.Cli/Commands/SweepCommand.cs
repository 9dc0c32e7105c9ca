using System.CommandLine;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Optimization;
using PlanningSolver.Planning.Reports;
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
            Description = "A swept parameter and its values, e.g. --set ev_share=0,0.25,0.5 (repeat for more axes; the first varies slowest).",
            Required = true,
            HelpName = "NAME=V1,V2,…",
        };
        var mode = new Option<string>("--mode") { Description = "Run each point as 'evaluate' (one plan) or 'plan' (a search).", DefaultValueFactory = _ => "evaluate", HelpName = "evaluate|plan" };
        var planOptions = new PlanSelection(); // evaluate mode; without either option, the uniform plan
        var evaluations = new Option<int>("--evaluations") { Description = "Evaluation budget per point in plan mode.", DefaultValueFactory = _ => 40 };
        var shard = new Option<string?>("--shard")
        {
            Description = "Run every N-th point starting at I (0-based); '/N' takes I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX.",
            HelpName = "I/N",
        };
        var pricing = new Option<string>("--pricing") { Description = "Charging prices: dlmp or tou.", DefaultValueFactory = _ => "dlmp", HelpName = "dlmp|tou" };
        var threads = new Option<int>("--threads") { Description = "Threads (0 = all cores). Results do not depend on it.", DefaultValueFactory = _ => 0 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default out/sweep).", HelpName = "DIR" };
        var command = new Command("sweep", "Run a case over the cartesian product of parameter values; one tidy row per point in DIR/results.csv.")
        {
            caseArgument, sweepSet, mode, evaluations, shard, pricing, threads, output,
        };
        planOptions.AddTo(command);
        runner.Attach(command, (parse, session) =>
        {
            var baseCase = CaseLoader.Load(parse.GetValue(caseArgument));
            var spec = SweepSpec.Parse(parse.GetValue(sweepSet) ?? []);
            var sweepMode = parse.GetValue(mode) switch
            {
                "evaluate" => SweepMode.Evaluate,
                "plan" => SweepMode.Plan,
                var other => throw new UsageError($"--mode must be evaluate or plan, got '{other}'"),
            };
            if (!PricingModeText.TryParse(parse.GetValue(pricing), out var pricingMode))
            {
                throw new UsageError($"--pricing must be dlmp or tou, got '{parse.GetValue(pricing)}'");
            }

            var threadCount = parse.GetValue(threads) >= 0 ? parse.GetValue(threads) : throw new UsageError("--threads must be >= 0");
            var shardSpec = SweepShard.Parse(parse.GetValue(shard), Environment.GetEnvironmentVariable);
            var folder = parse.GetValue(output)?.FullName ?? Path.GetFullPath(Path.Combine("out", "sweep"));
            Directory.CreateDirectory(folder);
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

            AtomicFile.WriteAllText(Path.Combine(folder, SweepTable.SpecFile), table.SpecJson(shardSpec));
            Func<StudyCase, ChargingPlan> planOf = sweepMode == SweepMode.Plan ? _ => null!
                : study => planOptions.Plan(parse, study, defaultUniform: true);
            var todo = spec.Points().Count(p => shardSpec.Contains(p) && !table.Has(p.Index));
            session.Log.Information("Sweep of {Points} points ({Shard} shard {Index}/{Count}): {Todo} to run, results in {Folder}",
                spec.Count, parse.GetValue(mode), shardSpec.Index, shardSpec.Count, todo, folder);
            var done = 0;
            SweepRunner.Run(baseCase, table, shardSpec, sweepMode, planOf,
                new CouplingOptions(pricingMode, Threads: threadCount),
                new PlanOptions(parse.GetValue(evaluations), Threads: threadCount, Pricing: pricingMode),
                point => session.Log.Information("Point {Index}: {Key}", point.Index, point.Key),
                point =>
                {
                    done++;
                    AtomicFile.Write(Path.Combine(folder, SweepTable.ResultsFile), table.Write);
                    session.Log.Information("Point {Index} done ({Done}/{Todo})", point.Index, done, todo);
                },
                session.Cancellation);
            AtomicFile.Write(Path.Combine(folder, SweepTable.ResultsFile), table.Write);
            session.Out.WriteLine($"{done} points run, {table.Points.Count} of {spec.Count} in {Path.Combine(folder, SweepTable.ResultsFile)}");
            if (spec.Axes is [{ Name: CaseParameters.EvShare }] && table.Points.Count == spec.Count)
            {
                // The EV-share study: average DLMP at the station buses against the EV share.
                var points = table.Rows.Select(r => (Invariant.Parse(r[1]), Invariant.Parse(r[table.Header.ToList().IndexOf("average_station_dlmp")]))).ToList();
                AtomicFile.WriteBytes(Path.Combine(folder, StudyPlots.EvShareDlmpFile), stream => stream.Write(StudyPlots.EvShareDlmp(points)));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateMerge(CliApp.CommandRunner runner)
    {
        var folders = new Argument<DirectoryInfo[]>("DIR") { Description = "Sweep output folders (the shards).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for the merged results.csv (default: the current folder).", HelpName = "DIR" };
        var command = new Command("merge", "Combine the shard folders of one sweep into one results.csv; fails if a point is missing or duplicated.") { folders, output };
        runner.Attach(command, (parse, session) =>
        {
            var merged = SweepTable.Merge(parse.GetValue(folders)!.Select(f => f.FullName).ToList());
            var folder = parse.GetValue(output)?.FullName ?? Directory.GetCurrentDirectory();
            Directory.CreateDirectory(folder);
            AtomicFile.Write(Path.Combine(folder, SweepTable.ResultsFile), merged.Write);
            AtomicFile.WriteAllText(Path.Combine(folder, SweepTable.SpecFile), merged.SpecJson(SweepShard.All));
            session.Out.WriteLine($"{merged.Points.Count} points merged into {Path.Combine(folder, SweepTable.ResultsFile)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
