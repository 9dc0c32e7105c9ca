using PlanningSolver.Core;
using PlanningSolver.Traffic;
using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Planning.Output;

/// <summary>The files of <c>assign</c>: <c>--flows-out</c> (link flows and times) and <c>--log-out</c> (the convergence log).</summary>
public static class AssignmentFiles
{
    /// <summary>
    /// The checks before anything is read or solved (<see cref="OutputFile.Check"/> for each file given): not a folder,
    /// not the network or trips file, not in a case folder, not an existing file unless <paramref name="replace"/>, and
    /// not one file for both. Returns the full paths (null where not given).
    /// </summary>
    public static (string? Flows, string? Log) Check(string? flows, string? log, IReadOnlyList<string> inputs, bool replace)
    {
        var flowsPath = flows is null ? null : OutputFile.Check(flows, inputs, replace, "--flows-out");
        var logPath = log is null ? null : OutputFile.Check(log, inputs, replace, "--log-out");
        if (flowsPath is not null && flowsPath == logPath)
        {
            throw new InputError(flowsPath, null, null, "is given as both --flows-out and --log-out; give two files");
        }

        return (flowsPath, logPath);
    }

    /// <summary>from, to (the TNTP file's node ids), flow, time: one row per link in the file's order.</summary>
    public static void WriteFlows(string path, TntpNetwork network, AssignmentResult result)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(result);
        AtomicFile.Write(path, writer =>
        {
            var csv = new CsvText(writer, "from", "to", "flow", "time");
            for (var a = 0; a < network.Links.Count; a++)
            {
                csv.Field(network.Links[a].From).Field(network.Links[a].To).Field(result.LinkFlows[a]).Field(result.LinkTimes[a]).EndRow();
            }
        });
    }

    /// <summary>iteration, relative_gap, step, objective, elapsed_seconds: one row per iteration.</summary>
    public static void WriteLog(string path, ConvergenceLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        AtomicFile.Write(path, writer =>
        {
            var csv = new CsvText(writer, "iteration", "relative_gap", "step", "objective", "elapsed_seconds");
            foreach (var r in log.Records)
            {
                csv.Field(r.Iteration).Field(r.Measure).Field(r.Step).Field(r.Objective).Field(r.ElapsedSeconds).EndRow();
            }
        });
    }
}
