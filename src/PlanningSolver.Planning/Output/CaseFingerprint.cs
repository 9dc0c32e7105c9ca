using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Settings;

namespace PlanningSolver.Planning.Output;

/// <summary>
/// A hash of a case as loaded (after <c>--set</c>): one SHA-256 per table and one of the parameters, of the values only
/// (not where the files are, nor their line numbers, comments or number spelling), so a run folder can say which part of
/// its case changed.
/// </summary>
public static class CaseFingerprint
{
    /// <summary>Part name (the table keys of case.json, then "parameters") → hex SHA-256.</summary>
    public static IReadOnlyDictionary<string, string> Of(StudyCase study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var parts = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["nodes"] = Table(study.Nodes),
            ["links"] = Table(study.Links),
            ["zones"] = Table(study.Zones),
            ["od"] = Table(study.Demand),
            ["profile"] = Table(study.Profile),
            ["classes"] = Table(study.Classes),
            ["stations"] = Table(study.Stations),
            ["buses"] = Table(study.Buses),
            ["branches"] = Table(study.Branches),
            ["generators"] = Table(study.Generators),
            ["tariff"] = Table(study.Tariff),
            ["parameters"] = Hash(string.Join("\n", study.Parameters.All().Select(p => $"{p.Name}={Core.Invariant.Format(p.Value)}"))),
        };

        // feeders.csv only where a case has it, so the cases without keep their fingerprint.
        if (study.FeederSpecs.Count > 0)
        {
            parts["feeders"] = Table(study.FeederSpecs);
        }

        return parts;
    }

    /// <summary>Hex SHA-256 of UTF-8 text.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Table<T>(IReadOnlyList<T> rows)
    {
        var array = JsonSerializer.SerializeToNode(rows, RunSettings.Json)!.AsArray();
        foreach (var row in array.OfType<JsonObject>())
        {
            row.Remove("line");
        }

        return Hash(array.ToJsonString());
    }
}
