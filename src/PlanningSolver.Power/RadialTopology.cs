namespace PlanningSolver.Power;

/// <summary>Why a network is not radial.</summary>
public enum TopologyDefectKind
{
    /// <summary>A branch joins a bus to itself.</summary>
    SelfLoop,

    /// <summary>A branch closes a loop: a second path between two buses.</summary>
    Loop,

    /// <summary>Some buses have no path to the root.</summary>
    Island,
}

/// <summary>What <see cref="RadialTopology.Check"/> found.</summary>
/// <param name="Kind">The defect.</param>
/// <param name="Branch">Position of the offending branch (self-loop, loop), else −1.</param>
/// <param name="Bus">Position of the first bus, in input order, without a path to the root (island), else −1.</param>
/// <param name="IslandBuses">Number of buses without a path to the root (island), else 0.</param>
public sealed record TopologyDefect(TopologyDefectKind Kind, int Branch = -1, int Bus = -1, int IslandBuses = 0);

/// <summary>
/// The one radial-network check of the code base (the feeder model and the case validator both use it): the branches
/// must form a tree spanning every bus from the root, i.e. no self-loop, no loop, no island.
/// </summary>
/// <remarks>Union–find over the branches in input order, so the branch named for a loop is the first one, in input order,
/// that closes it — typically a tie switch listed after the tree. O(m α(n)).</remarks>
public static class RadialTopology
{
    /// <param name="busCount">Buses, numbered 0…n−1 by position.</param>
    /// <param name="root">Position of the root (substation) bus.</param>
    /// <param name="branches">Branches as bus positions, in input order.</param>
    /// <returns>The first defect, or null when the network is a spanning tree.</returns>
    public static TopologyDefect? Check(int busCount, int root, IReadOnlyList<(int From, int To)> branches)
    {
        ArgumentNullException.ThrowIfNull(branches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(busCount);
        if (root < 0 || root >= busCount)
        {
            throw new ArgumentOutOfRangeException(nameof(root), root, $"root must be a bus position in 0..{busCount - 1}");
        }

        var parent = new int[busCount];
        for (var i = 0; i < busCount; i++)
        {
            parent[i] = i;
        }

        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        for (var k = 0; k < branches.Count; k++)
        {
            var (from, to) = branches[k];
            if (from == to)
            {
                return new TopologyDefect(TopologyDefectKind.SelfLoop, Branch: k);
            }

            int a = Find(from), b = Find(to);
            if (a == b)
            {
                return new TopologyDefect(TopologyDefectKind.Loop, Branch: k);
            }

            parent[a] = b;
        }

        var rootSet = Find(root);
        var first = -1;
        var cut = 0;
        for (var i = 0; i < busCount; i++)
        {
            if (Find(i) != rootSet)
            {
                cut++;
                first = first < 0 ? i : first;
            }
        }

        return cut > 0 ? new TopologyDefect(TopologyDefectKind.Island, Bus: first, IslandBuses: cut) : null;
    }
}
