using System.CommandLine;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Output;
using PlanningSolver.Planning.Settings;

namespace PlanningSolver.Cli.Commands;

/// <summary><c>evaluate [CASE] (--capacities … | --uniform [KW])</c>: one coupled lower-level evaluation of a plan.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliApp.CommandRunner runner)
    {
        var caseArgument = ValidateCommand.CaseArgument();
        var planOptions = new PlanSelection();
        var shared = new EvaluationOptions();
        var command = new Command("evaluate", "Evaluate one plan: 24 hourly traffic assignments and OPFs coupled through charging prices; social cost and checks.")
        {
            caseArgument,
        };
        planOptions.AddTo(command);
        shared.AddTo(command);
        command.Add(shared.Force);
        runner.Attach(command, (parse, session) =>
        {
            var caseName = CaseIdentity.Of(parse.GetValue(caseArgument));
            var set = parse.GetValue(shared.Set) ?? [];
            var study = CaseOverrides.Apply(CaseLoader.Load(caseName), set);
            var plan = planOptions.Plan(parse, study);
            var settings = shared.Settings.Parse(parse, RunSettings.Defaults);
            var threads = shared.ThreadCount(parse);

            // The output folder is checked, locked and fingerprinted before anything is solved.
            using var folder = parse.GetValue(shared.Out) is { } outFolder
                ? RunFolder.Open(outFolder.FullName,
                    RunRecord.Create("evaluate", CliApp.Version, caseName, set, study, settings,
                        new SortedDictionary<string, string>(StringComparer.Ordinal) { ["plan"] = plan.Format(study) }),
                    shared.FolderUse(parse), CaseIdentity.Inputs(caseName, study), EvaluationFiles.Names)
                : null;
            var evaluator = new CoupledEvaluator(study, settings.Coupling with { Threads = threads });
            session.Log.Information("Evaluating {Plan} on {Case} ({Pricing} pricing)", PlanText.Rounded(study, plan), study.Name, evaluator.Options.Pricing.ToText());
            var result = evaluator.Evaluate(plan, session.Cancellation);
            if (folder is not null)
            {
                EvaluationFiles.Write(folder.Path, study, result);
                session.Log.Information("Wrote results to {Folder}", folder.Path);
            }

            if (parse.GetValue(shared.Json))
            {
                session.Out.Write(JsonOutput.Build(w => EvaluationJson.Write(w, study, result)));
            }
            else
            {
                EvaluationJson.WriteText(session.Out, study, result);
            }

            if (result.Status is not SolveStatus.Converged && result.Message is { } message)
            {
                session.Error.WriteLine($"error: {message}");
            }

            return result.Status is SolveStatus.Converged ? ExitCodes.Success : ExitCodes.SolverFailure;
        });
        return command;
    }
}

/// <summary>The plan options shared by evaluate, v2g and sweep: <c>--capacities S1=KW,…</c> or <c>--uniform [KW]</c>.</summary>
internal sealed class PlanSelection
{
    public Option<string?> Capacities { get; } = new("--capacities")
    {
        Description = "Power per unit at every station, e.g. S1=350,S2=120,… (each an allowed level).",
        HelpName = "S1=KW,…",
    };

    public Option<double?> Uniform { get; } = new("--uniform")
    {
        Description = "Every station at the same power per unit; without a value, Case 2: the case's uniform_kw, or where it sets none the average of the allowed levels above 0.",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "KW",
    };

    public void AddTo(Command command)
    {
        command.Add(Capacities);
        command.Add(Uniform);
    }

    /// <summary>The plan as given, for run.json: "capacities S1=…", "uniform KW" or "uniform".</summary>
    public string Describe(ParseResult parse) =>
        parse.GetValue(Capacities) is { } text ? "capacities " + text
        : parse.GetValue(Uniform) is { } kw ? "uniform " + Invariant.Format(kw)
        : "uniform";

    /// <summary>The plan the options give; with <paramref name="defaultUniform"/>, no option means the uniform plan.</summary>
    public ChargingPlan Plan(ParseResult parse, StudyCase study, bool defaultUniform = false)
    {
        var hasUniform = parse.GetResult(Uniform) is not null;
        var text = parse.GetValue(Capacities);
        return (text, hasUniform) switch
        {
            (not null, true) => throw new UsageError("give either --capacities or --uniform, not both"),
            (not null, false) => ChargingPlan.Parse(study, text),
            (null, true) => UniformPlan(study, parse.GetValue(Uniform)),
            (null, false) when defaultUniform => ChargingPlan.Uniform(study),
            _ => throw new UsageError("give the plan: --capacities S1=KW,… or --uniform [KW]"),
        };
    }

    /// <summary>--uniform KW must be an allowed level at every station (as --capacities must); no value means Case 2 (ChargingPlan.Uniform).</summary>
    private static ChargingPlan UniformPlan(StudyCase study, double? kw)
    {
        var plan = ChargingPlan.Uniform(study, kw);
        if (kw is { } value && study.Stations.FirstOrDefault(s => !s.LevelsKw.Contains(value)) is { } station)
        {
            throw new UsageError(
                $"--uniform {Invariant.Format(value)}: not an allowed level at station {station.Id} (allowed: {string.Join(";", station.LevelsKw.Select(l => Invariant.Format(l)))} kW)");
        }

        return plan;
    }
}
/// <summary>Options shared by the commands that evaluate plans (evaluate, plan, v2g).</summary>
internal sealed class EvaluationOptions
{
    /// <summary>The result-affecting settings (here --pricing; plan adds the search options).</summary>
    public SettingsOptions Settings { get; } = new();

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override a case parameter, e.g. --set ev_share=0.5 --set demand_scale=1.1 (see docs/case-format.md).",
        AllowMultipleArgumentsPerToken = false,
        HelpName = "NAME=VALUE",
    };

    public Option<int> Threads { get; } = ThreadsOption();

    public Option<DirectoryInfo?> Out { get; } = new("--out") { Description = "Write the result files into this folder.", HelpName = "DIR" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as one JSON object." };

    public Option<bool> Force { get; } = ForceOption();

    public static Option<int> ThreadsOption() => new("--threads")
    {
        Description = "Threads (0 = all cores). Results do not depend on it.",
        DefaultValueFactory = _ => RunSettings.Defaults.Coupling.Threads,
    };

    public static Option<bool> ForceOption() => new("--force")
    {
        Description = "Replace the results of another run in the --out folder (its own files only; a case folder is never written into).",
    };

    public void AddTo(Command command)
    {
        Settings.AddCoupling(command);
        command.Add(Set);
        command.Add(Threads);
        command.Add(Out);
        command.Add(Json);
    }

    public StudyCase LoadCase(ParseResult parse, string? caseArgument)
    {
        var study = CaseLoader.Load(caseArgument);
        return CaseOverrides.Apply(study, parse.GetValue(Set) ?? []);
    }

    public int ThreadCount(ParseResult parse) =>
        parse.GetValue(Threads) is >= 0 and var threads ? threads : throw new UsageError($"--threads must be >= 0, got {parse.GetValue(Threads)}");

    public FolderUse FolderUse(ParseResult parse) => parse.GetValue(Force) ? Planning.Output.FolderUse.Replace : Planning.Output.FolderUse.New;
}
