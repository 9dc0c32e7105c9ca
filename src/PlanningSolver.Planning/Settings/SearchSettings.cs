namespace PlanningSolver.Planning.Settings;

/// <summary>Settings of the upper-level search of <c>plan</c> (design.md §6); the defaults here are the CLI's defaults.</summary>
/// <param name="Evaluations">Evaluation budget of the surrogate search (not used with <paramref name="Exhaustive"/>). When
/// the user gives none, <see cref="DefaultEvaluations"/> of the case's station count replaces this value.</param>
/// <param name="BatchSize">Plans proposed and evaluated together. The search path depends on it, so it never follows the
/// thread count: the same seed and batch give the same run on any number of threads.</param>
/// <param name="Seed">Seed of the search; the same seed gives the same run whatever the thread count.</param>
/// <param name="Exhaustive">Evaluate every budget-feasible plan (small cases) instead of searching.</param>
/// <param name="Strategy">"dycors" (default) or "random" (the baseline of the comparison study).</param>
/// <param name="MaxPlans">An exhaustive run of more budget-feasible plans than this is refused before anything is
/// evaluated (1000 plans are about 12 minutes of TOU evaluations on 2 cores, docs/benchmarks.md).</param>
public sealed record SearchSettings(
    int Evaluations = SearchSettings.MinimumDefaultEvaluations,
    int BatchSize = 2,
    int Seed = 1,
    bool Exhaustive = false,
    string Strategy = SearchSettings.Dycors,
    long MaxPlans = 1000)
{
    public const string Dycors = "dycors";

    public const string Random = "random";

    public static IReadOnlyList<string> Strategies { get; } = [Dycors, Random];

    /// <summary>The default budget of a case with up to 8 stations (paper-8's 60 evaluations).</summary>
    public const int MinimumDefaultEvaluations = 60;

    /// <summary>Surrogate-guided evaluations per station after the initial design in the default budget: the 8-station
    /// default leaves 60 − 19 = 41 of them, 5.1 per station; 5 keeps that share as the station count grows.</summary>
    public const int SurrogateStepsPerStation = 5;

    /// <summary>
    /// The plans the DYCORS search evaluates before its surrogate proposes any: the uniform plan and the symmetric Latin
    /// hypercube of 2(d+1) points (Regis and Shoemaker 2013, DYCORS; <c>DycorsStrategy</c>'s default design), d the stations.
    /// </summary>
    public static int InitialDesignSize(int stations) => 1 + (2 * (stations + 1));

    /// <summary>
    /// The default <c>--evaluations</c> for <paramref name="stations"/> stations (docs/optimizer-study.md, "Default budget"):
    /// max(60, 2(d+1) + 1 + 5d), so the surrogate always gets at least 5 evaluations per station after its initial design:
    /// 60 up to 8 stations, 87 for 12, 101 for 14.
    /// </summary>
    public static int DefaultEvaluations(int stations) =>
        Math.Max(MinimumDefaultEvaluations, InitialDesignSize(stations) + (SurrogateStepsPerStation * stations));

    [System.Text.Json.Serialization.JsonIgnore]
    public int EffectiveBatch => Math.Max(1, BatchSize);
}
