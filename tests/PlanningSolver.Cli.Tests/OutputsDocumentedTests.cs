using System.Text.Json;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Testing;
using PlanningSolver.Traffic;
using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Cli.Tests;

/// <summary>
/// Every CSV column and JSON key the commands write is documented in docs/outputs.md as <c>`name`</c>, and follows its
/// naming rule: a name that holds a number with a unit carries the unit. Names with a per-instance part (a station,
/// generator, class, bus or swept parameter) are checked as the documented pattern.
/// </summary>
public sealed class OutputsDocumentedTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ps-outdoc-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Every_column_and_key_of_the_case_commands_and_assign_is_in_docs_outputs_md()
    {
        var study = CaseLoader.Load("ring-33");
        var names = new Names(study, sweptAxes: ["ev_share"]);

        var evaluate = Path.Combine(_root, "evaluate");
        names.Json("evaluate --json", Run("evaluate", "ring-33", "--uniform", "--pricing", "tou", "--out", evaluate, "--json", "-q"));
        names.Folder(evaluate);

        var plan = Path.Combine(_root, "plan");
        names.Json("plan --json", Run("plan", "ring-33", "--evaluations", "4", "--seed", "3", "--pricing", "tou", "--out", plan, "--json", "-q"));
        names.Folder(plan);

        var sweep = Path.Combine(_root, "sweep");
        names.Json("sweep --json", Run("sweep", "ring-33", "--set", "ev_share=0.2,0.4", "--pricing", "tou", "--uniform", "--out", sweep, "--json", "-q"));
        names.Folder(sweep);

        var v2g = Path.Combine(_root, "v2g");
        names.Json("v2g --json", Run("v2g", "ring-33", "--uniform", "--pricing", "tou", "--out", v2g, "--json", "-q"));
        names.Folder(v2g);

        names.Json("validate --json", Run("validate", "--json"));

        var (net, demand) = GridNetworkGenerator.Create(3, 3, 4, seed: 7, demandPerZone: 1_000);
        var netPath = Path.Combine(_root, "grid_net.tntp");
        var tripsPath = Path.Combine(_root, "grid_trips.tntp");
        using (var w = new StreamWriter(netPath))
        {
            TntpWriter.WriteNetwork(w, net);
        }

        using (var w = new StreamWriter(tripsPath))
        {
            TntpWriter.WriteTrips(w, demand);
        }

        var flows = Path.Combine(_root, "flows.csv");
        var log = Path.Combine(_root, "log.csv");
        names.Json("assign --json", Run("assign", netPath, tripsPath, "--flows-out", flows, "--log-out", log, "--json"));
        names.Csv(flows);
        names.Csv(log);

        names.AssertDocumented();
    }

    [SharedDataFact("matpower/case33bw.m")]
    public void Every_column_and_key_of_opf_and_pf_is_in_docs_outputs_md()
    {
        var feeder = SharedData.Path("matpower/case33bw.m");
        var names = new Names(null, sweptAxes: []);
        var opf = Path.Combine(_root, "opf");
        names.Json("opf --json", Run("opf", feeder, "--out", opf, "--json"));
        names.Folder(opf);
        var pf = Path.Combine(_root, "pf.csv");
        names.Json("pf --json", Run("pf", feeder, "--out", pf, "--json"));
        names.Csv(pf);
        names.AssertDocumented();
    }

    private static string Run(params string[] args)
    {
        var (code, output, err) = Cli.Run(args);
        Assert.True(code == 0, $"{string.Join(" ", args)}: {err}");
        return output;
    }

    /// <summary>The names seen, normalised to the documented patterns, with where each was seen.</summary>
    private sealed class Names(StudyCase? study, IReadOnlyList<string> sweptAxes)
    {
        private readonly SortedDictionary<string, string> _seen = new(StringComparer.Ordinal);

        /// <summary>Objects whose keys are instances (stations, buses, run.json's recorded options) rather than names.</summary>
        private static readonly Dictionary<string, string> InstanceKeyed = new(StringComparer.Ordinal)
        {
            ["capacities_kw"] = "capacities_kw.STATION",
            ["dlmp_p_usd_per_mwh"] = "dlmp_p_usd_per_mwh.BUS",
            ["options"] = "options.NAME",
            ["case_fingerprint"] = "case_fingerprint.TABLE",
            ["settings"] = "settings.NAME",
        };

        public void Folder(string folder)
        {
            var files = Directory.GetFiles(folder).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')).ToList();
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var path = Path.Combine(folder, file!);
                Add(file!, "the file list");
                if (file!.EndsWith(".csv", StringComparison.Ordinal))
                {
                    Csv(path);
                }
                else if (file.EndsWith(".json", StringComparison.Ordinal))
                {
                    Json(file, File.ReadAllText(path));
                }
            }
        }

        public void Csv(string path)
        {
            var header = File.ReadLines(path).First().Split(',');
            foreach (var column in header)
            {
                Add(Normalise(column), Path.GetFileName(path));
            }
        }

        public void Json(string source, string text)
        {
            using var doc = JsonDocument.Parse(text);
            Walk(doc.RootElement, source);
        }

        private void Walk(JsonElement element, string source)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        Add(Normalise(property.Name), source);
                        if (InstanceKeyed.TryGetValue(property.Name, out var pattern) && property.Value.ValueKind == JsonValueKind.Object)
                        {
                            Add(pattern, source);
                        }
                        else
                        {
                            Walk(property.Value, source);
                        }
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item, source);
                    }

                    break;
            }
        }

        /// <summary>Replaces the per-instance part of a name with the placeholder docs/outputs.md uses.</summary>
        private string Normalise(string name)
        {
            if (sweptAxes.Contains(name))
            {
                return "AXIS";
            }

            if (name.StartsWith("gap_", StringComparison.Ordinal))
            {
                return "gap_CLASS";
            }

            if (study is null)
            {
                return name;
            }

            var parts = name.Split('_');
            for (var i = 0; i < parts.Length; i++)
            {
                if (study.Stations.Any(s => s.Id == parts[i]))
                {
                    parts[i] = "STATION";
                }
                else if (study.Generators.Any(g => g.Id == parts[i]))
                {
                    parts[i] = "GEN";
                }
            }

            return string.Join("_", parts);
        }

        private void Add(string name, string source) => _seen.TryAdd(name, source);

        /// <summary>The unit parts a name may carry (docs/outputs.md, "Naming rule"); <c>per</c> marks a rate (<c>trips_per_day</c>).</summary>
        private static readonly HashSet<string> UnitParts =
            ["kw", "kvar", "kwh", "pu", "pu2", "a", "deg", "min", "h", "seconds", "usd", "mw", "mvar", "per"];

        /// <summary>
        /// The names docs/outputs.md lists without a unit: counts, fractions, relative gaps, flags, ids, text, objects,
        /// and assign's values in the TNTP file's own units (the format states none).
        /// </summary>
        private static readonly HashSet<string> Unitless =
        [
            // ids, text, flags, objects
            "status", "hour", "station", "bus", "feeder", "link", "node", "from", "to", "from_bus", "to_bus", "vmin_bus", "binding_limits", "binding",
            "step", "kind", "component", "in_social_cost", "budget_ok", "revenue_ok", "grid_ok", "feasible", "pricing", "case", "strategy",
            "best", "uniform", "equal_power", "unused_stations", "components", "grid_problem", "message", "mode", "results_file", "points",
            "axes", "name", "values", "shard", "command", "version", "fingerprint", "set", "settings", "settings.NAME", "options", "options.NAME",
            "case_fingerprint", "case_fingerprint.TABLE", "source", "algorithm", "violations", "v2g_opf_status", "AXIS",
            // counts
            "order", "batch", "point", "iteration", "iterations", "coupling_iterations", "assignment_iterations", "assignment_shifts", "evaluations", "seed",
            "new_evaluations", "feasible_plans", "points_total", "points_done", "points_run", "units", "nodes", "links", "zones",
            "stations", "buses", "branches", "v2g_opf_lps", "peak_hour_without", "peak_hour_with",
            // fractions and relative gaps
            "coupling_gap", "assignment_gap", "charging_class_gap", "gap_CLASS", "relative_gap", "loading", "ev_share",
            "saving_share_of_plan_dependent",
            // assign: the TNTP file's units
            "flow", "time", "objective", "tstt", "beckmann", "average_excess_cost",
        ];

        public void AssertNamingRule()
        {
            static bool FileName(string name) => name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal)
                || name.EndsWith(".png", StringComparison.Ordinal) || name.EndsWith(".md", StringComparison.Ordinal) || name.EndsWith(".html", StringComparison.Ordinal);
            var unitless = _seen.Keys.Where(n => !FileName(n) && !Unitless.Contains(n) && !n.Split('_', '.').Any(UnitParts.Contains))
                .Select(n => $"{n} ({_seen[n]})").ToList();
            Assert.True(unitless.Count == 0, "names without a unit suffix (docs/outputs.md, naming rule): " + string.Join(", ", unitless));
        }

        public void AssertDocumented()
        {
            AssertNamingRule();
            var doc = File.ReadAllText(RepositoryRoot.Path("docs/outputs.md"));
            var missing = _seen.Where(kv => !doc.Contains($"`{kv.Key}`", StringComparison.Ordinal)).Select(kv => $"{kv.Key} ({kv.Value})").ToList();
            Assert.True(missing.Count == 0, "not in docs/outputs.md: " + string.Join(", ", missing));
        }
    }
}
