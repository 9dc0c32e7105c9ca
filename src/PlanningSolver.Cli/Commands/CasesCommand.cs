using System.CommandLine;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;

namespace PlanningSolver.Cli.Commands;

/// <summary><c>cases list</c> and <c>cases export NAME DIR</c>: the built-in cases.</summary>
internal static class CasesCommand
{
    public static Command Create(CliApp.CommandRunner runner)
    {
        var list = new Command("list", "List the built-in cases.");
        runner.Attach(list, (_, session) =>
        {
            foreach (var name in BuiltInCases.Names)
            {
                var study = CaseLoader.Load(new EmbeddedCaseSource(name));
                session.Out.WriteLine($"{name}\t{study.Description}");
            }

            return ExitCodes.Success;
        });

        var name = new Argument<string>("NAME") { Description = "Built-in case name (see 'cases list')." };
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "Folder to write the case files into (created if absent; must be empty)." };
        var force = new Option<bool>("--force") { Description = "Write into a folder that is not empty, replacing the case's files there." };
        var export = new Command("export", "Copy a built-in case into a folder, to inspect or modify it.") { name, folder, force };
        runner.Attach(export, (parse, session) =>
        {
            var target = parse.GetValue(folder)!.FullName;
            if (File.Exists(target))
            {
                throw new InputError(target, null, null, "is a file; cases export takes a folder");
            }

            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !parse.GetValue(force))
            {
                throw new InputError(target, null, null, "is not empty (its files may be your edits); choose an empty or new folder, or --force to overwrite");
            }

            var written = BuiltInCases.Export(parse.GetValue(name)!, target);
            session.Log.Information("Exported {Count} files of {Case} to {Folder}", written.Count, parse.GetValue(name), target);
            return ExitCodes.Success;
        });

        return new Command("cases", "Built-in study cases.") { list, export };
    }
}
