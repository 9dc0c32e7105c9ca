using System.CommandLine;

namespace PlanningSolver.Cli;

/// <summary>The commands the tool offers, in help order. Each command is built in its own file under Commands/.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliApp.CommandRunner runner)
    {
        yield return Commands.PfCommand.Create(runner);
        yield return Commands.OpfCommand.Create(runner);
    }
}
