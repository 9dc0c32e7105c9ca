using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Power;
using PlanningSolver.Traffic;
using TrafficClass = PlanningSolver.Traffic.VehicleClass;
using TrafficLink = PlanningSolver.Traffic.RoadLink;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>
/// The solvers' indexed references of one case, built once: the road network and assignment model (zones renumbered
/// first, as TNTP numbers them), the assignment classes (each case class split into a non-charging and a charging part),
/// the 24 hourly demand matrices, and the radial feeder in per-unit with the station buses located.
/// </summary>
public sealed class CaseNetworks
{
    private const double MinutesPerHour = 60.0;

    public CaseNetworks(StudyCase study)
    {
        ArgumentNullException.ThrowIfNull(study);
        Study = study;
        var p = study.Parameters;

        // Road nodes: zone nodes first (in zone order), then the rest in case order; ids are 1-based.
        var zoneNodes = study.Zones.Select(z => z.Node).ToList();
        if (zoneNodes.Distinct(StringComparer.Ordinal).Count() != zoneNodes.Count)
        {
            var dup = study.Zones.GroupBy(z => z.Node).First(g => g.Count() > 1).Skip(1).First();
            throw new InputError(study.TableFiles["zones"], dup.Line, "node", $"node '{dup.Node}' already holds another zone; give each zone its own node");
        }

        var order = zoneNodes.Concat(study.Nodes.Select(n => n.Id).Where(id => !zoneNodes.Contains(id))).ToList();
        NodeNumber = order.Select((id, i) => (id, i + 1)).ToDictionary(t => t.id, t => t.Item2, StringComparer.Ordinal);
        var links = study.Links.Select(l => new TrafficLink(NodeNumber[l.From], NodeNumber[l.To], l.CapacityVph, l.LengthKm, l.FreeFlowMinutes, l.Alpha, l.Beta)).ToArray();
        Road = new RoadNetwork(order.Count, study.Zones.Count, study.FirstThruNode, links);

        // Classes: per case class a non-charging part (share·(1−φ)) and, when φ > 0, a charging part (share·φ).
        var classes = new List<TrafficClass>();
        var parts = new List<ClassPart>();
        foreach (var c in study.Classes)
        {
            if (c.ChargingShare < 1)
            {
                parts.Add(new ClassPart(c, false, c.Share * (1 - c.ChargingShare)));
                classes.Add(new TrafficClass(c.Id, c.ValueOfTimePerHour, c.CostPerKm, Charging: false));
            }

            if (c.ChargingShare > 0)
            {
                parts.Add(new ClassPart(c, true, c.Share * c.ChargingShare));
                classes.Add(new TrafficClass(c.Id + "-charging", c.ValueOfTimePerHour, c.CostPerKm, Charging: true));
            }
        }

        Parts = parts;
        var chargingClasses = study.Classes.Where(c => c.ChargingShare > 0).ToList();
        // CaseValidator guarantees one E and one VOT over the charging classes.
        EnergyPerChargeKwh = chargingClasses.Count > 0 ? chargingClasses[0].EnergyPerChargeKwh : 0;
        ChargingValueOfTime = chargingClasses.Count > 0 ? chargingClasses[0].ValueOfTimePerHour : 0;
        var sites = study.Stations.Select(s => new ChargingSite(s.Id, NodeNumber[s.Node])).ToArray();
        var charging = EnergyPerChargeKwh > 0
            ? new ChargingParameters(EnergyPerChargeKwh, p.ChargingEfficiency, p.QueueAlpha, p.QueueBeta)
            : null;
        Assignment = new AssignmentModel(Road, classes, sites, charging,
            new AssignmentSettings(HoursPerTimeUnit: 1.0 / MinutesPerHour, KilometersPerLengthUnit: 1.0));

        // Hourly demand per class part: q_rs,t = f_t · Q_rs · demand_scale · share_part.
        var zoneIndex = study.Zones.Select((z, i) => (z.Id, i)).ToDictionary(t => t.Id, t => t.i, StringComparer.Ordinal);
        var baseMatrix = new double[study.Zones.Count, study.Zones.Count];
        foreach (var od in study.Demand)
        {
            baseMatrix[zoneIndex[od.Origin], zoneIndex[od.Destination]] = od.TripsPerDay * p.DemandScale;
        }

        var profile = study.Profile.OrderBy(h => h.Hour).ToArray();
        HourlyDemand = new DemandMatrix[StudyCase.Hours][];
        for (var t = 0; t < StudyCase.Hours; t++)
        {
            HourlyDemand[t] = new DemandMatrix[parts.Count];
            for (var k = 0; k < parts.Count; k++)
            {
                var m = new DemandMatrix(study.Zones.Count);
                var factor = profile[t].DemandShare * parts[k].Share;
                for (var r = 0; r < study.Zones.Count; r++)
                {
                    for (var s = 0; s < study.Zones.Count; s++)
                    {
                        if (r != s && baseMatrix[r, s] > 0)
                        {
                            m[r, s] = baseMatrix[r, s] * factor;
                        }
                    }
                }

                HourlyDemand[t][k] = m;
            }
        }

        BaseLoadFactor = profile.Select(h => h.BaseLoadFactor).ToArray();
        TariffPerKwh = study.Tariff.OrderBy(h => h.Hour).Select(h => h.PricePerKwh).ToArray();

        // Feeders in per unit: bus i of the case is feeder bus id i + 1. Several feeders make one grid of independent
        // radial trees (Feeder.Build of a list), which every OPF of the case solves as one block-diagonal model.
        BusNumber = study.Buses.Select((b, i) => (b.Id, i + 1)).ToDictionary(t => t.Id, t => t.Item2, StringComparer.Ordinal);
        FeederIds = study.FeederIds;
        var feederOf = study.Buses.ToDictionary(b => b.Id, b => b.FeederId, StringComparer.Ordinal);
        var trees = FeederIds.Select(id => TreeData(study, id, FeederIds.Count == 1 ? study.Name : id, feederOf)).ToArray();
        Feeder = trees.Length == 1 ? Feeder.Build(trees[0]) : Feeder.Build(trees);
        BusIds = study.Buses.Select(b => b.Id).ToArray();
        StationBusIndex = study.Stations.Select(s => Feeder.IndexOf(BusNumber[s.Bus])).ToArray();
        StationFeeder = [.. StationBusIndex.Select(Feeder.TreeOf)];
        Generators = [.. FeederIds.SelectMany(id => study.Generators.Where(g => feederOf[g.Bus] == id))];
        var pf = p.EvPowerFactor;
        EvReactivePerActive = Math.Tan(Math.Acos(pf));
    }

