using System.CommandLine;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Settings;

namespace PlanningSolver.Cli.Commands;

/// <summary>
/// The command-line options of <see cref="RunSettings"/>, each declared once with its default taken from
/// <see cref="RunSettings.Defaults"/>, and parsed once into the record. A command adds the groups it uses; an option the
/// user did not give keeps the baseline's value (the defaults for a new run, the recorded settings on <c>--resume</c>).
/// </summary>
internal sealed class SettingsOptions
{
    private static readonly RunSettings Defaults = RunSettings.Defaults;

    public Option<string> Pricing { get; } = new("--pricing")
    {
        Description = "Charging prices: dlmp (nodal prices fed back until they settle) or tou (fixed tariff).",
        DefaultValueFactory = _ => Defaults.Coupling.Pricing.ToText(),
        HelpName = "dlmp|tou",
    };

    public Option<int> Evaluations { get; } = new("--evaluations")
    {
        Description = "Evaluation budget of the surrogate search (default: max(60, 2(d+1) + 1 + 5d) for d stations; 60 up to 8 stations).",
        HelpName = "N",
    };

    public Option<int> Batch { get; } = new("--batch")
    {
        Description = "Plans proposed and evaluated together (in parallel); part of the search, so it does not follow --threads.",
        DefaultValueFactory = _ => Defaults.Search.BatchSize,
    };

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Seed of the search; the same seed gives the same result whatever the thread count.",
        DefaultValueFactory = _ => Defaults.Search.Seed,
    };

    public Option<bool> Exhaustive { get; } = new("--exhaustive") { Description = "Evaluate every plan within the budget (small cases) and report the true optimum." };

    public Option<long> MaxPlans { get; } = new("--max-plans")
    {
        Description = "Refuse --exhaustive when the case has more plans within the budget than this.",
        DefaultValueFactory = _ => Defaults.Search.MaxPlans,
        HelpName = "N",
    };

    public Option<string> Strategy { get; } = new("--strategy")
    {
        Description = "Search strategy: dycors (RBF surrogate, default) or random (baseline).",
        DefaultValueFactory = _ => Defaults.Search.Strategy,
        HelpName = "dycors|random",
    };

    /// <summary>Adds the lower-level options (evaluate, v2g, sweep).</summary>
    public void AddCoupling(Command command) => command.Add(Pricing);

    /// <summary>Adds the search options (plan; sweep in plan mode takes only --evaluations).</summary>
    public void AddSearch(Command command, bool all = true)
    {
        command.Add(Evaluations);
        if (all)
        {
            command.Add(Batch);
            command.Add(Seed);
            command.Add(Exhaustive);
            command.Add(MaxPlans);
            command.Add(Strategy);
        }
    }

    /// <summary>The option of a setting that a sweep may vary (<see cref="SweptSettings"/>), by its name.</summary>
    public Option? OptionOf(string setting) => setting switch
    {
        SweptSettings.Pricing => Pricing,
        SweptSettings.Seed => Seed,
        SweptSettings.Evaluations => Evaluations,
        SweptSettings.Batch => Batch,
        SweptSettings.Strategy => Strategy,
        _ => null,
    };

    /// <summary>True when the user gave <paramref name="option"/> on the command line (not its default).</summary>
    public static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>The settings: <paramref name="baseline"/> with every option the user gave, each checked once.</summary>
    public RunSettings Parse(ParseResult parse, RunSettings baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var coupling = baseline.Coupling;
        if (Given(parse, Pricing))
        {
            coupling = coupling with
            {
                Pricing = PricingModeText.TryParse(parse.GetValue(Pricing), out var pricing)
                    ? pricing
                    : throw new UsageError($"--pricing must be dlmp or tou, got '{parse.GetValue(Pricing)}'"),
            };
        }

        var search = baseline.Search;
        if (Given(parse, Evaluations))
        {
            search = search with { Evaluations = Positive(parse.GetValue(Evaluations), "--evaluations") };
        }

        if (Given(parse, Batch))
        {
            search = search with { BatchSize = Positive(parse.GetValue(Batch), "--batch") };
        }

        if (Given(parse, Seed))
        {
            search = search with { Seed = parse.GetValue(Seed) };
        }

        if (Given(parse, Exhaustive))
        {
            search = search with { Exhaustive = parse.GetValue(Exhaustive) };
        }

        if (Given(parse, MaxPlans))
        {
            search = search with { MaxPlans = parse.GetValue(MaxPlans) is > 0 and var n ? n : throw new UsageError($"--max-plans must be > 0, got {parse.GetValue(MaxPlans)}") };
        }

        if (Given(parse, Strategy))
        {
            var strategy = parse.GetValue(Strategy);
            search = search with
            {
                Strategy = SearchSettings.Strategies.Contains(strategy) ? strategy! : throw new UsageError($"--strategy must be dycors or random, got '{strategy}'"),
            };
        }

        return baseline with { Coupling = coupling, Search = search };
    }

    /// <summary>
    /// <paramref name="settings"/> with the default budget of a case of <paramref name="stations"/> stations
    /// (<see cref="SearchSettings.DefaultEvaluations"/>) unless the user gave <c>--evaluations</c>; a new run's settings
    /// (a resumed run keeps its recorded budget).
    /// </summary>
    public RunSettings WithDefaultBudget(ParseResult parse, RunSettings settings, int stations)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Given(parse, Evaluations) ? settings
            : settings with { Search = settings.Search with { Evaluations = SearchSettings.DefaultEvaluations(stations) } };
    }

    private static int Positive(int value, string name) => value > 0 ? value : throw new UsageError($"{name} must be > 0, got {value}");
}
