using System.Text.Json.Serialization;

namespace PlanningSolver.Planning.Cases;

/// <summary>File names of a case folder (see docs/case-format.md).</summary>
public static class CaseFileNames
{
    public const string Manifest = "case.json";

    /// <summary>The table keys of case.json "tables", in documentation order, with their default file names.</summary>
    public static IReadOnlyList<(string Key, string DefaultFile)> Tables { get; } =
    [
        ("nodes", "nodes.csv"),
        ("links", "links.csv"),
        ("zones", "zones.csv"),
        ("od", "od.csv"),
        ("profile", "profile.csv"),
        ("classes", "classes.csv"),
        ("stations", "stations.csv"),
        ("feeders", "feeders.csv"),
        ("buses", "buses.csv"),
        ("branches", "branches.csv"),
        ("generators", "generators.csv"),
        ("tariff", "tariff.csv"),
    ];
}

/// <summary>A road node; x, y in km (optional, both or neither) are used for the report's road map only.</summary>
public sealed record RoadNode(string Id, double? XKm, double? YKm, string Kind, int Line)
{
    public bool HasPosition => XKm is not null && YKm is not null;
}

/// <summary>A directed road link with a BPR volume-delay function t = t0 (1 + α (x/c)^β).</summary>
public sealed record RoadLink(string Id, string From, string To, double FreeFlowMinutes, double CapacityVph, double LengthKm, double Alpha, double Beta, int Line);

/// <summary>A traffic zone whose trips start and end at a road node.</summary>
public sealed record TrafficZone(string Id, string Node, int Line)
{
    /// <summary>
    /// A zone centroid (zones.csv <c>through_traffic</c> = <c>no</c>; TNTP's <c>&lt;FIRST THRU NODE&gt;</c> rule): trips
    /// start and end at its node but no route passes through it. Written only when set, so cases without the column
    /// keep their fingerprint.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NoThroughTraffic { get; init; }
}

/// <summary>Base daily trips between two zones (all vehicle classes together); hour t gets profile share f_t of them.</summary>
public sealed record OdDemand(string Origin, string Destination, double TripsPerDay, int Line);

/// <summary>One hour of the day: share f_t of the daily trips, and the feeder's base-load multiplier.</summary>
public sealed record HourProfile(int Hour, double DemandShare, double BaseLoadFactor, int Line);

public enum VehicleKind
{
    Icev,
    Ev,
}

/// <summary>A vehicle class: share of all trips, value of time, per-km money cost, charging share φ, energy per charge E.</summary>
public sealed record VehicleClass(
    string Id,
    VehicleKind Kind,
    double Share,
    double ValueOfTimePerHour,
    double CostPerKm,
    double ChargingShare,
    double EnergyPerChargeKwh,
    int Line);

/// <summary>A candidate fast-charging station: road node, feeder bus, m_s units, allowed kW per unit (0 = not built), fixed cost.</summary>
public sealed record CandidateStation(string Id, string Node, string Bus, int Units, IReadOnlyList<double> LevelsKw, double FixedCost, int Line)
{
    /// <summary>The feeder stations.csv names for the station (optional column <c>feeder</c>; it must be its bus's
    /// feeder), or null. Written only when set, so cases without the column keep their fingerprint.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Feeder { get; init; }

    /// <summary>The average of the allowed levels above 0 ("not built" is no size): Case 2 when the case sets no
    /// <c>uniform_kw</c>.</summary>
    public double AverageLevelKw => LevelsKw.Where(level => level > 0).Average();
}

public enum BusKind
{
    Substation,
    Load,
}

/// <summary>A feeder bus with its base load and voltage limits.</summary>
public sealed record FeederBus(string Id, BusKind Kind, double LoadKw, double LoadKvar, double VMinPu, double VMaxPu, int Line)
{
    /// <summary>The feeder buses.csv puts the bus on (optional column <c>feeder</c>), or null for the case's one
    /// feeder, <see cref="FeederSpec.DefaultId"/>. Written only when set, so cases without the column keep their
    /// fingerprint.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Feeder { get; init; }

