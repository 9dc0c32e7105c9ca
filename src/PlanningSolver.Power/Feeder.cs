namespace PlanningSolver.Power;

/// <summary>
/// The indexed reference of a radial feeder, built once from <see cref="FeederData"/>: buses are numbered 0..n-1 in
/// breadth-first order from the substation (index 0), every other bus has exactly one parent branch, which is
/// indexed by the bus it feeds. All quantities are per unit on <see cref="BaseMva"/>.
/// </summary>
public sealed class Feeder
{
    private readonly Dictionary<int, int> _indexOfId;
    private readonly int[] _parent;
    private readonly int[][] _children;

    private Feeder(FeederData data, int[] order, int[] parent, int[] parentBranch)
    {
        Data = data;
        var n = order.Length;
        BaseMva = data.BaseMva;
        var ids = new int[n];
        _parent = parent;
        _indexOfId = new Dictionary<int, int>(n);
        var pLoad = new double[n];
        var qLoad = new double[n];
        var vMin = new double[n];
        var vMax = new double[n];
        var r = new double[n];
        var x = new double[n];
        var maxCurrentSquared = new double[n];
        for (var i = 0; i < n; i++)
        {
            var bus = data.Buses[order[i]];
            ids[i] = bus.Id;
            _indexOfId[bus.Id] = i;
            pLoad[i] = bus.PLoadMw / BaseMva;
            qLoad[i] = bus.QLoadMvar / BaseMva;
            vMin[i] = bus.VMinPu;
            vMax[i] = bus.VMaxPu;
            maxCurrentSquared[i] = double.PositiveInfinity;
            if (i == 0)
            {
                continue;
            }

            var branch = data.Branches[parentBranch[i]];
            r[i] = branch.RPu;
            x[i] = branch.XPu;
            var limit = double.PositiveInfinity;
            if (branch.MaxCurrentPu is { } imax)
            {
                limit = imax;
            }

            if (branch.RateMva is { } rate)
            {
                limit = Math.Min(limit, rate / BaseMva);
            }

            maxCurrentSquared[i] = limit * limit;
        }

        RArray = r;
        XArray = x;
        Ids = ids;
        BusPosition = order;
        ParentBranchPosition = parentBranch;
        PLoad = pLoad;
        QLoad = qLoad;
        VMin = vMin;
        VMax = vMax;
        R = r;
        X = x;
        MaxCurrentSquared = maxCurrentSquared;

        var children = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            children[i] = [];
        }

        for (var i = 1; i < n; i++)
        {
            children[parent[i]].Add(i);
        }

