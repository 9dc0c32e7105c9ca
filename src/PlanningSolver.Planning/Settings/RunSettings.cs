using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Optimization;

namespace PlanningSolver.Planning.Settings;

/// <summary>
/// Every setting that affects a run's results, in one record with its defaults: the coupled lower level (pricing,
/// coupling tolerances, the assignments inside it and the OPF's unserved-load price, <see cref="CouplingOptions"/>), the
/// upper-level search (<see cref="SearchSettings"/>) and the optimizer's penalties (<see cref="PlanPenalty"/>). The CLI
/// parses each option once into it; it is written whole into run.json and is what the run fingerprint hashes. The thread
/// count is not part of it: results do not depend on it.
/// </summary>
public sealed record RunSettings
{
    /// <summary>The documented defaults (what the CLI uses for an option that is not given).</summary>
    public static RunSettings Defaults { get; } = new();

    public CouplingOptions Coupling { get; init; } = new();

    public SearchSettings Search { get; init; } = new();

    public PlanPenalty Penalty { get; init; } = new();

    /// <summary>Names as written in run.json: snake_case keys, enums as lower-case text.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    /// <summary>The record as a JSON object, every field written (threads included, though they do not enter the fingerprint).</summary>
    public JsonObject ToJson() => (JsonObject)JsonSerializer.SerializeToNode(this, Json)!;

    /// <summary>Reads the record back; fields missing from <paramref name="json"/> take their defaults.</summary>
    public static RunSettings FromJson(JsonNode json) => json.Deserialize<RunSettings>(Json) ?? Defaults;
}
