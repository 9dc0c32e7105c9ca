using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Text.Json.Nodes;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Settings;
using PlanningSolver.Traffic;

namespace PlanningSolver.Cli.Tests;

/// <summary>
/// Issue 13, "one settings record": the defaults live in <see cref="RunSettings"/> only. Before, the assignment gap had
/// three defaults, the unserved-load penalty five copies and the plan defaults two, so a default shown in --help could
/// differ from the one a run used. Checked both ways: a run with no settings option records exactly the record's
/// defaults in run.json, and a run given every option at the default its --help shows records the same.
/// </summary>
public sealed class SettingsDefaultsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ps-defaults-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The commands that write run.json, with the arguments they need besides settings (case, plan, axis).</summary>
    public static TheoryData<string, string[]> RecordedCommands() => new()
    {
        { "plan", ["ring-33"] },
        { "evaluate", ["ring-33", "--uniform"] },
        { "sweep", ["ring-33", "--set", "ev_share=0.1"] },
    };

    [Theory]
    [MemberData(nameof(RecordedCommands))]
    public void A_default_run_records_exactly_the_settings_records_defaults(string command, string[] required)
    {
        var recorded = RecordedSettings(command, [command, .. required]);

        var stations = CaseLoader.Load("ring-33").Stations.Count;
        var expected = RunSettings.Defaults with
        {
            Search = RunSettings.Defaults.Search with { Evaluations = SearchSettings.DefaultEvaluations(stations) },
        };
        Assert.True(JsonNode.DeepEquals(expected.ToJson(), recorded), $"{command}: run.json settings {recorded.ToJsonString()} are not the defaults {expected.ToJson().ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(RecordedCommands))]
    public void Every_option_given_at_its_help_default_records_the_same_settings(string command, string[] required)
    {
        // The defaults as --help shows them: each option's own default value (System.CommandLine's DefaultValueFactory).
        var tree = Subcommand(command);
        var given = tree.Options.Where(o => o.HasDefaultValue && o is not HelpOption).ToList();
        Assert.Contains(given, o => o.Name == "--pricing");
        var args = new List<string> { command };
        args.AddRange(required);
        foreach (var option in given)
        {
            args.Add(option.Name);
            args.Add(Text(option.GetDefaultValue()));
        }

        var explicitly = RecordedSettings(command + "-explicit", [.. args]);
        var implicitly = RecordedSettings(command, [command, .. required]);
        Assert.True(JsonNode.DeepEquals(implicitly, explicitly),
            $"{string.Join(" ", args)}: an option's --help default is not the settings record's ({explicitly.ToJsonString()} against {implicitly.ToJsonString()})");
    }

    [Fact]
    public void The_option_defaults_of_plan_are_the_settings_records()
    {
        // The same check field by field, so a failure names the option; --evaluations has no fixed default (it follows the case).
        var plan = Subcommand("plan");
        var defaults = RunSettings.Defaults;
        Assert.Equal(defaults.Coupling.Pricing.ToText(), Default(plan, "--pricing"));
        Assert.Equal(defaults.Search.BatchSize, Default(plan, "--batch"));
        Assert.Equal(defaults.Search.Seed, Default(plan, "--seed"));
        Assert.Equal(defaults.Search.MaxPlans, Default(plan, "--max-plans"));
        Assert.Equal(defaults.Search.Strategy, Default(plan, "--strategy"));
        Assert.Equal(defaults.Coupling.Threads, Default(plan, "--threads"));
        Assert.False(plan.Options.Single(o => o.Name == "--evaluations").HasDefaultValue);
    }

    [Fact]
    public void The_option_defaults_of_assign_are_the_assignment_requests()
    {
        // assign runs one assignment outside the coupling: its stop rule is AssignmentRequest's, its costs AssignmentSettings'.
        var assign = Subcommand("assign");
        Assert.Equal(AssignmentRequest.DefaultStop.Tolerance, Default(assign, "--gap"));
        Assert.Equal(AssignmentRequest.DefaultStop.MaxIterations, Default(assign, "--max-iterations"));
        Assert.Equal(new AssignmentSettings().DistanceFactor, Default(assign, "--distance-factor"));
        Assert.Equal(new AssignmentSettings().TollFactor, Default(assign, "--toll-factor"));
    }

    /// <summary>
    /// The settings object of the run.json that <paramref name="args"/> writes. The run is cancelled before it starts
    /// (a cancelled token): the folder is opened and run.json written before anything is solved, then the run stops.
    /// </summary>
    private JsonNode RecordedSettings(string name, string[] args)
    {
        var folder = Path.Combine(_root, name);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var error = new StringWriter();
        var code = CliApp.Run([.. args, "--out", folder, "-q"], new StringWriter(), error, cancelled.Token);
        Assert.True(code == ExitCodes.Interrupted, $"{string.Join(" ", args)}: exit {code}: {error}");
        return JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "run.json")))!["settings"]!;
    }

    private static Command Subcommand(string name) =>
        CliApp.BuildRoot(TextWriter.Null, TextWriter.Null, CancellationToken.None, () => ExitCodes.Interrupted).Subcommands.Single(c => c.Name == name);

    private static object? Default(Command command, string option) => command.Options.Single(o => o.Name == option).GetDefaultValue();

    private static string Text(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}
