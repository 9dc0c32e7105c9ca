using System.CommandLine;
using PlanningSolver.Core;
using PlanningSolver.Planning.Output;
using PlanningSolver.Planning.Cases;

namespace PlanningSolver.Cli.Commands;

/// <summary><c>validate [CASE]</c>: load and check a case; exit 0 when it is usable, 2 with one line naming file, line and column when not.</summary>
internal static class ValidateCommand
{
    public static Argument<string?> CaseArgument() => new("CASE")
    {
        Description = $"A case folder (holding case.json) or a built-in case name (default: {BuiltInCases.Default}).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Command Create(CliApp.CommandRunner runner)
    {
        var caseArgument = CaseArgument();
        var json = new Option<bool>("--json") { Description = "Print the case summary as one JSON object." };
        var command = new Command("validate", "Load a case and check every table, reference and limit.") { caseArgument, json };
        runner.Attach(command, (parse, session) =>
        {
            var study = CaseLoader.Load(parse.GetValue(caseArgument));
            var ev = study.Classes.Where(c => c.Kind == VehicleKind.Ev).Sum(c => c.Share);
            if (parse.GetValue(json))
            {
                session.Out.Write(JsonOutput.Build(w =>
                {
                    w.WriteString("status", "valid");
                    w.WriteString("case", study.Name);
                    w.WriteString("source", study.Source);
                    w.WriteNumber("nodes", study.Nodes.Count);
                    w.WriteNumber("links", study.Links.Count);
                    w.WriteNumber("zones", study.Zones.Count);
                    w.WriteNumber("trips_per_day", study.TotalTripsPerDay);
                    w.WriteNumber("ev_share", ev);
                    w.WriteNumber("stations", study.Stations.Count);
                    w.WriteNumber("buses", study.Buses.Count);
                    w.WriteNumber("branches", study.Branches.Count);
                    w.WriteNumber("base_load_kw", study.Buses.Sum(b => b.LoadKw));
                    w.WriteNumber("base_load_kvar", study.Buses.Sum(b => b.LoadKvar));
                }));
            }
            else
            {
                session.Out.WriteLine($"{study.Name}: valid ({study.Source})");
                session.Out.WriteLine($"  roads:    {study.Nodes.Count} nodes, {study.Links.Count} links, {study.Zones.Count} zones, {Invariant.Format(study.TotalTripsPerDay, 0)} trips/day, EV share {Invariant.Format(ev, 2)}");
                session.Out.WriteLine($"  stations: {study.Stations.Count} candidates ({string.Join(", ", study.Stations.Select(s => $"{s.Id}@{s.Node}/bus {s.Bus}"))})");
                var feeders = study.FeederIds.Count > 1 ? $" ({study.FeederIds.Count} feeders: {string.Join(", ", study.FeederIds)})" : "";
                session.Out.WriteLine($"  feeder:   {study.Buses.Count} buses, {study.Branches.Count} branches, base load {Invariant.Format(study.Buses.Sum(b => b.LoadKw), 0)} kW / {Invariant.Format(study.Buses.Sum(b => b.LoadKvar), 0)} kvar, {study.Generators.Count} generators{feeders}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
