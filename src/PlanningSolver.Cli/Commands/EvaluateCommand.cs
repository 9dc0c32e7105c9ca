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
