using System.Text.Json.Nodes;
using PlanningSolver.Cli.Tests.Integrity;

namespace PlanningSolver.Cli.Tests;

/// <summary>Issue 14: without <c>--evaluations</c>, plan's budget follows the case's station count (recorded in run.json).</summary>
public sealed class DefaultBudgetCommandTests
{
    /// <summary>ring-33 with four more candidate stations (S9–S12 at the suburb nodes U1–U4), 12 in all.</summary>
    private static string TwelveStations() => Reliability.BadCaseTests.ExportedCase("stations.csv", rows =>
    {
        string[][] added =
        [
            ["S9", "U1", "5", "4", "60;90;120;180;240;350", "120000"],
            ["S10", "U2", "11", "4", "60;90;120;180;240;350", "120000"],
            ["S11", "U3", "19", "4", "60;90;120;180;240;350", "120000"],
            ["S12", "U4", "27", "4", "60;90;120;180;240;350", "120000"],
        ];
        rows.AddRange(added);
    });

    /// <summary>Starts plan, waits for its run.json (written before anything is solved), stops it and returns the budget.</summary>
    private static int RecordedBudget(string caseFolder, params string[] extra)
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-budget-").FullName, "out");
        var runJson = Path.Combine(folder, "run.json");
        using var process = CliProcess.Start(["plan", caseFolder, "--pricing", "tou", "--threads", "1", "-q", "--out", folder, .. extra]);
        CliProcess.WaitUntil(() => File.Exists(runJson), process);
        CliProcess.Signal(process, CliProcess.Sigint);
        var (code, _, err) = CliProcess.Finish(process);
        Assert.True(code is 130 or 0 or 1, $"exit {code}: {err}");
        return JsonNode.Parse(File.ReadAllText(runJson))!["settings"]!["search"]!["evaluations"]!.GetValue<int>();
    }

    [Fact]
    public void Twelve_stations_get_87_evaluations_by_default_and_a_given_budget_is_kept()
    {
        var twelve = TwelveStations();
        // max(60, 1 + 2·13 + 5·12) = 87 (SearchSettings.DefaultEvaluations, derived in DefaultBudgetTests).
        Assert.Equal(87, RecordedBudget(twelve));
        Assert.Equal(20, RecordedBudget(twelve, "--evaluations", "20"));
    }

    [Fact]
    public void Eight_stations_keep_the_default_of_60()
    {
        Assert.Equal(60, RecordedBudget("ring-33"));
    }
}
