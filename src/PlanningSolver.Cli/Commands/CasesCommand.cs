using System.CommandLine;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Output;
using PlanningSolver.Power;
using PlanningSolver.Traffic.Tntp;

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

        return new Command("cases", "Built-in study cases; import a case from TNTP and MATPOWER files.") { list, export, Import(runner) };
    }

    private static readonly Dictionary<string, double> KilometersPer = new(StringComparer.Ordinal)
    {
        ["km"] = 1,
        ["m"] = 0.001,
        ["mi"] = 1.609344,
        ["ft"] = 0.0003048,
    };

    /// <summary><c>cases import DIR --network NET --trips TRIPS --feeder NAME=FILE [--feeder NAME=FILE …] --stations CSV [...]</c>.</summary>
    private static Command Import(CliApp.CommandRunner runner)
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "Folder to write the case into (created if absent; must be empty)." };
        var network = new Option<FileInfo>("--network") { Description = "TNTP _net file of the road network.", Required = true, HelpName = "NET.tntp" };
        var trips = new Option<FileInfo>("--trips") { Description = "TNTP _trips file.", Required = true, HelpName = "TRIPS.tntp" };
        var feeders = new Option<string[]>("--feeder") { Description = "NAME=FEEDER.m: a radial MATPOWER feeder behind the stations, named as in the stations file's feeder column; repeat for several feeders.", Required = true, HelpName = "NAME=FILE", AllowMultipleArgumentsPerToken = false };
        var stations = new Option<FileInfo>("--stations") { Description = "CSV with station,node,feeder,bus,units,levels_kw,fixed_cost (node: TNTP node, bus: MATPOWER bus).", Required = true, HelpName = "STATIONS.csv" };
        var period = new Option<string>("--trips-period") { Description = "What the trips file counts: hour (the peak hour; default) or day.", DefaultValueFactory = _ => "hour", HelpName = "hour|day" };
        var lengthUnit = new Option<string>("--length-unit") { Description = "Unit of the TNTP length column: km (default), m, mi or ft.", DefaultValueFactory = _ => "km", HelpName = "km|m|mi|ft" };
        var nodes = new Option<FileInfo?>("--nodes") { Description = "Node coordinates for the report's maps: a TNTP node file (node x y) or a GeoJSON file of Point features (longitude/latitude, node in properties.id).", HelpName = "NODES" };
        var nodeUnits = new Option<string>("--node-units") { Description = "Unit of the --nodes coordinates: auto (default: GeoJSON and TNTP files within ±180/±90 are longitude/latitude, others in --length-unit), deg, km, m, mi or ft.", DefaultValueFactory = _ => "auto", HelpName = "auto|deg|km|m|mi|ft" };
        var template = new Option<string>("--template") { Description = "Case giving the daily profile, classes, tariff and economics.", DefaultValueFactory = _ => BuiltInCases.ImportTemplate, HelpName = "CASE" };
        var command = new Command("import", "Build a case folder from a TNTP network and trips, MATPOWER feeders and a stations file.")
        {
            folder, network, trips, nodes, nodeUnits, feeders, stations, period, lengthUnit, template,
        };
        runner.Attach(command, (parse, session) =>
        {
            var target = parse.GetValue(folder)!.FullName;
            if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
            {
                throw new InputError(target, null, null, "exists and is not an empty folder; cases import writes a new case into an empty or new folder");
            }

            var feederArgs = new List<(string Name, string File)>();
            foreach (var arg in parse.GetValue(feeders)!)
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == arg.Length - 1)
                {
                    throw new UsageError($"--feeder expects NAME=FILE, got '{arg}'");
                }

                var name = arg[..eq];
                if (!CaseImport.IsFeederName(name))
                {
                    throw new UsageError($"--feeder: '{name}' is not a valid feeder name (at most 64 characters; no spaces, commas, semicolons, quotes, '=' or '.')");
                }

                if (feederArgs.Any(f => f.Name == name))
                {
                    throw new UsageError($"--feeder: the name '{name}' is given twice; each feeder needs its own name");
                }

                feederArgs.Add((name, arg[(eq + 1)..]));
            }

            var tripsPeriod = parse.GetValue(period) switch
            {
                "hour" => TripsPeriod.Hour,
                "day" => TripsPeriod.Day,
                var other => throw new UsageError($"--trips-period must be hour or day, got '{other}'"),
            };
            if (!KilometersPer.TryGetValue(parse.GetValue(lengthUnit)!, out var kmPerUnit))
            {
                throw new UsageError($"--length-unit must be one of {string.Join(", ", KilometersPer.Keys)}, got '{parse.GetValue(lengthUnit)}'");
            }

            var nodeUnit = parse.GetValue(nodeUnits)!;
            if (nodeUnit is not ("auto" or "deg") && !KilometersPer.ContainsKey(nodeUnit))
            {
                throw new UsageError($"--node-units must be one of auto, deg, {string.Join(", ", KilometersPer.Keys)}, got '{nodeUnit}'");
            }

            var netPath = parse.GetValue(network)!.ToString();
            var tripsPath = parse.GetValue(trips)!.ToString();
            var stationsPath = parse.GetValue(stations)!.ToString();
            var net = TntpReader.ReadNetwork(netPath);
            foreach (var warning in net.Warnings)
            {
                session.Log.Warning("{Warning}", warning);
            }

            var demand = TntpReader.ReadTrips(tripsPath);
            if (demand.Zones != net.Zones)
            {
                throw new InputError(tripsPath, null, "<NUMBER OF ZONES>", $"{demand.Zones} zones, the network {netPath} has {net.Zones}");
            }

            var nodesPath = parse.GetValue(nodes)?.ToString();
            var coordinates = nodesPath is null ? null : NodeCoordinatesReader.Read(nodesPath, net.Nodes,
                nodeUnit switch { "auto" => null, "deg" => CoordinateUnit.Degrees, _ => CoordinateUnit.Planar },
                KilometersPer.GetValueOrDefault(nodeUnit, kmPerUnit));
            var imported = feederArgs.Select(f => new ImportedFeeder(f.Name, f.File, MatpowerReader.Load(f.File).Data)).ToList();
            IReadOnlyList<ImportedStation> candidates;
            try
            {
                using var stream = File.OpenRead(stationsPath);
                candidates = CaseImport.ReadStations(stream, stationsPath);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new InputError(stationsPath, null, null, "file not found", e);
            }

            var templateName = parse.GetValue(template)!;
            var request = new CaseImportRequest(
                Path.GetFileName(Path.TrimEndingDirectorySeparator(target)), net, demand, tripsPeriod, kmPerUnit, coordinates?.PositionsKm, imported,
                candidates, stationsPath, CaseLoader.Load(templateName),
                [("road network", netPath), ("trips", tripsPath), .. (nodesPath is null ? [] : new[] { ("node coordinates", nodesPath) }),
                    .. feederArgs.Select(f => ($"feeder {f.Name}", f.File)), ("stations", stationsPath), ("template", templateName)]);
            var (study, readme) = CaseImport.Build(request);
            readme = readme.TrimEnd() + "\n" + (coordinates is null
                ? "- Node coordinates: none given (`--nodes`), so nodes.csv has no x_km, y_km and the report draws the road network as a schematic.\n"
                : $"- Node coordinates: from `{Path.GetFileName(nodesPath)}`, {coordinates.Note}; nodes.csv holds them as x_km (east), y_km (north).\n");
            CaseFolderWriter.Write(target, CaseFolderWriter.Files(study, readme));
            session.Log.Information("Imported {Nodes} nodes, {Links} links, {Zones} zones, {Buses} buses, {Stations} stations into {Folder}",
                study.Nodes.Count, study.Links.Count, study.Zones.Count, study.Buses.Count, study.Stations.Count, target);
            return ExitCodes.Success;
        });
        return command;
    }
}
