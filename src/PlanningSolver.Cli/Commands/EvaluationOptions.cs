using System.CommandLine;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Output;
using PlanningSolver.Planning.Settings;

namespace PlanningSolver.Cli.Commands;

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
