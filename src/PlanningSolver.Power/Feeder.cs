namespace PlanningSolver.Power;

/// <summary>
/// The indexed reference of one radial feeder, or of several electrically independent ones (a forest), built once from
/// <see cref="FeederData"/>: each feeder's buses take a contiguous range of indices in breadth-first order from its
/// substation (the range's first index, a <see cref="Roots"/> entry); every other bus has exactly one parent branch,
/// which is indexed by the bus it feeds. With one feeder the substation is index 0. All quantities are per unit on
/// <see cref="BaseMva"/>. Several feeders in one reference make one OPF of them a block-diagonal model (each block a
/// feeder with its own substation voltage and import), so a caller that solves "the grid" of a case handles any number
/// of feeders without knowing it; bus ids are unique across the feeders.
/// </summary>
public sealed class Feeder
{
    private readonly Dictionary<int, int> _indexOfId;
    private readonly int[] _parent;
    private readonly int[][] _children;
    private readonly int[] _treeOfBus;
    private readonly int[] _treeStart;

    /// <summary>One feeder's buses in breadth-first order (positions in its data), parents as local indices, parent branches.</summary>
    private sealed record TreeOrder(FeederData Data, int[] Order, int[] Parent, int[] ParentBranch);

    private Feeder(IReadOnlyList<TreeOrder> trees)
    {
        Trees = [.. trees.Select(t => t.Data)];
        BaseMva = trees[0].Data.BaseMva;
        var n = trees.Sum(t => t.Order.Length);
        var ids = new int[n];
        var parent = new int[n];
        var busPosition = new int[n];
        var parentBranch = new int[n];
        _treeOfBus = new int[n];
        _treeStart = new int[trees.Count];
        _indexOfId = new Dictionary<int, int>(n);
        var pLoad = new double[n];
        var qLoad = new double[n];
        var vMin = new double[n];
        var vMax = new double[n];
        var r = new double[n];
        var x = new double[n];
        var maxCurrentSquared = new double[n];
        var generators = new List<GeneratorRef>();
        var i = 0;
        for (var k = 0; k < trees.Count; k++)
        {
            var (data, order, localParent, localBranch) = trees[k];
            var start = i;
            _treeStart[k] = start;
            for (var local = 0; local < order.Length; local++, i++)
            {
                var bus = data.Buses[order[local]];
                ids[i] = bus.Id;
                _indexOfId[bus.Id] = i;
                _treeOfBus[i] = k;
                busPosition[i] = order[local];
                parentBranch[i] = localBranch[local];
                parent[i] = localParent[local] < 0 ? -1 : start + localParent[local];
                pLoad[i] = bus.PLoadMw / BaseMva;
                qLoad[i] = bus.QLoadMvar / BaseMva;
                vMin[i] = bus.VMinPu;
                vMax[i] = bus.VMaxPu;
                maxCurrentSquared[i] = double.PositiveInfinity;
                if (local == 0)
                {
                    continue;
                }

                var branch = data.Branches[localBranch[local]];
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

            generators.AddRange(data.Generators.Select(g => new GeneratorRef(
                _indexOfId[g.Bus], g.PMinMw / BaseMva, g.PMaxMw / BaseMva, g.QMinMvar / BaseMva, g.QMaxMvar / BaseMva,
                g.CostPerMwh, g.PSetpointMw / BaseMva, g.QSetpointMvar / BaseMva)));
        }

        _parent = parent;
        RArray = r;
        XArray = x;
        Ids = ids;
        BusPosition = busPosition;
        ParentBranchPosition = parentBranch;
        PLoad = pLoad;
        QLoad = qLoad;
        VMin = vMin;
        VMax = vMax;
        R = r;
        X = x;
        MaxCurrentSquared = maxCurrentSquared;
        Roots = [.. _treeStart];

        var children = new List<int>[n];
        for (var j = 0; j < n; j++)
        {
            children[j] = [];
        }

        for (var j = 0; j < n; j++)
        {
            if (parent[j] >= 0)
            {
                children[parent[j]].Add(j);
            }
        }

        _children = [.. children.Select(c => c.ToArray())];
        ParentArray = parent;
        ChildrenArray = _children;
        Generators = generators;
        GeneratorTree = [.. generators.Select(g => _treeOfBus[g.Bus])];
    }

    internal double[] RArray { get; }

    internal double[] XArray { get; }

    internal int[] ParentArray { get; }

    internal int[][] ChildrenArray { get; }

    /// <summary>The data of the one feeder this reference was built from; a reference of several feeders has no single
    /// one (use <see cref="Trees"/>).</summary>
    public FeederData Data => Trees.Count == 1
        ? Trees[0]
        : throw new InvalidOperationException($"this grid holds {Trees.Count} feeders; read each one's data from Trees");

    /// <summary>The data of each feeder, in the order given to <see cref="Build(IReadOnlyList{FeederData})"/>.</summary>
    public IReadOnlyList<FeederData> Trees { get; }

    /// <summary>Bus index of each feeder's substation (order of <see cref="Trees"/>); [0] for one feeder.</summary>
    public IReadOnlyList<int> Roots { get; }

    /// <summary>The feeder (index in <see cref="Trees"/>) of each generator, order of <see cref="Generators"/>.</summary>
    public IReadOnlyList<int> GeneratorTree { get; }

    public double BaseMva { get; }

    public int BusCount => Ids.Count;

    /// <summary>Bus id (as in the file) of each bus index.</summary>
    public IReadOnlyList<int> Ids { get; }

    /// <summary>Position in its feeder's <see cref="FeederData.Buses"/> of each bus index.</summary>
    public IReadOnlyList<int> BusPosition { get; }

    /// <summary>Position in its feeder's <see cref="FeederData.Branches"/> of the branch feeding each bus index (-1 for a substation).</summary>
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

    /// <summary>Parent bus index (-1 for a substation).</summary>
    public int Parent(int bus) => _parent[bus];

    /// <summary>True for a substation (a root).</summary>
    public bool IsRoot(int bus) => _parent[bus] < 0;

    /// <summary>The feeder (index in <see cref="Trees"/>) a bus index belongs to.</summary>
    public int TreeOf(int bus) => _treeOfBus[bus];

    /// <summary>The bus indices of feeder <paramref name="tree"/>: a contiguous range starting at its substation.</summary>
    public Range TreeBuses(int tree) => _treeStart[tree]..(tree + 1 < _treeStart.Length ? _treeStart[tree + 1] : BusCount);

    /// <summary>
    /// Position of the branch feeding bus index <paramref name="bus"/> (not a substation) among the branches of a result
    /// listed in bus index order without the substations (<see cref="OpfResult.Branches"/>,
    /// <see cref="PowerFlowResult.Branches"/>): <c>bus − 1</c> for one feeder.
    /// </summary>
    public int BranchSlot(int bus) => bus - _treeOfBus[bus] - 1;

    /// <summary>The branch count: buses less substations.</summary>
    public int BranchCount => BusCount - Trees.Count;

    /// <summary>Each feeder's own substation voltage set point (p.u.), order of <see cref="Trees"/>.</summary>
    public double[] SubstationVoltages() => [.. Trees.Select(t => t.SubstationVoltagePu)];

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
        return new Feeder([Order(data)]);
    }