        _children = [.. children.Select(c => c.ToArray())];
        ParentArray = parent;
        ChildrenArray = _children;
        Generators = [.. data.Generators.Select(g => new GeneratorRef(
            _indexOfId[g.Bus], g.PMinMw / BaseMva, g.PMaxMw / BaseMva, g.QMinMvar / BaseMva, g.QMaxMvar / BaseMva,
            g.CostPerMwh, g.PSetpointMw / BaseMva, g.QSetpointMvar / BaseMva))];
    }

    internal double[] RArray { get; }

    internal double[] XArray { get; }

    internal int[] ParentArray { get; }

    internal int[][] ChildrenArray { get; }

    /// <summary>The data this reference was built from.</summary>
    public FeederData Data { get; }

    public double BaseMva { get; }

    public int BusCount => Ids.Count;

    /// <summary>Bus id (as in the file) of each bus index.</summary>
    public IReadOnlyList<int> Ids { get; }

    /// <summary>Position in <see cref="FeederData.Buses"/> of each bus index.</summary>
    public IReadOnlyList<int> BusPosition { get; }

    /// <summary>Position in <see cref="FeederData.Branches"/> of the branch feeding each bus index (-1 for the substation).</summary>
    public IReadOnlyList<int> ParentBranchPosition { get; }

    /// <summary>Base active load per bus index, p.u.</summary>
    public IReadOnlyList<double> PLoad { get; }

    /// <summary>Base reactive load per bus index, p.u.</summary>
    public IReadOnlyList<double> QLoad { get; }

    public IReadOnlyList<double> VMin { get; }

    public IReadOnlyList<double> VMax { get; }

    /// <summary>Resistance of the branch feeding each bus index, p.u. (0 at the substation).</summary>
    public IReadOnlyList<double> R { get; }

    /// <summary>Reactance of the branch feeding each bus index, p.u. (0 at the substation).</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>Squared current limit of the branch feeding each bus index, p.u.² (+∞ for none).</summary>
    public IReadOnlyList<double> MaxCurrentSquared { get; }

    public IReadOnlyList<GeneratorRef> Generators { get; }

    /// <summary>Parent bus index (-1 for the substation).</summary>
    public int Parent(int bus) => _parent[bus];

    public IReadOnlyList<int> Children(int bus) => _children[bus];

    /// <summary>Bus index of a bus id.</summary>
    public int IndexOf(int busId) =>
        _indexOfId.TryGetValue(busId, out var index) ? index : throw new ArgumentException($"bus {busId} is not in the feeder", nameof(busId));

    public bool TryIndexOf(int busId, out int index) => _indexOfId.TryGetValue(busId, out index);

    /// <summary>Base loads in MW (bus index order), e.g. to start a per-period load vector.</summary>
    public double[] BaseLoadMw() => [.. PLoad.Select(p => p * BaseMva)];

    /// <summary>Base reactive loads in Mvar (bus index order).</summary>
    public double[] BaseLoadMvar() => [.. QLoad.Select(q => q * BaseMva)];

    /// <summary>
    /// Checks that the in-service branches form one tree spanning every bus from the substation, and indexes it.
    /// Throws <see cref="FeederTopologyException"/> naming the offending bus or branch otherwise.
    /// </summary>
    public static Feeder Build(FeederData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(data.BaseMva > 0) || !double.IsFinite(data.BaseMva))
        {
            throw new FeederTopologyException($"base MVA must be a positive number, got {data.BaseMva}", field: "BaseMva");
        }

        var position = new Dictionary<int, int>(data.Buses.Count);
        for (var b = 0; b < data.Buses.Count; b++)
        {
            var bus = data.Buses[b];
            if (!position.TryAdd(bus.Id, b))
            {
                throw new FeederTopologyException($"bus {bus.Id} appears twice", busPosition: b);
            }

            if (!double.IsFinite(bus.PLoadMw) || !double.IsFinite(bus.QLoadMvar))
            {
                throw new FeederTopologyException($"bus {bus.Id} has a non-finite load", busPosition: b, field: "PLoadMw");
            }

            if (!(bus.VMinPu > 0) || !(bus.VMaxPu >= bus.VMinPu) || !double.IsFinite(bus.VMaxPu))
            {
                throw new FeederTopologyException(
                    $"bus {bus.Id} voltage limits must satisfy 0 < vmin <= vmax, got {bus.VMinPu}..{bus.VMaxPu}", busPosition: b, field: "VMinPu");
            }
        }

        if (!position.TryGetValue(data.SubstationBus, out var rootPosition))
        {
            throw new FeederTopologyException($"substation bus {data.SubstationBus} is not among the buses");
        }

        if (!(data.SubstationVMinPu > 0) || !(data.SubstationVMaxPu >= data.SubstationVMinPu) || !(data.SubstationVoltagePu > 0))
        {
            throw new FeederTopologyException(
                $"substation voltage range must satisfy 0 < lo <= hi, got {data.SubstationVMinPu}..{data.SubstationVMaxPu}", busPosition: rootPosition);
        }

        foreach (var g in data.Generators)
        {
            if (!position.ContainsKey(g.Bus))
            {
                throw new FeederTopologyException($"generator at unknown bus {g.Bus}", field: "Bus");
            }
        }

        var n = data.Buses.Count;
        var ends = new (int From, int To)[data.Branches.Count];
        for (var k = 0; k < data.Branches.Count; k++)
        {
            var br = data.Branches[k];
            if (!position.TryGetValue(br.FromBus, out var f))
            {
                throw new FeederTopologyException($"branch {br.FromBus}-{br.ToBus} starts at unknown bus {br.FromBus}", branchPosition: k, field: "FromBus");
            }

            if (!position.TryGetValue(br.ToBus, out var t))
            {
                throw new FeederTopologyException($"branch {br.FromBus}-{br.ToBus} ends at unknown bus {br.ToBus}", branchPosition: k, field: "ToBus");
            }

            if (f == t)
            {
                throw new FeederTopologyException($"branch {br.FromBus}-{br.ToBus} connects a bus to itself", branchPosition: k);
            }

            if (!(br.RPu >= 0) || !double.IsFinite(br.RPu) || !double.IsFinite(br.XPu))
            {
                throw new FeederTopologyException($"branch {br.FromBus}-{br.ToBus} needs finite r >= 0 and x, got r={br.RPu}, x={br.XPu}", branchPosition: k, field: "RPu");
            }

            ends[k] = (f, t);
        }

        // Self-loops were rejected above, branch by branch; what is left to find is a loop or an island.
        switch (RadialTopology.Check(n, rootPosition, ends))
        {
            case { Kind: TopologyDefectKind.Loop } loop:
                var closing = data.Branches[loop.Branch];
                throw new FeederTopologyException(
                    $"branch {closing.FromBus}-{closing.ToBus} closes a loop; a radial feeder needs exactly one path from the substation to every bus",
                    branchPosition: loop.Branch);
            case { Kind: TopologyDefectKind.Island } island:
                throw new FeederTopologyException(
                    $"bus {data.Buses[island.Bus].Id} is not connected to substation bus {data.SubstationBus} ({island.IslandBuses} bus(es) form an island)",
                    busPosition: island.Bus);
        }

        // A spanning tree: breadth-first from the substation orders the buses and orients the branches.
        var adjacency = new List<(int Other, int Branch)>[n];
        for (var b = 0; b < n; b++)
        {
            adjacency[b] = [];
        }

        for (var k = 0; k < ends.Length; k++)
        {
            adjacency[ends[k].From].Add((ends[k].To, k));
            adjacency[ends[k].To].Add((ends[k].From, k));
        }

        var parent = new int[n];
        var parentBranch = new int[n];
        var order = new List<int>(n) { rootPosition };
        parent[rootPosition] = -1;
        parentBranch[rootPosition] = -1;
        for (var head = 0; head < order.Count; head++)
        {
            var at = order[head];
            foreach (var (other, branch) in adjacency[at])
            {
                if (branch == parentBranch[at])
                {
                    continue;
                }

                parent[other] = at;
                parentBranch[other] = branch;
                order.Add(other);
            }
        }

        // Re-express parents as bus indices (BFS order).
        var indexOfPosition = new int[n];
        for (var i = 0; i < n; i++)
        {
            indexOfPosition[order[i]] = i;
        }

        var parentIndex = new int[n];
        var parentBranchByIndex = new int[n];
        for (var i = 0; i < n; i++)
        {
            var p = order[i];
            parentIndex[i] = parent[p] < 0 ? -1 : indexOfPosition[parent[p]];
            parentBranchByIndex[i] = parentBranch[p];
        }

        return new Feeder(data, [.. order], parentIndex, parentBranchByIndex);
    }
}

/// <summary>A generator in the indexed feeder: bus index, limits in p.u., cost in $/MWh.</summary>
public readonly record struct GeneratorRef(int Bus, double PMin, double PMax, double QMin, double QMax, double CostPerMwh, double PSetpoint, double QSetpoint);
