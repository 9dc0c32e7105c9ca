namespace PlanningSolver.Traffic;

/// <summary>A vehicle class: its own value of time and per-km money cost; all classes share congestion on total flow.</summary>
/// <param name="Name">Label (e.g. "ICEV", "EV", "EV-charging").</param>
/// <param name="ValueOfTime">Value of time, money per hour (> 0 whenever the class has money costs).</param>
/// <param name="CostPerKm">Money per vehicle-km (ICEV fuel; 0 for EVs, whose energy is paid at the charger).</param>
/// <param name="Charging">True when the class must pass exactly one charging station (two-layer network).</param>
public sealed record VehicleClass(string Name, double ValueOfTime = 1.0, double CostPerKm = 0.0, bool Charging = false);

/// <summary>A candidate charging site at a road node; whether it is built, and its power and price, are given per solve.</summary>
/// <param name="Name">Label.</param>
/// <param name="Node">Node id (1-based) where the charging link sits.</param>
public sealed record ChargingSite(string Name, int Node);

/// <summary>
/// Station-time parameters shared by all sites: <c>τ_s(y) = (E / (η P_s)) (1 + α_q (y / μ_s)^β_q)</c> hours with
/// <c>μ_s = m_s η P_s / E</c> vehicles per hour (design.md §2).
/// </summary>
/// <param name="EnergyPerChargeKwh">E, energy delivered per charge (kWh).</param>
/// <param name="Efficiency">η, charging efficiency in (0, 1].</param>
/// <param name="QueueAlpha">α_q.</param>
/// <param name="QueueBeta">β_q.</param>
public sealed record ChargingParameters(double EnergyPerChargeKwh, double Efficiency = 0.95, double QueueAlpha = 0.15, double QueueBeta = 4.0);

/// <summary>Per-solve state of one charging site.</summary>
/// <param name="PowerKw">P_s, power per charging unit (kW); 0 means not built (no charging link).</param>
/// <param name="Units">m_s, number of charging units; 0 means not built.</param>
/// <param name="PricePerKwh">π_s, charging price (money per kWh).</param>
public sealed record StationState(double PowerKw, int Units, double PricePerKwh)
{
    public bool IsAvailable => PowerKw > 0 && Units > 0;

    /// <summary>ρ ≥ 0 (money per kWh per vehicle/h): the price rises with the station's own flow y,
    /// <c>π_s + ρ (y − y°_s)</c>, a proximal term that the coupled evaluation's augmented-Lagrangian search adds to hold the
    /// station flows at a target y° (see <c>CoupledHourSolver.ProximalSearch</c>); 0, the plain price, by default.</summary>
    public double PriceSlopePerKwh { get; init; }

    /// <summary>y°_s (vehicles/h): the flow at which the rising price equals <see cref="PricePerKwh"/>.</summary>
    public double PriceSlopeCenter { get; init; }
}

/// <summary>Model-wide generalized-cost settings, fixed when the <see cref="AssignmentModel"/> is built.</summary>
/// <param name="DistanceFactor">Time units per length unit added to every link (generalized cost = time + df·length + tf·toll).</param>
/// <param name="TollFactor">Time units per toll unit.</param>
/// <param name="HoursPerTimeUnit">Hours in one network time unit (1/60 for minutes); converts money/VOT and station hours.</param>
/// <param name="KilometersPerLengthUnit">Kilometres in one network length unit; converts per-km costs and vehicle-km.</param>
public sealed record AssignmentSettings(
    double DistanceFactor = 0.0, double TollFactor = 0.0, double HoursPerTimeUnit = 1.0, double KilometersPerLengthUnit = 1.0);

/// <summary>
/// The assignment problem's fixed structure, built once and shared read-only: the road network, the vehicle classes, the
/// candidate charging sites and the expanded two-layer graph (road links copied in layer 0 and layer 1, one charging
/// link per site from its node in layer 0 to the same node in layer 1). Charging classes travel from their origin in
/// layer 0 to their destination in layer 1; other classes stay in layer 0.
/// </summary>
public sealed class AssignmentModel
{
    public AssignmentModel(
        RoadNetwork network,
        IReadOnlyList<VehicleClass> classes,
        IReadOnlyList<ChargingSite>? sites = null,
        ChargingParameters? charging = null,
        AssignmentSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count == 0)
        {
            throw new ArgumentException("at least one vehicle class is needed", nameof(classes));
        }

