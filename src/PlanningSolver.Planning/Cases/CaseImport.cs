using System.Globalization;
using System.Text;
using PlanningSolver.Core;
using PlanningSolver.Power;
using PlanningSolver.Traffic;
using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Planning.Cases;

/// <summary>What a TNTP trips file counts: the trips of one (peak) hour, or of a whole day.</summary>
public enum TripsPeriod
{
    Hour,
    Day,
}

/// <summary>A row of the import's stations file: today's stations.csv columns plus the feeder the bus belongs to.</summary>
public sealed record ImportedStation(string Id, int Node, string Feeder, int Bus, int Units, IReadOnlyList<double> LevelsKw, double FixedCost, int Line);

/// <summary>One feeder of <c>cases import</c>: its name (the stations file's <c>feeder</c>), its file, its data as read.</summary>
public sealed record ImportedFeeder(string Name, string File, FeederData Data);

/// <summary>The inputs of <c>cases import</c>, read; <paramref name="Sources"/> names each input file for the README.</summary>
public sealed record CaseImportRequest(
    string Name,
    TntpNetwork Network,
    DemandMatrix Trips,
    TripsPeriod TripsPeriod,
    double KilometersPerLengthUnit,
    IReadOnlyDictionary<int, (double XKm, double YKm)>? NodePositions,
    IReadOnlyList<ImportedFeeder> Feeders,
    IReadOnlyList<ImportedStation> Stations,
    string StationsFile,
    StudyCase Template,
    IReadOnlyList<(string Role, string File)> Sources);

/// <summary>
/// Builds a case from the field's formats (issue 14): the road network and trips from TNTP, the feeder from MATPOWER,
/// the candidate stations from a CSV; what those formats do not carry (daily profile, vehicle classes, tariff,
/// economics) from a template case. Node ids are the TNTP numbers; bus ids the MATPOWER numbers for one feeder, and
/// <c>NAME.NUMBER</c> for several (bus ids are unique over a case), each feeder then a row of feeders.csv with its own
/// baseKV and substation voltage.
/// </summary>
public static class CaseImport
{
    /// <summary>Reads the stations file (<c>station,node,feeder,bus,units,levels_kw,fixed_cost</c>).</summary>
    public static IReadOnlyList<ImportedStation> ReadStations(Stream stream, string display)
    {
        var table = CsvTable.Read(stream, display, "station", "node", "feeder", "bus", "units", "levels_kw", "fixed_cost");
        return [.. table.Rows.Select(r => new ImportedStation(r.Id("station"), r.Integer("node", 1), r.Id("feeder"), r.Integer("bus", 1),
            r.Integer("units", 1, 1000), r.NumberList("levels_kw", 0), r.Number("fixed_cost", 0), r.Line))];
    }

