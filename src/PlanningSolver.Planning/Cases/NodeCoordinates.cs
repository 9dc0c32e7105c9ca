namespace PlanningSolver.Planning.Cases;

/// <summary>The unit of a node file's coordinates.</summary>
public enum CoordinateUnit
{
    /// <summary>Longitude and latitude in degrees (WGS 84), projected to km.</summary>
    Degrees,

    /// <summary>Planar x and y, multiplied by a length unit's km.</summary>
    Planar,
}

/// <summary>Node positions for maps, in km, and how they were obtained (for the case's README).</summary>
/// <param name="PositionsKm">x (east) and y (north) in km per TNTP node number.</param>
/// <param name="Unit">How the file's coordinates were read.</param>
/// <param name="Note">One sentence for the README: the file's format, the reading and the projection.</param>
public sealed record NodeCoordinates(IReadOnlyDictionary<int, (double XKm, double YKm)> PositionsKm, CoordinateUnit Unit, string Note);

/// <summary>One point of a node file, as read.</summary>
public sealed record NodePoint(int Node, double X, double Y, int Line);