        Network = network;
        Classes = classes;
        Sites = sites ?? [];
        Settings = settings ?? new AssignmentSettings();
        Charging = charging;
        ValidateSettings(Settings);
        foreach (var c in classes)
        {
            if (!double.IsFinite(c.CostPerKm) || c.CostPerKm < 0 || !(c.ValueOfTime > 0) || !double.IsFinite(c.ValueOfTime))
            {
                throw new ArgumentException($"class '{c.Name}': value of time must be finite and > 0 and cost per km finite and >= 0");
            }
        }

        foreach (var s in Sites)
        {
            if (s.Node < 1 || s.Node > network.NodeCount)
            {
                throw new ArgumentException($"charging site '{s.Name}' is at node {s.Node}, outside 1..{network.NodeCount}");
            }
        }

        HasChargingClass = classes.Any(c => c.Charging);
        if (HasChargingClass && charging is null)
        {
            throw new ArgumentException("a charging class needs ChargingParameters", nameof(charging));
        }

        if (charging is not null
            && (!(charging.EnergyPerChargeKwh > 0) || !(charging.Efficiency > 0 && charging.Efficiency <= 1)
                || !(charging.QueueAlpha >= 0) || !(charging.QueueBeta >= 0)))
        {
            throw new ArgumentException("charging parameters: E > 0, 0 < η <= 1, α_q >= 0, β_q >= 0 required", nameof(charging));
        }

        var n = network.NodeCount;
        var a = network.LinkCount;
        var layers = HasChargingClass ? 2 : 1;
        ExpandedNodeCount = layers * n;
        ArcCount = (layers * a) + (HasChargingClass ? Sites.Count : 0);
        AggregateCount = a + (HasChargingClass ? Sites.Count : 0);
        var tail = new int[ArcCount];
        var head = new int[ArcCount];
        for (var layer = 0; layer < layers; layer++)
        {
            for (var i = 0; i < a; i++)
            {
                tail[(layer * a) + i] = network.Tail[i] + (layer * n);
                head[(layer * a) + i] = network.Head[i] + (layer * n);
            }
        }

        if (HasChargingClass)
        {
            for (var s = 0; s < Sites.Count; s++)
            {
                tail[ChargingArc(s)] = Sites[s].Node - 1;
                head[ChargingArc(s)] = Sites[s].Node - 1 + n;
            }
        }

        ArcTail = tail;
        ArcHead = head;

        // Forward star: arcs grouped by tail, in arc order within a tail.
        FirstOut = new int[ExpandedNodeCount + 1];
        foreach (var t in tail)
        {
            FirstOut[t + 1]++;
        }

        for (var v = 0; v < ExpandedNodeCount; v++)
        {
            FirstOut[v + 1] += FirstOut[v];
        }

        OutArc = new int[ArcCount];
        OutHead = new int[ArcCount];
        var fill = (int[])FirstOut.Clone();
        for (var e = 0; e < ArcCount; e++)
        {
            var slot = fill[tail[e]]++;
            OutArc[slot] = e;
            OutHead[slot] = head[e];
        }

        // Reverse star: arcs grouped by head, in arc order within a head.
        FirstIn = new int[ExpandedNodeCount + 1];
        foreach (var h in head)
        {
            FirstIn[h + 1]++;
        }

        for (var v = 0; v < ExpandedNodeCount; v++)
        {
            FirstIn[v + 1] += FirstIn[v];
        }

        InArc = new int[ArcCount];
        fill = (int[])FirstIn.Clone();
        for (var e = 0; e < ArcCount; e++)
        {
            InArc[fill[head[e]]++] = e;
        }

        // The flow-dependent cost term each arc adds to: its road link (either layer) or its site's station.
        ArcAggregate = new int[ArcCount];
        for (var e = 0; e < ArcCount; e++)
        {
            ArcAggregate[e] = e < layers * a ? e % a : a + (e - (layers * a));
        }

        ClassArcEnd = classes.Select(c => c.Charging ? ArcCount : a).ToArray();

