namespace PlanningSolver.Power;

/// <summary>
/// The feeder data do not form one radial tree rooted at the substation (a loop, an island, an unknown or duplicate
/// bus, a bad value). Carries the offending bus and/or branch position in <see cref="FeederData"/> so a reader that
/// knows file rows can map it to a file and line.
/// </summary>
public sealed class FeederTopologyException : Exception
{
    public FeederTopologyException(string message, int? busPosition = null, int? branchPosition = null, string? field = null)
        : base(message)
    {
        BusPosition = busPosition;
        BranchPosition = branchPosition;
        Field = field;
    }

    /// <summary>Position of the offending bus in <see cref="FeederData.Buses"/>, when one is to blame.</summary>
    public int? BusPosition { get; }

    /// <summary>Position of the offending branch in <see cref="FeederData.Branches"/>, when one is to blame.</summary>
    public int? BranchPosition { get; }

    /// <summary>The offending field (e.g. <c>VMinPu</c>), when one is to blame.</summary>
    public string? Field { get; }
}
