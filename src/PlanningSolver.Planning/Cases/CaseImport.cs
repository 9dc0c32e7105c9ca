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

/// <summary>The inputs of <c>cases import</c>, read; <paramref name="Sources"/> names each input file for the README.</summary>
public sealed record CaseImportRequest(
    string Name,
    TntpNetwork Network,
    DemandMatrix Trips,
    TripsPeriod TripsPeriod,
    double KilometersPerLengthUnit,
    IReadOnlyDictionary<int, (double XKm, double YKm)>? NodePositions,
    string FeederName,
    FeederData Feeder,
    IReadOnlyList<ImportedStation> Stations,
    string StationsFile,
    StudyCase Template,
    IReadOnlyList<(string Role, string File)> Sources);

/// <summary>
/// Builds a case from the field's formats (issue 14): the road network and trips from TNTP, the feeder from MATPOWER,
/// the candidate stations from a CSV; what those formats do not carry (daily profile, vehicle classes, tariff,
/// economics) from a template case. Node ids are the TNTP numbers, bus ids the MATPOWER numbers. One feeder per case.
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

        var feeder = request.Feeder;
        if (!double.IsFinite(feeder.BaseKv))
        {
            throw new InputError(request.FeederName, null, "baseKV", "the feeder's reference bus has no baseKV; impedances in ohm need it");
        }

        var zBase = feeder.BaseKv * feeder.BaseKv / feeder.BaseMva;
        var iBase = feeder.BaseMva * 1000 / (Math.Sqrt(3) * feeder.BaseKv);
        // The case holds the substation at substation_voltage; its row's limits only need vmin < vmax, and MATPOWER's
        // radial cases fix the reference bus (Vmin = Vmax), so a fixed range takes the load buses' widest range.
        var loadBuses = feeder.Buses.Where(b => b.Id != feeder.SubstationBus).ToList();
        var (subMin, subMax) = feeder.SubstationVMinPu < feeder.SubstationVMaxPu || loadBuses.Count == 0
            ? (feeder.SubstationVMinPu, feeder.SubstationVMaxPu)
            : (loadBuses.Min(b => b.VMinPu), loadBuses.Max(b => b.VMaxPu));
        var buses = feeder.Buses.Select((b, i) => b.Id == feeder.SubstationBus
            ? new FeederBus(Id(b.Id), BusKind.Substation, b.PLoadMw * 1000, b.QLoadMvar * 1000, subMin, subMax, i + 1)
            : new FeederBus(Id(b.Id), BusKind.Load, b.PLoadMw * 1000, b.QLoadMvar * 1000, b.VMinPu, b.VMaxPu, i + 1)).ToList();
        var branches = feeder.Branches.Select((b, i) =>
        {
            double? limitPu = b.MaxCurrentPu is { } c ? c : b.RateMva is { } rate ? rate / feeder.BaseMva : null;
            return new FeederBranch(Id(b.FromBus), Id(b.ToBus), b.RPu * zBase, b.XPu * zBase, limitPu * iBase, i + 1);
        }).ToList();
        var generators = feeder.Generators.Select((g, i) => new DistributedGenerator(
            $"G{i + 1}", Id(g.Bus), g.PMinMw * 1000, g.PMaxMw * 1000, g.QMinMvar * 1000, g.QMaxMvar * 1000, g.CostPerMwh / 1000, i + 1)).ToList();

        var stations = request.Stations.Select(s => s.Feeder == request.FeederName
            ? new CandidateStation(s.Id, Id(s.Node), Id(s.Bus), s.Units, s.LevelsKw, s.FixedCost, s.Line)
            : throw new InputError(request.StationsFile, s.Line, "feeder", $"feeder '{s.Feeder}' is not the imported feeder '{request.FeederName}'")).ToList();

        var parameters = template.Parameters;
        foreach (var (name, value) in new[] { ("base_kv", feeder.BaseKv), ("base_mva", feeder.BaseMva), ("substation_voltage", feeder.SubstationVoltagePu) })
        {
            parameters = parameters.With(name, value, out var problem);
            if (problem is not null)
            {
                throw new InputError(request.FeederName, null, name, problem);
            }
        }

        // Messages name the table that will be written, except stations, whose rows keep the lines of the user's file.
        var files = CaseFileNames.Tables.ToDictionary(t => t.Key, t => t.DefaultFile, StringComparer.Ordinal);
        files["stations"] = request.StationsFile;
        var description = $"Imported: {Path.GetFileName(net.Source)} ({net.Nodes} nodes, {links.Count} links, {net.Zones} zones), feeder {request.FeederName} ({buses.Count} buses), {stations.Count} candidate stations; template {template.Name}.";
        var study = new StudyCase(request.Name, description, request.Name, parameters, nodes, links, zones, demand,
            template.Profile, template.Classes, stations, buses, branches, generators, template.Tariff, files);
        CaseValidator.Validate(study);
        return (study, Readme(request, study, peakShare, intraZonal));
    }

    private static string Id(int number) => number.ToString(CultureInfo.InvariantCulture);

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
            - Feeder `{request.FeederName}`: buses and branches as MATPOWER numbers them after its conversion statements; r, x × Z_base = baseKV² / baseMVA = {Invariant.Format(study.Parameters.BaseKv)}² / {Invariant.Format(study.Parameters.BaseMva)} ohm; a rateA (MVA) becomes a current limit rateA / baseMVA × I_base A; the substation's import limits, shunts and cost are not carried (the case's tariff prices the substation energy); base_kv, base_mva and substation_voltage (the source's Vg) come from the file; a fixed reference-bus range (Vmin = Vmax) is written as the load buses' widest range, since the case holds the substation at substation_voltage anyway.
            - Stations: from `{Path.GetFileName(request.StationsFile)}`, node = TNTP node, bus = MATPOWER bus.
            - From the template case `{request.Template.Name}`: profile.csv, classes.csv, tariff.csv and every other parameter (economics, charging, queue).

            """);
        return text.ToString();
    }
}