    /// <summary>One feeder's data in per unit on the case's power base and the feeder's own voltage base.</summary>
    private FeederData TreeData(StudyCase study, string feeder, string name, Dictionary<string, string> feederOf)
    {
        var p = study.Parameters;
        var baseKv = study.BaseKvOf(feeder);
        var zBase = baseKv * baseKv / p.BaseMva;
        var iBase = p.BaseMva * 1000.0 / (Math.Sqrt(3) * baseKv);
        var voltage = study.SubstationVoltageOf(feeder);
        return new FeederData(
            name,
            p.BaseMva,
            BusNumber[study.SubstationOf(feeder).Id],
            voltage,
            voltage,
            voltage,
            TariffPerKwh.Average() * 1000,
            study.Buses.Where(b => b.FeederId == feeder)
                .Select(b => new Power.FeederBus(BusNumber[b.Id], b.LoadKw / 1000, b.LoadKvar / 1000, b.VMinPu, b.VMaxPu)).ToArray(),
            study.Branches.Where(b => feederOf[b.From] == feeder)
                .Select(b => new Power.FeederBranch(BusNumber[b.From], BusNumber[b.To], b.ROhm / zBase, b.XOhm / zBase, b.MaxCurrentA is { } amps ? amps / iBase : null)).ToArray(),
            study.Generators.Where(g => feederOf[g.Bus] == feeder)
                .Select(g => new FeederGenerator(BusNumber[g.Bus], g.PMinKw / 1000, g.PMaxKw / 1000, g.QMinKvar / 1000, g.QMaxKvar / 1000, g.CostPerKwh * 1000)).ToArray())
        {
            BaseKv = baseKv,
        };
    }

