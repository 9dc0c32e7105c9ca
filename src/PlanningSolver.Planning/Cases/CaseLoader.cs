using System.Text;
using System.Text.Json;
using PlanningSolver.Core;

namespace PlanningSolver.Planning.Cases;

/// <summary>
/// Reads a case (case.json + CSV tables) into a <see cref="StudyCase"/> and validates it. Every problem is an
/// <see cref="InputError"/> naming the file, the line and the column; the first one found is reported.
/// </summary>
public static class CaseLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 };

    /// <summary>Loads a case folder or built-in case by its CASE argument (null = the default built-in case).</summary>
    public static StudyCase Load(string? caseArgument) => Load(CaseSource.Resolve(caseArgument));

    public static StudyCase Load(CaseSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var manifest = ReadManifest(source, out var baseCase);
        if (baseCase is not null)
        {
            source = new LayeredCaseSource(source, baseCase);
        }

        var files = manifest.Tables;
        string F(string key) => files[key];

        var nodes = ReadNodes(CsvTable.Read(source, F("nodes"), "node"));
        var links = ReadLinks(CsvTable.Read(source, F("links"), "link", "from", "to", "t0_min", "capacity_vph", "length_km", "alpha", "beta"));
        // Zone centroids (through_traffic = no) first, order kept otherwise: the road network numbers zones in this
        // order, and the no-through-traffic rule applies to the nodes numbered below the first through node.
        var zones = CsvTable.Read(source, F("zones"), "zone", "node").Rows
            .Select(r => new TrafficZone(r.Id("zone"), r.Id("node"), r.Line) { NoThroughTraffic = !ThroughTraffic(r) })
            .OrderBy(z => z.NoThroughTraffic ? 0 : 1).ToList();
        var demand = CsvTable.Read(source, F("od"), "origin", "destination", "trips_per_day").Rows
            .Select(r => new OdDemand(r.Id("origin"), r.Id("destination"), r.Number("trips_per_day", 0), r.Line)).ToList();
        var profile = CsvTable.Read(source, F("profile"), "hour", "demand_share", "base_load_factor").Rows
            .Select(r => new HourProfile(r.Integer("hour", 0, 23), r.Number("demand_share", 0, 1), r.Number("base_load_factor", 0, 10), r.Line)).ToList();
        var classes = ReadClasses(CsvTable.Read(source, F("classes"), "class", "kind", "share", "vot_per_h", "cost_per_km", "charging_share", "energy_per_charge_kwh"));
        var stations = CsvTable.Read(source, F("stations"), "station", "node", "bus", "units", "levels_kw", "fixed_cost").Rows
            .Select(r => new CandidateStation(r.Id("station"), r.Id("node"), r.Id("bus"), r.Integer("units", 1, 1000),
                Ascending(r, "levels_kw", r.NumberList("levels_kw", 0)), r.Number("fixed_cost", 0), r.Line)
            {
                Feeder = OptionalId(r, "feeder"),
            }).ToList();
        // feeders.csv is optional under its default name: a case without it has one feeder (or those buses.csv names).
        var feeders = files["feeders"] != CaseFileNames.Tables.Single(t => t.Key == "feeders").DefaultFile || source.Exists(F("feeders"))
            ? CsvTable.Read(source, F("feeders"), "feeder").Rows
                .Select(r => new FeederSpec(r.Id("feeder"), r.OptionalNumber("base_kv", 0, minExclusive: true),
                    r.OptionalNumber("substation_voltage", 0.5, 1.5, minExclusive: true), r.Line)).ToList()
            : [];
        var buses = ReadBuses(CsvTable.Read(source, F("buses"), "bus", "kind", "p_kw", "q_kvar", "vmin_pu", "vmax_pu"));
        var branches = CsvTable.Read(source, F("branches"), "from", "to", "r_ohm", "x_ohm", "i_max_a").Rows
            .Select(r => new FeederBranch(r.Id("from"), r.Id("to"), r.Number("r_ohm", 0), r.Number("x_ohm", 0), r.OptionalNumber("i_max_a", 0, minExclusive: true), r.Line)).ToList();
        var generators = CsvTable.Read(source, F("generators"), "generator", "bus", "p_min_kw", "p_max_kw", "q_min_kvar", "q_max_kvar", "cost_per_kwh").Rows
            .Select(ReadGenerator).ToList();
        var tariff = CsvTable.Read(source, F("tariff"), "hour", "period", "price_per_kwh").Rows
            .Select(r => new TariffHour(r.Integer("hour", 0, 23), Period(r), r.Number("price_per_kwh", 0), r.Line)).ToList();

        var study = new StudyCase(manifest.Name, manifest.Description, source.DisplayName, manifest.Parameters,
            nodes, links, zones, demand, profile, classes, stations, buses, branches, generators, tariff,
            files.ToDictionary(kv => kv.Key, kv => source.DisplayPath(kv.Value), StringComparer.Ordinal))
        {
            FeederSpecs = feeders,
        };
        CaseValidator.Validate(study);
        return study;
    }

    private sealed record Manifest(string Name, string Description, IReadOnlyDictionary<string, string> Tables, CaseParameters Parameters);

    /// <summary>Reads case.json; <paramref name="baseCase"/> is the built-in case named by "base", whose tables and
    /// parameters a variant inherits unless it gives its own.</summary>
    private static Manifest ReadManifest(CaseSource source, out CaseSource? baseCase)
    {
        baseCase = null;
        var file = CaseFileNames.Manifest;
        var display = source.DisplayPath(file);
        if (!source.Exists(file))
        {
            throw new InputError(display, null, null, "file not found (a case folder needs case.json)");
        }

        JsonDocument document;
        try
        {
            using var stream = source.Open(file);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray().AsMemory();
            if (bytes.Span.StartsWith(Encoding.UTF8.Preamble))
            {
                bytes = bytes[Encoding.UTF8.Preamble.Length..]; // a UTF-8 byte-order mark, as the CSV reader accepts
            }

            _ = StrictUtf8.GetCharCount(bytes.Span);
            document = JsonDocument.Parse(bytes, JsonOptions);
        }
        catch (DecoderFallbackException)
        {
            throw new InputError(display, null, null, "not valid UTF-8 text");
        }
        catch (JsonException e)
        {
            throw new InputError(display, (int)(e.LineNumber ?? 0) + 1, null, "not valid JSON: " + e.Message.Split(" Path:")[0]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputError(display, 1, null, "expected a JSON object");
            }

            var name = RequiredString(root, "name", display);
            var description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
            var tables = CaseFileNames.Tables.ToDictionary(t => t.Key, t => t.DefaultFile, StringComparer.Ordinal);
            if (root.TryGetProperty("tables", out var tablesElement))
            {
                if (tablesElement.ValueKind != JsonValueKind.Object)
                {
                    throw new InputError(display, null, "tables", "expected an object of table name → file name");
                }

                foreach (var property in tablesElement.EnumerateObject())
                {
                    if (!tables.ContainsKey(property.Name))
                    {
                        throw new InputError(display, null, "tables." + property.Name,
                            $"unknown table (known: {string.Join(", ", CaseFileNames.Tables.Select(t => t.Key))})");
                    }

                    var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : "";
                    if (value.Length == 0 || Path.IsPathRooted(value) || value.Contains("..", StringComparison.Ordinal))
                    {
                        throw new InputError(display, null, "tables." + property.Name, "expected a file name inside the case folder");
                    }

                    tables[property.Name] = value;
                }
            }

            var parameters = CaseParameters.Defaults();
            if (root.TryGetProperty("base", out var baseElement))
            {
                var baseName = baseElement.ValueKind == JsonValueKind.String ? baseElement.GetString()! : "";
                if (!BuiltInCases.TryGet(baseName, out var inherited) || inherited.DisplayName == source.DisplayName)
                {
                    throw new InputError(display, null, "base", $"'{baseName}' is not another built-in case (built-in: {string.Join(", ", BuiltInCases.Names)})");
                }

                baseCase = inherited;
                parameters = ReadManifest(inherited, out _).Parameters;
            }

            if (root.TryGetProperty("parameters", out var parametersElement))
            {
                if (parametersElement.ValueKind != JsonValueKind.Object)
                {
                    throw new InputError(display, null, "parameters", "expected an object of parameter name → number");
                }

                foreach (var property in parametersElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var value))
                    {
                        throw new InputError(display, null, "parameters." + property.Name, "expected a number");
                    }

                    parameters = parameters.With(property.Name, value, out var problem);
                    if (problem is not null)
                    {
                        throw new InputError(display, null, "parameters." + property.Name, problem);
                    }
                }
            }

            return new Manifest(name, description, tables, parameters);
        }
    }

    private static string RequiredString(JsonElement root, string property, string display)
    {
        if (!root.TryGetProperty(property, out var element) || element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
        {
            throw new InputError(display, null, property, "missing or empty (expected a string)");
        }

        return element.GetString()!;
    }

    /// <summary>Nodes; a position is optional (both x_km and y_km, or neither: the map then draws its own layout).</summary>
    private static List<RoadNode> ReadNodes(CsvTable table) =>
        table.Rows.Select(r =>
        {
            var (x, y) = (r.OptionalNumber("x_km"), r.OptionalNumber("y_km"));
            return (x is null) == (y is null)
                ? new RoadNode(r.Id("node"), x, y, r.Text("kind"), r.Line)
                : throw r.Error(x is null ? "x_km" : "y_km", "empty value: give both x_km and y_km, or neither");
        }).ToList();

    private static List<RoadLink> ReadLinks(CsvTable table) =>
        table.Rows.Select(r => new RoadLink(
            r.Id("link"), r.Id("from"), r.Id("to"),
            r.Number("t0_min", 0, minExclusive: true),
            r.Number("capacity_vph", 0, minExclusive: true),
            r.Number("length_km", 0),
            r.Number("alpha", 0),
            r.Number("beta", 0, 16),
            r.Line)).ToList();

    private static List<VehicleClass> ReadClasses(CsvTable table) =>
        table.Rows.Select(r => new VehicleClass(
            r.Id("class"),
            r.Text("kind") switch
            {
                "icev" => VehicleKind.Icev,
                "ev" => VehicleKind.Ev,
                var other => throw r.Error("kind", $"'{other}' is not a vehicle kind (expected icev or ev)"),
            },
            r.Number("share", 0, 1),
            r.Number("vot_per_h", 0, minExclusive: true),
            r.Number("cost_per_km", 0),
            r.Number("charging_share", 0, 1),
            r.Number("energy_per_charge_kwh", 0),
            r.Line)).ToList();

    private static List<FeederBus> ReadBuses(CsvTable table) =>
        table.Rows.Select(r => new FeederBus(
            r.Id("bus"),
            r.Text("kind") switch
            {
                "substation" => BusKind.Substation,
                "load" => BusKind.Load,
                var other => throw r.Error("kind", $"'{other}' is not a bus kind (expected substation or load)"),
            },
            r.Number("p_kw", -1e6, 1e6),
            r.Number("q_kvar", -1e6, 1e6),
            r.Number("vmin_pu", 0, 2, minExclusive: true),
            r.Number("vmax_pu", 0, 2, minExclusive: true),
            r.Line)
        {
            Feeder = OptionalId(r, "feeder"),
        }).ToList();

    /// <summary>An optional identifier column: null when the column is absent or the cell empty.</summary>
    private static string? OptionalId(CsvTableRow r, string column) => r.IsBlank(column) ? null : r.Id(column);

    private static DistributedGenerator ReadGenerator(CsvTableRow r)
    {
        var generator = new DistributedGenerator(r.Id("generator"), r.Id("bus"), r.Number("p_min_kw", 0), r.Number("p_max_kw", 0),
            r.Number("q_min_kvar"), r.Number("q_max_kvar"), r.Number("cost_per_kwh", 0), r.Line);
        if (generator.PMinKw > generator.PMaxKw)
        {
            throw r.Error("p_max_kw", "must be >= p_min_kw");
        }

        return generator.QMinKvar > generator.QMaxKvar ? throw r.Error("q_max_kvar", "must be >= q_min_kvar") : generator;
    }

    /// <summary>zones.csv <c>through_traffic</c>: <c>yes</c> (also when the column or cell is empty) or <c>no</c>.</summary>
    private static bool ThroughTraffic(CsvTableRow r) => r.Text("through_traffic") switch
    {
        "" or "yes" => true,
        "no" => false,
        var other => throw r.Error("through_traffic", $"'{other}' is not yes or no"),
    };

    private static string Period(CsvTableRow r) => r.Text("period") switch
    {
        "off-peak" or "peak" or "super-peak" => r.Text("period"),
        var other => throw r.Error("period", $"'{other}' is not a tariff period (expected off-peak, peak or super-peak)"),
    };

    private static IReadOnlyList<double> Ascending(CsvTableRow r, string column, IReadOnlyList<double> levels)
    {
        for (var i = 1; i < levels.Count; i++)
        {
            if (levels[i] <= levels[i - 1])
            {
                throw r.Error(column, "levels must be strictly ascending");
            }
        }

        return levels.Count > 64 ? throw r.Error(column, "at most 64 levels") : levels;
    }
}
