using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Traffic;

/// <summary>One directed road link. Nodes are numbered 1..N (TNTP convention); zones are the nodes 1..Z.</summary>
/// <param name="From">Tail node id.</param>
/// <param name="To">Head node id.</param>
/// <param name="Capacity">Capacity (vehicles per demand period).</param>
/// <param name="Length">Length (network length unit; see <see cref="AssignmentSettings.KilometersPerLengthUnit"/>).</param>
/// <param name="FreeFlowTime">Free-flow time (network time unit; see <see cref="AssignmentSettings.HoursPerTimeUnit"/>).</param>
/// <param name="Alpha">BPR α.</param>
/// <param name="Beta">BPR β.</param>
/// <param name="Toll">Toll (weighted by <see cref="AssignmentSettings.TollFactor"/>).</param>
public sealed record RoadLink(int From, int To, double Capacity, double Length, double FreeFlowTime, double Alpha = 0.15, double Beta = 4.0, double Toll = 0.0);

/// <summary>
/// The indexed road network: link arrays and a forward star (CSR) built once, shared read-only by every solve.
/// Node ids are 1..<see cref="NodeCount"/>; internally node id <c>n</c> is index <c>n - 1</c> and links keep their input order.
/// </summary>
public sealed class RoadNetwork
{
    private readonly Dictionary<long, int> _linkByEnds;

    public RoadNetwork(int nodeCount, int zoneCount, int firstThruNode, IReadOnlyList<RoadLink> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodeCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(zoneCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zoneCount, nodeCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstThruNode);
        NodeCount = nodeCount;
        ZoneCount = zoneCount;
        FirstThruNode = firstThruNode;
        Links = links;
        var count = links.Count;
        Tail = new int[count];
        Head = new int[count];
        Length = new double[count];
        Toll = new double[count];
        var delay = new VolumeDelayFunction[count];
        _linkByEnds = new Dictionary<long, int>(count);
        for (var a = 0; a < count; a++)
        {
            var link = links[a];
            if (link.From < 1 || link.From > nodeCount || link.To < 1 || link.To > nodeCount || link.From == link.To)
            {
                throw new ArgumentException($"link {a}: {link.From}->{link.To} must join two different nodes in 1..{nodeCount}");
            }

            if (!double.IsFinite(link.Length) || link.Length < 0 || !double.IsFinite(link.Toll))
            {
                throw new ArgumentException($"link {link.From}->{link.To}: length must be finite and >= 0 and toll finite");
            }

            Tail[a] = link.From - 1;
            Head[a] = link.To - 1;
            Length[a] = link.Length;
            Toll[a] = link.Toll;
            delay[a] = new BprFunction(link.FreeFlowTime, link.Capacity, link.Alpha, link.Beta);
            _linkByEnds.TryAdd(Key(link.From, link.To), a);
        }

        DelayFunctions = delay;
    }

    /// <summary>Builds the indexed network of a parsed TNTP <c>_net</c> file.</summary>
    public static RoadNetwork FromTntp(TntpNetwork data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var links = data.Links
            .Select(l => new RoadLink(l.From, l.To, l.Capacity, l.Length, l.FreeFlowTime, l.B, l.Power, l.Toll))
            .ToArray();
        return new RoadNetwork(data.Nodes, data.Zones, data.FirstThruNode, links);
    }

    public int NodeCount { get; }

    public int ZoneCount { get; }

    /// <summary>Nodes numbered below this (zones) carry no through traffic: paths may start or end there but not pass.</summary>
    public int FirstThruNode { get; }

    public int LinkCount => Links.Count;

    public IReadOnlyList<RoadLink> Links { get; }

    /// <summary>Volume-delay function per link (BPR from the link data).</summary>
    public IReadOnlyList<VolumeDelayFunction> DelayFunctions { get; }

    /// <summary>0-based tail node index per link.</summary>
    internal int[] Tail { get; }

    /// <summary>0-based head node index per link.</summary>
    internal int[] Head { get; }

    internal double[] Length { get; }

    internal double[] Toll { get; }

    /// <summary>Index of the first link from node id <paramref name="from"/> to <paramref name="to"/>, or -1.</summary>
    public int FindLink(int from, int to) => _linkByEnds.TryGetValue(Key(from, to), out var a) ? a : -1;

    private static long Key(int from, int to) => ((long)from << 32) | (uint)to;
}