    /// <summary>A part of a case class in the assignment: its case class, whether it charges, and its share of all trips.</summary>
    public sealed record ClassPart(Cases.VehicleClass Class, bool Charging, double Share);

    public StudyCase Study { get; }

    public IReadOnlyDictionary<string, int> NodeNumber { get; }

    public RoadNetwork Road { get; }

    public AssignmentModel Assignment { get; }

    /// <summary>The assignment classes' origin, in <see cref="AssignmentModel.Classes"/> order.</summary>
    public IReadOnlyList<ClassPart> Parts { get; }

    /// <summary>[hour][class part] demand (veh/h).</summary>
    public DemandMatrix[][] HourlyDemand { get; }

    public double[] BaseLoadFactor { get; }

    public double[] TariffPerKwh { get; }

    public double EnergyPerChargeKwh { get; }

    public double ChargingValueOfTime { get; }

    public IReadOnlyDictionary<string, int> BusNumber { get; }

    /// <summary>The case's grid: one radial feeder, or several as one forest (<see cref="Feeder.Trees"/> in the order of
    /// <see cref="FeederIds"/>).</summary>
    public Feeder Feeder { get; }

    /// <summary>The case's feeder ids, order of <see cref="Feeder.Trees"/>.</summary>
    public IReadOnlyList<string> FeederIds { get; }

    /// <summary>The case's generators in the order of <see cref="Feeder.Generators"/> (and of an OPF result's):
    /// feeder by feeder, case order within a feeder.</summary>
    public IReadOnlyList<DistributedGenerator> Generators { get; }

    /// <summary>The feeder (index in <see cref="FeederIds"/>) of each station, case order.</summary>
    public IReadOnlyList<int> StationFeeder { get; }

    /// <summary>Case bus id by feeder bus index.</summary>
    public IReadOnlyList<string> BusIds { get; }

    /// <summary>Feeder bus index of each station (case order).</summary>
    public IReadOnlyList<int> StationBusIndex { get; }

    /// <summary>tan(acos pf): kvar of charging load per kW.</summary>
    public double EvReactivePerActive { get; }

    /// <summary>Grid operation cost per hour without any EV load, by unserved-load penalty; computed once and shared by
    /// every evaluator of this case (it does not depend on the plan).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<double, double[]> BaselineGridCost { get; } = new();

    /// <summary>The OPF input of one hour (design.md §3): every bus's base load × the hour's factor plus the charging load
    /// E·y_s (kW, at power factor cos φ) at each station's bus; the hour's tariff at the substation.</summary>
    /// <param name="hour">0..23.</param>
    /// <param name="stationLoadKw">E·y_s per station (kW), case order.</param>
    public OpfPeriodInput HourInput(int hour, ReadOnlySpan<double> stationLoadKw)
    {
        const double KwPerMw = 1000.0;
        var p = new double[Feeder.BusCount];
        var q = new double[Feeder.BusCount];
        for (var j = 0; j < Feeder.BusCount; j++)
        {
            p[j] = Feeder.PLoad[j] * Feeder.BaseMva * BaseLoadFactor[hour];
            q[j] = Feeder.QLoad[j] * Feeder.BaseMva * BaseLoadFactor[hour];
        }

        for (var s = 0; s < stationLoadKw.Length; s++)
        {
            p[StationBusIndex[s]] += stationLoadKw[s] / KwPerMw;
            q[StationBusIndex[s]] += stationLoadKw[s] * EvReactivePerActive / KwPerMw;
        }

        return new OpfPeriodInput(p, q, TariffPerKwh[hour] * KwPerMw);
    }

    /// <summary>The case bus id of a feeder bus id.</summary>
    public string CaseBusId(int feederBusId) => BusIds[feederBusId - 1];
}
