using System.Globalization;
using System.Text;
using System.Text.Json;
using PlanningSolver.Core;

namespace PlanningSolver.Planning.Cases;

/// <summary>
/// Reads the node coordinates of <c>cases import --nodes</c>: a TNTP node file (<c>node x y</c> per line, an optional
/// header such as <c>Node X Y ;</c>, <c>~</c> comments, the <c>;</c> terminator optional, tabs or spaces) or a GeoJSON
/// FeatureCollection of Point features (RFC 7946: longitude, latitude in WGS 84; the node number in
/// <c>properties.id</c>, <c>properties.node</c> or the feature's <c>id</c>). Longitude/latitude become km by the
/// equirectangular projection about the points' mean latitude (x = R Δλ cos φ̄, y = R Δφ, R = 6371.0088 km, the IUGG mean
/// Earth radius; the east-west scale is off by about tan φ̄ · |φ − φ̄|, 0.1 % across Sioux Falls or Anaheim), measured from the south-west corner of the points. Bad input throws
/// <see cref="InputError"/> naming the file, the line and the field.
/// </summary>
public static class NodeCoordinatesReader
{
    /// <summary>IUGG mean Earth radius R1, km.</summary>
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>
    /// Reads <paramref name="path"/> and checks that it gives every node 1..<paramref name="nodes"/> of the network exactly
    /// once. <paramref name="unit"/> null: GeoJSON is degrees; a TNTP file is degrees when every x lies in [−180, 180] and
    /// every y in [−90, 90], else planar in <paramref name="kmPerPlanarUnit"/>.
    /// </summary>
    public static NodeCoordinates Read(string path, int nodes, CoordinateUnit? unit, double kmPerPlanarUnit)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputError(path, null, null, "file not found", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new InputError(path, null, null, $"not UTF-8 text: {e.Message}", e);
        }

        var geoJson = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{');
        var points = geoJson ? ReadGeoJson(text, path) : ReadTntp(text, path);
        CheckCoverage(points, nodes, path);
        var degrees = unit switch
        {
            CoordinateUnit.Degrees => true,
            CoordinateUnit.Planar => false,
            _ => geoJson || points.All(p => Math.Abs(p.X) <= 180 && Math.Abs(p.Y) <= 90),
        };
        if (degrees)
        {
            var bad = points.FirstOrDefault(p => Math.Abs(p.X) > 180 || Math.Abs(p.Y) > 90);
            if (bad is not null)
            {
                throw new InputError(path, bad.Line, Math.Abs(bad.X) > 180 ? "x" : "y",
                    $"node {bad.Node}: ({Invariant.Format(bad.X)}, {Invariant.Format(bad.Y)}) is not a longitude in [-180, 180] and a latitude in [-90, 90]");
            }
        }

        var format = geoJson ? "GeoJSON points" : "TNTP node file";
        return degrees ? Project(points, format) : Planar(points, kmPerPlanarUnit, format);
    }

    /// <summary>The TNTP node file's points; the first line is a header when its first field is not a node number.</summary>
    public static List<NodePoint> ReadTntp(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var points = new List<NodePoint>();
        var lines = text.Split('\n');
        var first = true;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('~'))
            {
                continue;
            }

            var fields = line.TrimEnd(';').Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            var header = first && !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            first = false;
            if (header)
            {
                continue; // Node X Y ;
            }

            if (fields.Length < 3)
            {
                throw new InputError(source, i + 1, fields.Length == 1 ? "x" : "y", $"missing; a node line needs node, x and y, found {fields.Length} field(s)");
            }

