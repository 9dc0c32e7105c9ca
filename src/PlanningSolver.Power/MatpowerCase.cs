using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>
/// A MATPOWER case as read: the feeder data plus the file line of every bus and in-service branch, so topology
/// problems found when indexing (possibly after a caller adjusted limits with <c>with</c>) are reported by line.
/// </summary>
public sealed class MatpowerCase
{
    private readonly int[] _busLines;
    private readonly int[] _branchLines;

    internal MatpowerCase(string file, FeederData data, int[] busLines, int[] branchLines)
    {
        File = file;
        Data = data;
        _busLines = busLines;
        _branchLines = branchLines;
    }

    public string File { get; }

    public FeederData Data { get; }

    /// <summary>Indexes <paramref name="data"/> (default: the data as read; it must keep the same buses and branches).</summary>
    public Feeder Build(FeederData? data = null)
    {
        try
        {
            return Feeder.Build(data ?? Data);
        }
        catch (FeederTopologyException e)
        {
            if (e.BranchPosition is { } k && k < _branchLines.Length)
            {
                throw new InputError(File, _branchLines[k], "mpc.branch", e.Message, e);
            }

            if (e.BusPosition is { } b && b < _busLines.Length)
            {
                throw new InputError(File, _busLines[b], "mpc.bus", e.Message, e);
            }

            throw new InputError(File, null, null, e.Message, e);
        }
    }
}