    /// <summary>The case (validated) and its README text.</summary>
    public static (StudyCase Study, string Readme) Build(CaseImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var net = request.Network;
        var template = request.Template;
        if (net.FirstThruNode > net.Zones + 1)
        {
            throw new InputError(net.Source, null, "<FIRST THRU NODE>", $"{net.FirstThruNode} is above the zones (1..{net.Zones}): nodes without through traffic that are not zones are not supported");
        }

        var nodes = Enumerable.Range(1, net.Nodes).Select(n =>
        {
            // Without coordinates the node has none (the report then draws a schematic), not (0, 0).
            var (x, y) = request.NodePositions is { } positions && positions.TryGetValue(n, out var p) ? (p.XKm, p.YKm) : ((double?)null, (double?)null);
            return new RoadNode(Id(n), x, y, n <= net.Zones ? "zone" : "node", n);
        }).ToList();
        var links = net.Links.Select((l, a) =>
        {
            if (!(l.FreeFlowTime > 0) || !(l.Capacity > 0))
            {
                throw new InputError(net.Source, null, l.FreeFlowTime > 0 ? "capacity" : "free_flow_time",
                    $"link {l.From}->{l.To}: a case needs free_flow_time > 0 and capacity > 0, got {Invariant.Format(l.FreeFlowTime)} and {Invariant.Format(l.Capacity)}");
            }

            return new RoadLink($"L{a + 1}", Id(l.From), Id(l.To), l.FreeFlowTime, l.Capacity, l.Length * request.KilometersPerLengthUnit, l.B, l.Power, a + 1);
        }).ToList();
        var zones = Enumerable.Range(1, net.Zones).Select(z => new TrafficZone(Id(z), Id(z), z) { NoThroughTraffic = z < net.FirstThruNode }).ToList();

        // Trips of the peak hour become daily trips through the template's largest hourly share, so that hour carries them.
        var peakShare = template.Profile.Max(h => h.DemandShare);
        var perDay = request.TripsPeriod == TripsPeriod.Day ? 1.0 : 1.0 / peakShare;
        var demand = new List<OdDemand>();
        double intraZonal = 0;
        for (var r = 0; r < request.Trips.Zones; r++)
        {
            for (var s = 0; s < request.Trips.Zones; s++)
            {
                var trips = request.Trips[r, s];
                if (r == s)
                {
                    intraZonal += trips;
                }
                else if (trips > 0)
                {
                    demand.Add(new OdDemand(Id(r + 1), Id(s + 1), trips * perDay, demand.Count + 1));
                }
            }
        }

        if (request.Feeders.Count == 0)
        {
            throw new ArgumentException("an import needs at least one feeder", nameof(request));
        }

        var several = request.Feeders.Count > 1;
        string BusId(ImportedFeeder f, int bus) => several ? $"{f.Name}.{Id(bus)}" : Id(bus);
        var buses = new List<FeederBus>();
        var branches = new List<FeederBranch>();
        var generators = new List<DistributedGenerator>();
        var specs = new List<FeederSpec>();
        foreach (var imported in request.Feeders)
        {
            var feeder = imported.Data;
            if (!double.IsFinite(feeder.BaseKv))
            {
                throw new InputError(imported.File, null, "baseKV", "the feeder's reference bus has no baseKV; impedances in ohm need it");
            }

            // Ohms and amperes on the file's own bases, so feeders of different baseMVA or baseKV share one case.
            var zBase = feeder.BaseKv * feeder.BaseKv / feeder.BaseMva;
            var iBase = feeder.BaseMva * 1000 / (Math.Sqrt(3) * feeder.BaseKv);
            var tag = several ? imported.Name : null;
            // The case holds the substation at substation_voltage; its row's limits only need vmin < vmax, and MATPOWER's
            // radial cases fix the reference bus (Vmin = Vmax), so a fixed range takes the load buses' widest range.
            var loadBuses = feeder.Buses.Where(b => b.Id != feeder.SubstationBus).ToList();
            var (subMin, subMax) = feeder.SubstationVMinPu < feeder.SubstationVMaxPu || loadBuses.Count == 0
                ? (feeder.SubstationVMinPu, feeder.SubstationVMaxPu)
                : (loadBuses.Min(b => b.VMinPu), loadBuses.Max(b => b.VMaxPu));
            var line = buses.Count;
            buses.AddRange(feeder.Buses.Select(b => b.Id == feeder.SubstationBus
                ? new FeederBus(BusId(imported, b.Id), BusKind.Substation, b.PLoadMw * 1000, b.QLoadMvar * 1000, subMin, subMax, ++line) { Feeder = tag }
                : new FeederBus(BusId(imported, b.Id), BusKind.Load, b.PLoadMw * 1000, b.QLoadMvar * 1000, b.VMinPu, b.VMaxPu, ++line) { Feeder = tag }).ToList());
            branches.AddRange(feeder.Branches.Select((b, i) =>
            {
                double? limitPu = b.MaxCurrentPu is { } c ? c : b.RateMva is { } rate ? rate / feeder.BaseMva : null;
                return new FeederBranch(BusId(imported, b.FromBus), BusId(imported, b.ToBus), b.RPu * zBase, b.XPu * zBase, limitPu * iBase, branches.Count + i + 1);
            }).ToList());
            generators.AddRange(feeder.Generators.Select((g, i) => new DistributedGenerator(
                several ? $"{imported.Name}.G{i + 1}" : $"G{i + 1}", BusId(imported, g.Bus), g.PMinMw * 1000, g.PMaxMw * 1000, g.QMinMvar * 1000,
                g.QMaxMvar * 1000, g.CostPerMwh / 1000, generators.Count + i + 1)).ToList());
            specs.Add(new FeederSpec(imported.Name, feeder.BaseKv, feeder.SubstationVoltagePu, specs.Count + 2));
        }

        var byName = request.Feeders.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var names = string.Join(", ", request.Feeders.Select(f => $"'{f.Name}'"));
        var stations = request.Stations.Select(s => byName.TryGetValue(s.Feeder, out var f)
            ? new CandidateStation(s.Id, Id(s.Node), BusId(f, s.Bus), s.Units, s.LevelsKw, s.FixedCost, s.Line) { Feeder = several ? s.Feeder : null }
            : throw new InputError(request.StationsFile, s.Line, "feeder", $"feeder '{s.Feeder}' is not an imported feeder ({names})")).ToList();

        // One feeder: its bases and substation voltage are the case parameters. Several: the first one's power base is
        // the case's (every table is in kW and ohm, so the choice is a scaling) and feeders.csv holds each one's kV and voltage.
        var parameters = template.Parameters;
        var first = request.Feeders[0];
        foreach (var (name, value) in new[] { ("base_kv", first.Data.BaseKv), ("base_mva", first.Data.BaseMva), ("substation_voltage", first.Data.SubstationVoltagePu) })
        {
            parameters = parameters.With(name, value, out var problem);
            if (problem is not null)
            {
                throw new InputError(first.File, null, name, problem);
            }
        }

        foreach (var f in request.Feeders.Skip(1))
        {
            _ = CaseParameters.Defaults().With("substation_voltage", f.Data.SubstationVoltagePu, out var problem);
            if (problem is not null)
            {
                throw new InputError(f.File, null, "substation_voltage", problem);
            }
        }

        // Messages name the table that will be written, except stations, whose rows keep the lines of the user's file.
        var files = CaseFileNames.Tables.ToDictionary(t => t.Key, t => t.DefaultFile, StringComparer.Ordinal);
        files["stations"] = request.StationsFile;
        var feederText = string.Join(", ", request.Feeders.Select(f => $"{f.Name} ({f.Data.Buses.Count} buses)"));
        var description = $"Imported: {Path.GetFileName(net.Source)} ({net.Nodes} nodes, {links.Count} links, {net.Zones} zones), feeder{(several ? "s" : "")} {feederText}, {stations.Count} candidate stations; template {template.Name}.";
        var study = new StudyCase(request.Name, description, request.Name, parameters, nodes, links, zones, demand,
            template.Profile, template.Classes, stations, buses, branches, generators, template.Tariff, files)
        {
            FeederSpecs = several ? specs : [],
        };
        CaseValidator.Validate(study);
        return (study, Readme(request, study, peakShare, intraZonal));
    }