        // Fixed (flow-independent) generalized cost per class and road arc, in network time units.
        FixedRoadCost = new double[classes.Count][];
        for (var k = 0; k < classes.Count; k++)
        {
            var c = classes[k];
            var moneyPerLength = c.CostPerKm * Settings.KilometersPerLengthUnit / (c.ValueOfTime * Settings.HoursPerTimeUnit);
            var f = new double[a];
            for (var i = 0; i < a; i++)
            {
                f[i] = ((Settings.DistanceFactor + moneyPerLength) * network.Length[i]) + (Settings.TollFactor * network.Toll[i]);
            }

            FixedRoadCost[k] = f;
        }
    }

    public RoadNetwork Network { get; }

    public IReadOnlyList<VehicleClass> Classes { get; }

    public IReadOnlyList<ChargingSite> Sites { get; }

    public ChargingParameters? Charging { get; }

    public AssignmentSettings Settings { get; }

    /// <summary>True when some class charges, so the graph has the second layer and the charging links.</summary>
    public bool HasChargingClass { get; }

    /// <summary>Nodes of the expanded graph (N or 2N).</summary>
    public int ExpandedNodeCount { get; }

    /// <summary>Arcs of the expanded graph: road links of layer 0, then of layer 1, then one charging link per site.</summary>
    public int ArcCount { get; }

    /// <summary>Flow-dependent cost terms: one per road link, then one per site (station time).</summary>
    internal int AggregateCount { get; }

    internal int[] ArcTail { get; }

    internal int[] ArcHead { get; }

    internal int[] FirstOut { get; }

    internal int[] OutArc { get; }

    internal int[] OutHead { get; }

    internal double[][] FixedRoadCost { get; }

    /// <summary>First slot of each expanded node in <see cref="InArc"/> (length nodes + 1).</summary>
    internal int[] FirstIn { get; }

    /// <summary>Arcs grouped by head node (reverse star).</summary>
    internal int[] InArc { get; }

    /// <summary>Per arc, the index of its flow-dependent cost term (see <see cref="AggregateCount"/>): road link a for
    /// both layer copies of a, <c>links + s</c> for the charging link of site s.</summary>
    internal int[] ArcAggregate { get; }

    /// <summary>Per class, the arcs it may use are 0 .. this − 1: layer 0 only for a class that does not charge, every
    /// arc for a charging class.</summary>
    internal int[] ClassArcEnd { get; }

    /// <summary>The arc of site <paramref name="site"/>'s charging link (after both road layers).</summary>
    internal int ChargingArc(int site) => (2 * Network.LinkCount) + site;

    /// <summary>The flow-dependent cost term of site <paramref name="site"/>'s station (after the road links).</summary>
    internal int StationTerm(int site) => Network.LinkCount + site;

    /// <summary>Index of the destination node of zone <paramref name="zone"/> (0-based) for class <paramref name="k"/>:
    /// the zone's layer-1 copy for a charging class, the zone itself otherwise.</summary>
    internal int DestinationNode(int k, int zone) => Classes[k].Charging ? zone + Network.NodeCount : zone;

    /// <summary>The no-through-traffic rule (TNTP <c>FIRST THRU NODE</c>): paths of origin <paramref name="origin"/> may
    /// leave expanded node <paramref name="node"/> only when it is not a zone numbered below the first through node,
    /// or is a copy of the origin.</summary>
    internal bool MayLeave(int node, int origin)
    {
        var n = Network.NodeCount;
        var baseIndex = node >= n ? node - n : node;
        return baseIndex >= Network.FirstThruNode - 1 || baseIndex == origin;
    }

    private static void ValidateSettings(AssignmentSettings s)
    {
        if (!double.IsFinite(s.DistanceFactor) || !double.IsFinite(s.TollFactor) || s.DistanceFactor < 0 || s.TollFactor < 0)
        {
            throw new ArgumentException("distance and toll factors must be finite and >= 0");
        }

        if (!(s.HoursPerTimeUnit > 0) || !double.IsFinite(s.HoursPerTimeUnit) || !(s.KilometersPerLengthUnit > 0) || !double.IsFinite(s.KilometersPerLengthUnit))
        {
            throw new ArgumentException("hours per time unit and kilometres per length unit must be finite and > 0");
        }
    }
}