    /// <summary>
    /// Several radial feeders as one grid (a forest, see the class summary), each checked as <see cref="Build(FeederData)"/>
    /// checks one. They share one power base and their bus ids must differ; a <see cref="FeederTopologyException"/> names
    /// the feeder otherwise.
    /// </summary>
    public static Feeder Build(IReadOnlyList<FeederData> feeders)
    {
        ArgumentNullException.ThrowIfNull(feeders);
        if (feeders.Count == 0)
        {
            throw new FeederTopologyException("a grid needs at least one feeder");
        }

        var trees = new List<TreeOrder>(feeders.Count);
        var owner = new Dictionary<int, string>();
        foreach (var data in feeders)
        {
            ArgumentNullException.ThrowIfNull(data);
            trees.Add(Order(data));
            if (data.BaseMva != feeders[0].BaseMva)
            {
                throw new FeederTopologyException(
                    $"feeder '{data.Name}' has base {data.BaseMva} MVA but feeder '{feeders[0].Name}' {feeders[0].BaseMva} MVA; the feeders of one grid share a power base", field: "BaseMva");
            }

            for (var b = 0; b < data.Buses.Count; b++)
            {
                if (!owner.TryAdd(data.Buses[b].Id, data.Name))
                {
                    throw new FeederTopologyException(
                        $"bus {data.Buses[b].Id} of feeder '{data.Name}' is also a bus of feeder '{owner[data.Buses[b].Id]}'; bus ids must differ across the feeders", busPosition: b);
                }
            }
        }

        return new Feeder(trees);
    }

    /// <summary>Checks one feeder and orders its buses breadth-first from the substation.</summary>
    private static TreeOrder Order(FeederData data)
    {
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

        return new TreeOrder(data, [.. order], parentIndex, parentBranchByIndex);
    }
}

/// <summary>A generator in the indexed feeder: bus index, limits in p.u., cost in $/MWh.</summary>
public readonly record struct GeneratorRef(int Bus, double PMin, double PMax, double QMin, double QMax, double CostPerMwh, double PSetpoint, double QSetpoint);
