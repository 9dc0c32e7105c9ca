using System.Text.Json;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Output;

namespace PlanningSolver.Planning.Studies;

/// <summary>
/// The tidy results table of a sweep (<c>results.csv</c>): one row per point, a fixed column order — point index, the swept
/// values, then the outcome — and the sweep's description (<c>sweep.json</c>) so shards can be merged and checked.
/// Rows are kept as text exactly as written, so merging never reformats a number.
/// </summary>
public sealed class SweepTable
{
    public const string ResultsFile = "results.csv";
    public const string SpecFile = "sweep.json";

    /// <summary>Outcome columns after the swept parameters; <c>wall_seconds</c> is last and is the only column that varies between runs.</summary>
    public static IReadOnlyList<string> OutcomeColumns { get; } =
    [
        "status", OutputNames.SocialCost, .. OutputNames.Components, OutputNames.ChargingRevenue, OutputNames.GridCostIncrease,
        "budget_ok", "revenue_ok", "grid_ok", "average_station_dlmp_usd_per_mwh", "peak_substation_kw", "min_voltage_pu",
        "coupling_iterations", "coupling_gap", OutputNames.Capacities, "wall_seconds",
    ];

    private readonly SortedDictionary<int, string[]> _rows = [];

    public SweepTable(SweepSpec spec, string mode)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Mode = mode;
        Header = ["point", .. spec.Axes.Select(a => a.Name), .. OutcomeColumns];
    }

    public SweepSpec Spec { get; }

    public string Mode { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyCollection<int> Points => _rows.Keys;

    public IEnumerable<string[]> Rows => _rows.Values;

    public bool Has(int point) => _rows.ContainsKey(point);

    /// <summary>Adds the row of an evaluated point.</summary>
    public void Add(SweepPoint point, StudyCase study, EvaluationResult result, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(result);
        var c = result.Components;
        string F(double x) => Invariant.Format(x);
        string B(bool b) => b ? "true" : "false";
        string[] row =
        [
            Invariant.Format(point.Index),
            .. point.Settings.Select(s => s.Value),
            result.Status.ToText(), F(result.SocialCost), F(c.TravelTime), F(c.ChargingTime), F(c.Fuel), F(c.Investment), F(c.GridOperation),
            F(result.ChargingRevenue), F(result.GridCostIncrease), B(result.BudgetOk), B(result.RevenueOk), B(result.GridOk),
            F(result.AverageStationDlmpPerMwh), F(result.PeakSubstationKw), F(result.MinVoltagePu), Invariant.Format(result.CouplingIterations),
            F(result.CouplingGap), result.Plan.Format(study), F(wallSeconds),
        ];
        AddRaw(row, "evaluation");
    }

    private void AddRaw(string[] row, string source)
    {
        var point = int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture);
        if (!_rows.TryAdd(point, row))
        {
            throw new InputError(source, null, "point", $"point {point} appears twice");
        }
    }

    public void Write(TextWriter writer)
    {
        var csv = new CsvText(writer, [.. Header]);
        foreach (var row in _rows.Values)
        {
            foreach (var field in row)
            {
                csv.Field(field);
            }

            csv.EndRow();
        }
    }

    /// <summary>
    /// The table as one JSON object for <c>sweep --json</c>: counts, the results file, and one object per finished point
    /// with the results.csv columns as keys, typed (numbers, booleans, text; a non-finite number as null).
    /// </summary>
    public void WriteJson(Utf8JsonWriter w, int pointsRun, string resultsFile)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteNumber("points_total", Spec.Count);
        w.WriteNumber("points_done", _rows.Count);
        w.WriteNumber("points_run", pointsRun);
        w.WriteString("mode", Mode);
        w.WriteString("results_file", resultsFile);
        w.WriteStartArray("points");
        foreach (var row in _rows.Values)
        {
            w.WriteStartObject();
            for (var c = 0; c < Header.Count; c++)
            {
                var name = Header[c];
                var axis = c >= 1 && c <= Spec.Axes.Count ? Spec.Axes[c - 1] : null;
                if (name is "status" or OutputNames.Capacities || axis is { IsSetting: true })
                {
                    w.WriteString(name, row[c]);
                }
                else if (row[c] is "true" or "false")
                {
                    w.WriteBoolean(name, row[c] == "true");
                }
                else
                {
                    w.Number(name, double.TryParse(row[c], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) ? x : double.NaN);
                }
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public string SpecJson(SweepShard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("mode", Mode);
            w.WriteNumber("points", Spec.Count);
            w.WriteStartArray("axes");
            foreach (var axis in Spec.Axes)
            {
                w.WriteStartObject();
                w.WriteString("name", axis.Name);
                w.WriteStartArray("values");
                foreach (var v in axis.Values)
                {
                    if (axis.IsSetting)
                    {
                        w.WriteStringValue(v);
                    }
                    else
                    {
                        w.WriteNumberValue(Invariant.Parse(v));
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("shard", $"{shard.Index}/{shard.Count}");
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Reads a sweep folder (sweep.json + results.csv, which may be absent when nothing has finished yet).</summary>
    public static SweepTable Read(string folder)
    {
        var specPath = Path.Combine(folder, SpecFile);
        if (!File.Exists(specPath))
        {
            throw new InputError(specPath, null, null, "file not found (not a sweep output folder)");
        }

        SweepSpec spec;
        string mode;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(specPath));
            mode = doc.RootElement.GetProperty("mode").GetString() ?? "evaluate";
            spec = new SweepSpec(doc.RootElement.GetProperty("axes").EnumerateArray()
                .Select(a => new SweepAxis(a.GetProperty("name").GetString()!, a.GetProperty("values").EnumerateArray()
                    .Select(v => v.ValueKind == JsonValueKind.Number ? Invariant.Format(v.GetDouble()) : v.GetString()!).ToArray()))
                .ToArray());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InputError(specPath, null, null, $"not a sweep description: {e.Message}");
        }

        var table = new SweepTable(spec, mode);
        var resultsPath = Path.Combine(folder, ResultsFile);
        if (!File.Exists(resultsPath))
        {
            return table;
        }

        OutputNames.RefuseOldNames(resultsPath, "run the sweep into another --out, or --force to start over");
        var csv = CsvTable.Read(new FolderCaseSource(folder), ResultsFile, [.. table.Header]);
        if (!csv.Header.SequenceEqual(table.Header))
        {
            throw new InputError(resultsPath, 1, null, $"header does not match the sweep: expected {string.Join(",", table.Header)}");
        }

        foreach (var row in csv.Rows)
        {
            var point = row.Integer("point", 0, spec.Count - 1);
            var fields = table.Header.Select(row.Raw).ToArray();
            fields[0] = Invariant.Format(point);
            table.AddRaw(fields, resultsPath);
        }

        return table;
    }

    /// <summary>Merges shard folders into one table; every point exactly once, or an error naming the missing or duplicated points.</summary>
    public static SweepTable Merge(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0)
        {
            throw new InputError("merge", null, null, "give at least one sweep folder");
        }

        var tables = folders.Select(Read).ToList();
        var merged = new SweepTable(tables[0].Spec, tables[0].Mode);
        for (var i = 0; i < tables.Count; i++)
        {
            if (!tables[i].Header.SequenceEqual(merged.Header) || tables[i].Mode != merged.Mode
                || !tables[i].Spec.Axes.Select(a => a.Values).Zip(merged.Spec.Axes.Select(a => a.Values)).All(p => p.First.SequenceEqual(p.Second)))
            {
                throw new InputError(Path.Combine(folders[i], SpecFile), null, null, $"a different sweep than {Path.Combine(folders[0], SpecFile)}");
            }

            foreach (var row in tables[i].Rows)
            {
                var point = int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture);
                if (merged.Has(point))
                {
                    throw new InputError(Path.Combine(folders[i], ResultsFile), null, "point", $"point {point} is also in another shard (duplicated)");
                }

                merged.AddRaw(row, folders[i]);
            }
        }

        var missing = Enumerable.Range(0, merged.Spec.Count).Where(p => !merged.Has(p)).ToList();
        return missing.Count > 0
            ? throw new InputError("merge", null, "point", $"points {string.Join(",", missing.Take(20))}{(missing.Count > 20 ? ",…" : "")} are missing ({missing.Count} of {merged.Spec.Count})")
            : merged;
    }
}
