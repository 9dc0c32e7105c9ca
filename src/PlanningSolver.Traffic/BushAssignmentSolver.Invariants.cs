namespace PlanningSolver.Traffic;

/// <summary>The stored form of the bushes, checked (for tests): what the scans and shifts take for granted of it.</summary>
public sealed partial class BushAssignmentSolver
{
    /// <summary>
    /// The first bush that breaks the stored form, described, or null: position 0 is the origin; every node's in-slots
    /// are consecutive and at least one; every in-slot's arc ends at its node and starts at the node at its tail position,
    /// which comes earlier in the order (so the order is topological); every node appears once; flows are not negative.
    /// </summary>
    internal string? FindInvalidBush()
    {
        var seen = new int[_model.ExpandedNodeCount];
        var stamp = 0;
        foreach (var bush in _bushes)
        {
            if (bush is null)
            {
                continue;
            }

            stamp++;
            var name = $"bush of class {bush.Class}, origin {bush.Origin}";
            if (bush.NodeCount < 1 || bush.Order[0] != bush.Origin || bush.InStart[0] != 0 || bush.InStart[1] != 0)
            {
                return $"{name}: position 0 is not its origin without in-slots";
            }

            if (bush.InStart[bush.NodeCount] != bush.SlotCount)
            {
                return $"{name}: {bush.InStart[bush.NodeCount]} in-slots indexed, {bush.SlotCount} stored";
            }

            for (var p = 0; p < bush.NodeCount; p++)
            {
                var v = bush.Order[p];
                if (seen[v] == stamp)
                {
                    return $"{name}: node {v} at two positions";
                }

                seen[v] = stamp;
                if (p > 0 && bush.InStart[p + 1] <= bush.InStart[p])
                {
                    return $"{name}: position {p} has no in-slot";
                }

                for (var i = bush.InStart[p]; i < bush.InStart[p + 1]; i++)
                {
                    var arc = bush.InArc[i];
                    var tail = bush.InTail[i];
                    if (_model.ArcHead[arc] != v || tail < 0 || tail >= p || bush.Order[tail] != _arcTail[arc])
                    {
                        return $"{name}: in-slot {i} of position {p} (arc {arc}, tail position {tail}) does not enter it from an earlier position";
                    }

                    if (!(bush.InFlow[i] >= 0))
                    {
                        return $"{name}: in-slot {i} has flow {bush.InFlow[i]}";
                    }
                }
            }
        }

        return null;
    }
}
