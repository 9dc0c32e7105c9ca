namespace PlanningSolver.Planning.Settings;

/// <summary>Settings of the upper-level search of <c>plan</c> (design.md §6); the defaults here are the CLI's defaults.</summary>
/// <param name="Evaluations">Evaluation budget of the surrogate search (not used with <paramref name="Exhaustive"/>).</param>
/// <param name="BatchSize">Plans proposed and evaluated together. The search path depends on it, so it never follows the
/// thread count: the same seed and batch give the same run on any number of threads.</param>
/// <param name="Seed">Seed of the search; the same seed gives the same run whatever the thread count.</param>
/// <param name="Exhaustive">Evaluate every budget-feasible plan (small cases) instead of searching.</param>
/// <param name="Strategy">"dycors" (default) or "random" (the baseline of the comparison study).</param>
/// <param name="MaxPlans">An exhaustive run of more budget-feasible plans than this is refused before anything is
/// evaluated (1000 plans are about 12 minutes of TOU evaluations on 2 cores, docs/benchmarks.md).</param>
public sealed record SearchSettings(
    int Evaluations = 60,
    int BatchSize = 2,
    int Seed = 1,
    bool Exhaustive = false,
    string Strategy = SearchSettings.Dycors,
    long MaxPlans = 1000)
{
    public const string Dycors = "dycors";

    public const string Random = "random";

    public static IReadOnlyList<string> Strategies { get; } = [Dycors, Random];

    [System.Text.Json.Serialization.JsonIgnore]
    public int EffectiveBatch => Math.Max(1, BatchSize);
}