    /// <summary>The bus's feeder id: <see cref="Feeder"/> or <see cref="FeederSpec.DefaultId"/>.</summary>
    [JsonIgnore]
    public string FeederId => Feeder ?? FeederSpec.DefaultId;
}

/// <summary>
/// One radial feeder of a case (feeders.csv, optional): its own line-to-line voltage base and substation voltage,
/// each defaulting to the case parameters <c>base_kv</c> and <c>substation_voltage</c> when empty. A case without
/// feeders.csv and without a <c>feeder</c> column in buses.csv has one feeder, <see cref="DefaultId"/>.
/// </summary>
public sealed record FeederSpec(string Id, double? BaseKv, double? SubstationVoltage, int Line)
{
    /// <summary>The id of the feeder of buses that name none.</summary>
    public const string DefaultId = "main";
}

/// <summary>A feeder branch (line section) with series impedance in ohms and an optional current limit in amperes.</summary>
public sealed record FeederBranch(string From, string To, double ROhm, double XOhm, double? MaxCurrentA, int Line);

/// <summary>A dispatchable distributed generator with a linear cost.</summary>
public sealed record DistributedGenerator(string Id, string Bus, double PMinKw, double PMaxKw, double QMinKvar, double QMaxKvar, double CostPerKwh, int Line);

/// <summary>The time-of-use energy price of one hour.</summary>
public sealed record TariffHour(int Hour, string Period, double PricePerKwh, int Line);

/// <summary>A study case as parsed and validated: immutable data, no indexes (those are built by the solvers).</summary>
public sealed record StudyCase(
    string Name,
    string Description,
    string Source,
    CaseParameters Parameters,
    IReadOnlyList<RoadNode> Nodes,
    IReadOnlyList<RoadLink> Links,
    IReadOnlyList<TrafficZone> Zones,
    IReadOnlyList<OdDemand> Demand,
    IReadOnlyList<HourProfile> Profile,
    IReadOnlyList<VehicleClass> Classes,
    IReadOnlyList<CandidateStation> Stations,
    IReadOnlyList<FeederBus> Buses,
    IReadOnlyList<FeederBranch> Branches,
    IReadOnlyList<DistributedGenerator> Generators,
    IReadOnlyList<TariffHour> Tariff,
    IReadOnlyDictionary<string, string> TableFiles)
{
    public const int Hours = 24;

    /// <summary>The feeders.csv rows (empty without the file).</summary>
    public IReadOnlyList<FeederSpec> FeederSpecs { get; init; } = [];

    /// <summary>The feeder ids: feeders.csv's order when it exists, else the order in which buses.csv first names them.</summary>
    public IReadOnlyList<string> FeederIds => FeederSpecs.Count > 0
        ? [.. FeederSpecs.Select(f => f.Id)]
        : [.. Buses.Select(b => b.FeederId).Distinct(StringComparer.Ordinal)];

    /// <summary>The substation bus of a feeder.</summary>
    public FeederBus SubstationOf(string feeder) => Buses.Single(b => b.Kind == BusKind.Substation && b.FeederId == feeder);

    /// <summary>The line-to-line voltage base of a feeder, kV (feeders.csv, else the case's <c>base_kv</c>).</summary>
    public double BaseKvOf(string feeder) => FeederSpecs.FirstOrDefault(f => f.Id == feeder)?.BaseKv ?? Parameters.BaseKv;

    /// <summary>The voltage held at a feeder's substation, p.u. (feeders.csv, else the case's <c>substation_voltage</c>).</summary>
    public double SubstationVoltageOf(string feeder) =>
        FeederSpecs.FirstOrDefault(f => f.Id == feeder)?.SubstationVoltage ?? Parameters.SubstationVoltage;

    public double TotalTripsPerDay => Demand.Sum(d => d.TripsPerDay);

    /// <summary>
    /// TNTP's <c>&lt;FIRST THRU NODE&gt;</c> for the road network numbered zones first (in <see cref="Zones"/> order): one
    /// past the zone centroids, which the loader lists first (<see cref="TrafficZone.NoThroughTraffic"/>); 1 when none.
    /// </summary>
    public int FirstThruNode => Zones.TakeWhile(z => z.NoThroughTraffic).Count() + 1;
}
