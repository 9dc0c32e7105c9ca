using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Output;

/// <summary>The files of <c>evaluate --out</c>, each written atomically.</summary>
public static class EvaluationFiles
{
    public const string SummaryFile = "summary.json";

    public const string CostBreakdownFile = "cost_breakdown.csv";

    private static readonly (string Name, Action<TextWriter, EvaluationResult> Write)[] Hourly =
    [
        ("stations_hourly.csv", EvaluationTables.StationsHourly),
        ("buses_hourly.csv", EvaluationTables.BusesHourly),
        ("links_hourly.csv", EvaluationTables.LinksHourly),
        ("feeder_hourly.csv", EvaluationTables.FeederHourly),
        ("branches_hourly.csv", EvaluationTables.BranchesHourly),
        ("coupling_log.csv", EvaluationTables.CouplingLog),
    ];

    /// <summary>The hourly tables of one evaluation (also written for Case 1 of a plan run).</summary>
    public static IReadOnlyList<string> HourlyNames { get; } = [.. Hourly.Select(h => h.Name)];

    /// <summary>Every file <c>evaluate --out</c> writes (besides run.json).</summary>
    public static IReadOnlyList<string> Names { get; } = [SummaryFile, CostBreakdownFile, .. HourlyNames];

    public static void Write(string folder, StudyCase study, EvaluationResult result)
    {
        AtomicFile.Write(Path.Combine(folder, CostBreakdownFile), w => EvaluationTables.CostBreakdown(w, result));
        WriteHourly(folder, result);
        AtomicFile.WriteAllText(Path.Combine(folder, SummaryFile), JsonOutput.Build(w => EvaluationJson.Write(w, study, result)));
    }

    public static void WriteHourly(string folder, EvaluationResult result)
    {
        foreach (var (name, write) in Hourly)
        {
            AtomicFile.Write(Path.Combine(folder, name), w => write(w, result));
        }
    }
}
