using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Reports;
using PlanningSolver.Planning.Studies;

namespace PlanningSolver.Planning.Output;

/// <summary>The files of a sweep folder (and of <c>merge --out</c>): results.csv, sweep.json and the EV-share plot.</summary>
public static class SweepFiles
{
    /// <summary>Every file a sweep writes into its folder (besides run.json).</summary>
    public static IReadOnlyList<string> Names { get; } = [SweepTable.ResultsFile, SweepTable.SpecFile, StudyPlots.EvShareDlmpFile];

    public static string ResultsPath(string folder) => Path.Combine(folder, SweepTable.ResultsFile);

    /// <summary>
    /// The checks of <c>merge --out</c> before anything is read: <paramref name="folder"/> is not a file, not a case
    /// folder, not one of the merged <paramref name="shards"/> (whose results.csv and sweep.json are the inputs), and holds
    /// no results.csv or sweep.json unless <paramref name="replace"/>. Returns the full path.
    /// </summary>
    public static string CheckMergeFolder(string folder, IReadOnlyList<string> shards, bool replace)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var inputs = shards.SelectMany(s => new[] { ResultsPath(s), Path.Combine(s, SweepTable.SpecFile) }).ToList();
        var path = RunFolder.CheckPlace(folder, inputs);
        foreach (var name in new[] { SweepTable.ResultsFile, SweepTable.SpecFile })
        {
            OutputFile.Check(Path.Combine(path, name), inputs, replace);
        }

        return path;
    }

    /// <summary>results.csv with every point finished so far (rewritten after each point).</summary>
    public static void WriteResults(string folder, SweepTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        AtomicFile.Write(ResultsPath(folder), table.Write);
    }

    /// <summary>sweep.json: the axes, mode and shard, so a folder can be resumed and shards merged.</summary>
    public static void WriteSpec(string folder, SweepTable table, SweepShard shard)
    {
        ArgumentNullException.ThrowIfNull(table);
        AtomicFile.WriteAllText(Path.Combine(folder, SweepTable.SpecFile), table.SpecJson(shard));
    }

    /// <summary>
    /// The EV-share study (the average DLMP at the station buses against the EV share), written when the sweep's one
    /// axis is ev_share and every point is done; returns whether it was.
    /// </summary>
    public static bool WriteEvShareDlmp(string folder, SweepTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Spec.Axes is not [{ Name: CaseParameters.EvShare }] || table.Points.Count != table.Spec.Count)
        {
            return false;
        }

        var dlmp = table.Header.ToList().IndexOf("average_station_dlmp_usd_per_mwh");
        var points = table.Rows.Select(r => (Invariant.Parse(r[1]), Invariant.Parse(r[dlmp]))).ToList();
        AtomicFile.WriteBytes(Path.Combine(folder, StudyPlots.EvShareDlmpFile), stream => stream.Write(StudyPlots.EvShareDlmp(points)));
        return true;
    }
}
