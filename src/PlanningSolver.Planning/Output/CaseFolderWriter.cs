using System.Text;
using System.Text.Json;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;

namespace PlanningSolver.Planning.Output;

/// <summary>
/// Writes a <see cref="StudyCase"/> as a case folder (docs/case-format.md): the eleven CSV tables under their default
/// names (and feeders.csv for a case that has one), case.json with every parameter, and an optional README; each file written to a temporary name then renamed.
/// </summary>
public static class CaseFolderWriter
{
    /// <summary>The folder's files as text, by file name (the README only when given).</summary>
    public static IReadOnlyDictionary<string, string> Files(StudyCase study, string? readme = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        // A case of one feeder keeps today's tables; several feeders add the feeder column and feeders.csv.
        var several = study.FeederIds.Count > 1 || study.Buses.Any(b => b.Feeder is not null);
        var busFeeder = study.Buses.ToDictionary(b => b.Id, b => b.FeederId, StringComparer.Ordinal);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["nodes.csv"] = Csv(["node", "x_km", "y_km", "kind"], study.Nodes, (c, n) => c.Field(n.Id).Field(n.XKm is { } x ? Invariant.Format(x) : "").Field(n.YKm is { } y ? Invariant.Format(y) : "").Field(n.Kind)),
            ["links.csv"] = Csv(["link", "from", "to", "t0_min", "capacity_vph", "length_km", "alpha", "beta"], study.Links,
                (c, l) => c.Field(l.Id).Field(l.From).Field(l.To).Field(l.FreeFlowMinutes).Field(l.CapacityVph).Field(l.LengthKm).Field(l.Alpha).Field(l.Beta)),
            ["zones.csv"] = Csv(["zone", "node", "through_traffic"], study.Zones, (c, z) => c.Field(z.Id).Field(z.Node).Field(z.NoThroughTraffic ? "no" : "yes")),
            ["od.csv"] = Csv(["origin", "destination", "trips_per_day"], study.Demand, (c, d) => c.Field(d.Origin).Field(d.Destination).Field(d.TripsPerDay)),
            ["profile.csv"] = Csv(["hour", "demand_share", "base_load_factor"], study.Profile, (c, h) => c.Field(h.Hour).Field(h.DemandShare).Field(h.BaseLoadFactor)),
            ["classes.csv"] = Csv(["class", "kind", "share", "vot_per_h", "cost_per_km", "charging_share", "energy_per_charge_kwh"], study.Classes,
                (c, k) => c.Field(k.Id).Field(k.Kind == VehicleKind.Ev ? "ev" : "icev").Field(k.Share).Field(k.ValueOfTimePerHour).Field(k.CostPerKm).Field(k.ChargingShare).Field(k.EnergyPerChargeKwh)),
            ["stations.csv"] = Csv(["station", "node", "bus", "units", "levels_kw", "fixed_cost", .. several ? ["feeder"] : Array.Empty<string>()], study.Stations,
                (c, s) => Feeder(c.Field(s.Id).Field(s.Node).Field(s.Bus).Field(s.Units).Field(string.Join(";", s.LevelsKw.Select(v => Invariant.Format(v)))).Field(s.FixedCost),
                    several, busFeeder[s.Bus])),
            ["buses.csv"] = Csv(["bus", "kind", "p_kw", "q_kvar", "vmin_pu", "vmax_pu", .. several ? ["feeder"] : Array.Empty<string>()], study.Buses,
                (c, b) => Feeder(c.Field(b.Id).Field(b.Kind == BusKind.Substation ? "substation" : "load").Field(b.LoadKw).Field(b.LoadKvar).Field(b.VMinPu).Field(b.VMaxPu),
                    several, b.FeederId)),
            ["branches.csv"] = Csv(["from", "to", "r_ohm", "x_ohm", "i_max_a"], study.Branches,
                (c, b) => c.Field(b.From).Field(b.To).Field(b.ROhm).Field(b.XOhm).Field(b.MaxCurrentA is { } a ? Invariant.Format(a) : "")),
            ["generators.csv"] = Csv(["generator", "bus", "p_min_kw", "p_max_kw", "q_min_kvar", "q_max_kvar", "cost_per_kwh"], study.Generators,
                (c, g) => c.Field(g.Id).Field(g.Bus).Field(g.PMinKw).Field(g.PMaxKw).Field(g.QMinKvar).Field(g.QMaxKvar).Field(g.CostPerKwh)),
            ["tariff.csv"] = Csv(["hour", "period", "price_per_kwh"], study.Tariff, (c, t) => c.Field(t.Hour).Field(t.Period).Field(t.PricePerKwh)),
            [CaseFileNames.Manifest] = Manifest(study),
        };
        if (study.FeederSpecs.Count > 0)
        {
            files["feeders.csv"] = Csv(["feeder", "base_kv", "substation_voltage"], study.FeederSpecs,
                (c, f) => c.Field(f.Id).Field(f.BaseKv is { } kv ? Invariant.Format(kv) : "").Field(f.SubstationVoltage is { } v ? Invariant.Format(v) : ""));
        }

        if (readme is not null)
        {
            files["README.md"] = readme;
        }

        return files;
    }

    /// <summary>Writes <paramref name="files"/> into <paramref name="folder"/> (created if absent).</summary>
    public static void Write(string folder, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            AtomicFile.WriteAllText(Path.Combine(folder, name), text);
        }
    }

    private static CsvText Feeder(CsvText row, bool several, string feeder) => several ? row.Field(feeder) : row;

    private static string Csv<T>(string[] header, IEnumerable<T> rows, Action<CsvText, T> row)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        var csv = new CsvText(writer, header);
        foreach (var r in rows)
        {
            row(csv, r);
            csv.EndRow();
        }

        return writer.ToString();
    }

    private static string Manifest(StudyCase study)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", "planning-solver-case/1");
            w.WriteString("name", study.Name);
            w.WriteString("description", study.Description);
            w.WriteStartObject("parameters");
            foreach (var (name, value) in study.Parameters.All())
            {
                w.WriteNumber(name, value);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
