using System.Text.Json;
using System.Text.Json.Nodes;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Settings;

namespace PlanningSolver.Planning.Output;

/// <summary>One setting whose value in a run folder differs from this run's.</summary>
/// <param name="Name">The setting, as named in run.json (e.g. <c>seed</c>, <c>pricing</c>, <c>case od table</c>).</param>
public sealed record RunDifference(string Name, string Recorded, string Now)
{
    public override string ToString() => $"{Name}: {Recorded} in the folder, {Now} now";
}

/// <summary>
/// run.json: what a run folder holds — the command, the program version, the case (its argument, <c>--set</c> list and
/// <see cref="CaseFingerprint"/>), the whole <see cref="RunSettings"/> record and the command's own result-affecting
/// options (a sweep's axes, mode and plan). <see cref="Fingerprint"/> hashes all of it except the thread count and where
/// the case lives; a run into a folder with another fingerprint is refused (<see cref="RunFolder"/>).
/// </summary>
public sealed record RunRecord(
    string Command,
    string Version,
    string Case,
    IReadOnlyList<string> Set,
    RunSettings Settings,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyDictionary<string, string> CaseParts)
{
    public const string FileName = "run.json";

    /// <summary>Keys left out of the fingerprint: results do not depend on them.</summary>
    private static readonly HashSet<string> NotResultAffecting = ["threads"];

    public static RunRecord Create(string command, string version, string caseArgument, IReadOnlyList<string> set, StudyCase study,
        RunSettings settings, IReadOnlyDictionary<string, string>? options = null) =>
        new(command, version, caseArgument, set, settings, options ?? new SortedDictionary<string, string>(StringComparer.Ordinal), CaseFingerprint.Of(study));

    /// <summary>SHA-256 over the command, version, settings (without threads), options and case parts.</summary>
    public string Fingerprint => CaseFingerprint.Hash(string.Join("\n", Flatten().Select(kv => $"{kv.Key}={kv.Value}")));

    /// <summary>Every result-affecting value as "path → text", in a fixed order.</summary>
    private SortedDictionary<string, string> Flatten()
    {
        var flat = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["command"] = Command,
            ["version"] = Version,
        };
        Leaves(Settings.ToJson(), "", flat);
        foreach (var (key, value) in Options)
        {
            flat["options." + key] = value;
        }

        foreach (var (key, value) in CaseParts)
        {
            flat["case." + key] = value;
        }

        return flat;
    }

    private static void Leaves(JsonNode? node, string prefix, SortedDictionary<string, string> flat)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                if (!NotResultAffecting.Contains(key))
                {
                    Leaves(child, prefix.Length == 0 ? key : $"{prefix}.{key}", flat);
                }
            }
        }
        else
        {
            flat[prefix] = node switch
            {
                null => "null",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => node.ToJsonString(),
            };
        }
    }

    /// <summary>What differs between the run recorded in a folder (this) and <paramref name="now"/>, named for the user.</summary>
    public IReadOnlyList<RunDifference> Differences(RunRecord now)
    {
        ArgumentNullException.ThrowIfNull(now);
        var was = Flatten();
        var next = now.Flatten();
        var differences = new List<RunDifference>();
        var caseChanged = false;
        foreach (var key in was.Keys.Union(next.Keys).Order(StringComparer.Ordinal))
        {
            var a = was.GetValueOrDefault(key, "(none)");
            var b = next.GetValueOrDefault(key, "(none)");
            if (a == b)
            {
                continue;
            }

            if (key.StartsWith("case.", StringComparison.Ordinal))
            {
                caseChanged = true;
                continue;
            }

            var name = key[(key.LastIndexOf('.') + 1)..];
            differences.Add(new RunDifference(name, a, b));
        }

        if (caseChanged)
        {
            if (Case != now.Case)
            {
                differences.Add(new RunDifference("case", Case, now.Case));
            }

            if (!Set.SequenceEqual(now.Set))
            {
                differences.Add(new RunDifference("--set", List(Set), List(now.Set)));
            }

            if (Case == now.Case && Set.SequenceEqual(now.Set))
            {
                var parts = CaseParts.Keys.Union(now.CaseParts.Keys).Where(k => CaseParts.GetValueOrDefault(k) != now.CaseParts.GetValueOrDefault(k)).Order(StringComparer.Ordinal);
                differences.Add(new RunDifference("case " + string.Join(", ", parts), "as recorded", "edited"));
            }
        }

        return differences;

        static string List(IReadOnlyList<string> items) => items.Count == 0 ? "none" : string.Join(" ", items);
    }

    public string ToJsonText() => JsonOutput.Build(w =>
    {
        w.WriteString("command", Command);
        w.WriteString("version", Version);
        w.WriteString("fingerprint", Fingerprint);
        w.WriteString("case", Case);
        w.WriteStartArray("set");
        foreach (var s in Set)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
        w.WritePropertyName("settings");
        Settings.ToJson().WriteTo(w);
        w.WriteStartObject("options");
        foreach (var (key, value) in Options)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
        w.WriteStartObject("case_fingerprint");
        foreach (var (key, value) in CaseParts)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    });

    public void Write(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FileName), ToJsonText());

    /// <summary>The run.json of <paramref name="folder"/>, or null when it has none; an <see cref="InputError"/> when unreadable.</summary>
    public static RunRecord? TryRead(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            var root = JsonNode.Parse(r.GetRawText())!;
            return new RunRecord(
                r.GetProperty("command").GetString()!,
                r.GetProperty("version").GetString()!,
                r.GetProperty("case").GetString()!,
                r.GetProperty("set").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                RunSettings.FromJson(root["settings"]!),
                Strings(r.GetProperty("options")),
                Strings(r.GetProperty("case_fingerprint")));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new InputError(path, null, null, $"not a run description of this program: {e.Message}");
        }

        static SortedDictionary<string, string> Strings(JsonElement obj) =>
            new(obj.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!), StringComparer.Ordinal);
    }
}
