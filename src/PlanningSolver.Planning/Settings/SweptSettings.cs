using PlanningSolver.Core;
using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Settings;

/// <summary>
/// The settings of <see cref="RunSettings"/> that a sweep may vary besides the case parameters (<c>sweep --set
/// pricing=dlmp,tou</c>), each under the name of its command-line option without the dashes, with the same allowed
/// values. Search settings change a point's result only when each point is a plan run (<c>--mode plan</c>).
/// </summary>
public static class SweptSettings
{
    public const string Pricing = "pricing";
    public const string Seed = "seed";
    public const string Evaluations = "evaluations";
    public const string Batch = "batch";
    public const string Strategy = "strategy";

    /// <summary>Every sweepable setting name, in documentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = [Pricing, Seed, Evaluations, Batch, Strategy];

    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>True for the settings of the upper-level search (they matter only when a point runs a plan search).</summary>
    public static bool IsSearch(string name) => name is Seed or Evaluations or Batch or Strategy;

    /// <summary>
    /// <paramref name="settings"/> with setting <paramref name="name"/> set to <paramref name="value"/> (text as given);
    /// a bad value is an <see cref="InputError"/> naming the setting, as the matching option would report it.
    /// </summary>
    public static RunSettings Apply(RunSettings settings, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(value);
        return name switch
        {
            Pricing => settings with
            {
                Coupling = settings.Coupling with
                {
                    Pricing = PricingModeText.TryParse(value, out var mode) ? mode : throw Bad(name, value, "must be dlmp or tou"),
                },
            },
            Seed => settings with { Search = settings.Search with { Seed = Integer(name, value, int.MinValue) } },
            Evaluations => settings with { Search = settings.Search with { Evaluations = Integer(name, value, 1) } },
            Batch => settings with { Search = settings.Search with { BatchSize = Integer(name, value, 1) } },
            Strategy => settings with
            {
                Search = settings.Search with
                {
                    Strategy = SearchSettings.Strategies.Contains(value, StringComparer.Ordinal) ? value : throw Bad(name, value, "must be dycors or random"),
                },
            },
            _ => throw new InputError(Source, null, name, $"unknown setting '{name}'"),
        };
    }

    private const string Source = "--set";

    private static int Integer(string name, string value, int min) =>
        Invariant.TryParseInt(value, out var n) && n >= min
            ? n
            : throw Bad(name, value, min == int.MinValue ? "must be an integer" : $"must be an integer >= {Invariant.Format(min)}");

    private static InputError Bad(string name, string value, string problem) => new(Source, null, name, $"'{value}' {problem}");
}