            points.Add(new NodePoint(NodeNumber(fields[0], source, i + 1), Coordinate(fields[1], source, i + 1, "x"), Coordinate(fields[2], source, i + 1, "y"), i + 1));
        }

        return points;
    }

    /// <summary>The GeoJSON FeatureCollection's Point features; lines are those of each feature's opening brace.</summary>
    public static List<NodePoint> ReadGeoJson(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF'));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new InputError(source, e.LineNumber is { } l ? (int)l + 1 : null, null, $"not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() != "FeatureCollection")
            {
                throw new InputError(source, 1, "type", "not a GeoJSON FeatureCollection (type must be \"FeatureCollection\")");
            }

            if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                throw new InputError(source, 1, "features", "missing; a FeatureCollection needs a features array");
            }

            var lines = FeatureLines(bytes);
            var points = new List<NodePoint>();
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                var line = index < lines.Count ? lines[index] : (int?)null;
                index++;
                points.Add(Feature(feature, source, line, index));
            }

            return points;
        }
    }

    private static NodePoint Feature(JsonElement feature, string source, int? line, int index)
    {
        InputError Bad(string field, string problem) => new(source, line, field, $"feature {index}: {problem}");
        if (feature.ValueKind != JsonValueKind.Object)
        {
            throw Bad("features", "not an object");
        }

        JsonElement idElement = default;
        var hasId = feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            && (properties.TryGetProperty("id", out idElement) || properties.TryGetProperty("node", out idElement));
        if (!hasId && !feature.TryGetProperty("id", out idElement))
        {
            throw Bad("properties.id", "missing; the node number goes in properties.id (or properties.node, or the feature's id)");
        }

        var idText = idElement.ValueKind switch
        {
            JsonValueKind.Number => idElement.GetRawText(),
            JsonValueKind.String => idElement.GetString()!,
            _ => throw Bad("properties.id", $"must be a node number, got {idElement.GetRawText()}"),
        };
        if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var node) || node < 1)
        {
            throw Bad("properties.id", $"must be a node number >= 1, got {idText}");
        }

        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
        {
            throw Bad("geometry", $"node {node}: missing");
        }

        if (!geometry.TryGetProperty("type", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != "Point")
        {
            throw Bad("geometry.type", $"node {node}: must be \"Point\", got {(kind.ValueKind == JsonValueKind.Undefined ? "none" : kind.GetRawText())}");
        }

        if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array || coordinates.GetArrayLength() < 2
            || coordinates[0].ValueKind != JsonValueKind.Number || coordinates[1].ValueKind != JsonValueKind.Number)
        {
            throw Bad("geometry.coordinates", $"node {node}: must be [longitude, latitude], got {(coordinates.ValueKind == JsonValueKind.Undefined ? "none" : coordinates.GetRawText())}");
        }

        return new NodePoint(node, coordinates[0].GetDouble(), coordinates[1].GetDouble(), line ?? 0);
    }

    /// <summary>The 1-based line of each element of the top-level <c>features</c> array.</summary>
    private static List<int> FeatureLines(byte[] json)
    {
        var lines = new List<int>();
        var reader = new Utf8JsonReader(json);
        var inFeatures = false;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                inFeatures = reader.ValueTextEquals("features"u8);
            }
            else if (inFeatures && reader.CurrentDepth == 2 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                or JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null)
            {
                lines.Add(1 + json.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n'));
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }

        return lines;
    }

    private static void CheckCoverage(List<NodePoint> points, int nodes, string source)
    {
        if (points.Count == 0)
        {
            throw new InputError(source, null, null, "no node coordinates in the file");
        }

        var seen = new Dictionary<int, int>();
        foreach (var p in points)
        {
            if (p.Node > nodes)
            {
                throw new InputError(source, p.Line, "node", $"node {p.Node} is not in the network (nodes 1..{nodes})");
            }

            if (!seen.TryAdd(p.Node, p.Line))
            {
                throw new InputError(source, p.Line, "node", $"node {p.Node} is given twice (also line {seen[p.Node]})");
            }
        }

        var missing = Enumerable.Range(1, nodes).Where(n => !seen.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new InputError(source, null, "node",
                $"no coordinates for node{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", …" : "")} ({missing.Count} of the network's {nodes})");
        }
    }

    /// <summary>Equirectangular projection about the mean latitude, from the south-west corner of the points.</summary>
    public static NodeCoordinates Project(IReadOnlyList<NodePoint> points, string format)
    {
        ArgumentNullException.ThrowIfNull(points);
        var meanLatitude = points.Average(p => p.Y);
        var cos = Math.Cos(meanLatitude * Math.PI / 180);
        var west = points.Min(p => p.X);
        var south = points.Min(p => p.Y);
        var kmPerDegree = EarthRadiusKm * Math.PI / 180;
        var positions = points.ToDictionary(p => p.Node, p => ((p.X - west) * kmPerDegree * cos, (p.Y - south) * kmPerDegree));
        var note = $"{format}, longitude/latitude (degrees) projected to km: equirectangular about the mean latitude {Invariant.Format(meanLatitude, 4)}°, " +
            $"R = {Invariant.Format(EarthRadiusKm)} km, origin at the south-west corner ({Invariant.Format(west, 6)}, {Invariant.Format(south, 6)})";
        return new NodeCoordinates(positions, CoordinateUnit.Degrees, note);
    }

    private static NodeCoordinates Planar(IReadOnlyList<NodePoint> points, double kmPerUnit, string format)
    {
        var positions = points.ToDictionary(p => p.Node, p => (p.X * kmPerUnit, p.Y * kmPerUnit));
        var note = $"{format}, planar x, y (not longitude/latitude) × {Invariant.Format(kmPerUnit)} to km";
        return new NodeCoordinates(positions, CoordinateUnit.Planar, note);
    }

    private static int NodeNumber(string text, string source, int line) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : throw new InputError(source, line, "node", $"must be a node number >= 1, got '{text}'");

    private static double Coordinate(string text, string source, int line, string field) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x
            : throw new InputError(source, line, field, $"must be a finite number, got '{text}'");
}