    private static string Id(int number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>A feeder name of <c>--feeder NAME=FILE</c>: a case identifier (docs/case-format.md) without <c>.</c>, which
    /// joins it to the MATPOWER bus number in the bus ids of a several-feeder case.</summary>
    public static bool IsFeederName(string name) =>
        name is { Length: > 0 and <= 64 } && name.AsSpan().IndexOfAny(",;\"'=.") < 0 && !name.Any(char.IsControl) && !name.Any(char.IsWhiteSpace);

    /// <summary>The README lines naming each feeder, its bus ids and where its bases and voltage went.</summary>
    private static string FeederNotes(CaseImportRequest request)
    {
        if (request.Feeders.Count == 1)
        {
            var f = request.Feeders[0];
            return $"- Feeder `{f.Name}`: buses and branches as MATPOWER numbers them after its conversion statements; base_kv = {Invariant.Format(f.Data.BaseKv)}, base_mva = {Invariant.Format(f.Data.BaseMva)} and substation_voltage = {Invariant.Format(f.Data.SubstationVoltagePu)} (the source's Vg) come from the file.";
        }

        return string.Join("\n", request.Feeders.Select(f =>
            $"- Feeder `{f.Name}` (`{Path.GetFileName(f.File)}`): buses `{f.Name}.N` for MATPOWER bus N, generators `{f.Name}.G1`…; its baseKV {Invariant.Format(f.Data.BaseKv)} and Vg {Invariant.Format(f.Data.SubstationVoltagePu)} p.u. are its feeders.csv row.")
            .Append($"- base_mva = {Invariant.Format(request.Feeders[0].Data.BaseMva)} (the first feeder's): the OPF's power base, a scaling only; the tables are in kW and ohm."));
    }

    private static string Readme(CaseImportRequest request, StudyCase study, double peakShare, double intraZonal)
    {
        var net = request.Network;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {study.Name}\n\nWritten by `planning-solver cases import`. {study.Description}\n\n## Sources\n\n| role | file |\n|---|---|\n");
        foreach (var (role, file) in request.Sources)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {role} | `{file}` |\n");
        }

        var periodNote = request.TripsPeriod == TripsPeriod.Day
            ? "the trips file counts a whole day: od.csv takes them as they are"
            : $"the trips file counts the peak hour: od.csv holds trips / {Invariant.Format(peakShare)} (the template's largest hourly share), so the template's peak hour carries the file's trips";
        text.Append(CultureInfo.InvariantCulture, $"""

            ## Units and assumptions

            - Nodes, zones: the TNTP numbers (zones are nodes 1..{net.Zones}); zones numbered below `<FIRST THRU NODE>` {net.FirstThruNode} have `through_traffic = no`.
            - Links: free-flow time taken as minutes, capacity as veh/h, length × {Invariant.Format(request.KilometersPerLengthUnit)} to km; BPR α = b, β = power; TNTP tolls and link types are not carried (the case format has none).
            - Trips: {periodNote}; {Invariant.Format(intraZonal)} intra-zonal trips are dropped (not assigned).
            {FeederNotes(request)}
            - Every feeder: r, x × Z_base = baseKV² / baseMVA ohm on its file's own bases; a rateA (MVA) becomes a current limit rateA / baseMVA × I_base A; the substation's import limits, shunts and cost are not carried (the case's tariff prices the substation energy); a fixed reference-bus range (Vmin = Vmax) is written as the load buses' widest range, since the case holds the substation at its substation voltage anyway.
            - Stations: from `{Path.GetFileName(request.StationsFile)}`, node = TNTP node, bus = MATPOWER bus of the row's feeder{(request.Feeders.Count > 1 ? " (case bus id FEEDER.BUS)" : "")}.
            - From the template case `{request.Template.Name}`: profile.csv, classes.csv, tariff.csv and every other parameter (economics, charging, queue).

            """);
        return text.ToString();
    }
}
