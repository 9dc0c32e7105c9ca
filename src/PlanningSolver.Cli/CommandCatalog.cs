using System.CommandLine;
using PlanningSolver.Cli.Commands;

namespace PlanningSolver.Cli;

/// <summary>The commands the tool offers, in help order. Each command is built in its own file under Commands/.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliApp.CommandRunner runner)
    {
        yield return CasesCommand.Create(runner);
        yield return ValidateCommand.Create(runner);
        yield return AssignCommand.Create(runner);
        yield return PfCommand.Create(runner);
        yield return OpfCommand.Create(runner);
        yield return EvaluateCommand.Create(runner);
        yield return PlanCommand.Create(runner);
        yield return SweepCommand.Create(runner);
        yield return SweepCommand.CreateMerge(runner);
        yield return StudyV2gCommand.Create(runner);
    }
}
