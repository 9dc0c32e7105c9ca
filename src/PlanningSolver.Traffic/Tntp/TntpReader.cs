using PlanningSolver.Core;

namespace PlanningSolver.Traffic.Tntp;

/// <summary>
/// Reads the TNTP formats of the Transportation Networks for Research collection (github.com/bstabler/TransportationNetworks):
/// <c>_net</c> (metadata header, then one link per line ending in <c>;</c>), <c>_trips</c> (<c>Origin k</c> blocks of
/// <c>dest : flow;</c>) and <c>_flow</c> (<c>From To Volume Cost</c>). The variants found in the collection's files are
/// accepted: <c>~</c> comment lines anywhere (inside the metadata header too), metadata tags in any order (unknown
/// tags such as <c>&lt;ORIGINAL HEADER&gt;</c> are kept but unused), data lines with or without the <c>;</c>
/// terminator, and trips entries with or without <c>;</c> between them. A self-loop link (init_node = term_node)
/// carries no flow in any assignment; it is dropped and reported in <see cref="TntpNetwork.Warnings"/> rather than
/// rejected. Bad input throws <see cref="InputError"/> naming the file, the 1-based line and the field.
/// </summary>
public static class TntpReader
{
    /// <summary>The ten link columns of a <c>_net</c> file, in order.</summary>
    public static readonly IReadOnlyList<string> NetColumns =
        ["init_node", "term_node", "capacity", "length", "free_flow_time", "b", "power", "speed", "toll", "link_type"];

    public static TntpNetwork ReadNetwork(string path)
    {
        using var reader = OpenText(path);
        return ReadNetwork(reader, path);
    }

    public static TntpNetwork ReadNetwork(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new LineSource(reader, source);
        var meta = ReadMetadata(lines);
        var zones = RequiredMeta(meta, lines, "NUMBER OF ZONES", 1);
        var nodes = RequiredMeta(meta, lines, "NUMBER OF NODES", 1);
        var linkCount = RequiredMeta(meta, lines, "NUMBER OF LINKS", 0);
        var firstThru = OptionalMeta(meta, lines, "FIRST THRU NODE", 1, 1);
        if (zones > nodes)
        {
            throw new InputError(source, meta["NUMBER OF ZONES"].Line, "<NUMBER OF ZONES>", $"{zones} zones but only {nodes} nodes");
        }

        var links = new List<TntpLink>(linkCount);
        var warnings = new List<string>();
        var linkLines = 0;
        while (lines.Next() is { } text)
        {
            var fields = SplitFields(text);
            if (fields.Count == 0)
            {
                continue;
            }

            if (fields.Count < NetColumns.Count)
            {
                throw new InputError(source, lines.Number, NetColumns[fields.Count], $"missing; a link line needs {NetColumns.Count} fields, found {fields.Count}");
            }

            if (fields.Count > NetColumns.Count)
            {
                throw new InputError(source, lines.Number, null, $"{fields.Count} fields, expected {NetColumns.Count} (init_node .. link_type)");
            }

            linkLines++;
            var from = NodeField(fields[0], lines, "init_node", nodes);
            var to = NodeField(fields[1], lines, "term_node", nodes);
            if (from == to)
            {
                warnings.Add($"{source}:{lines.Number}: link {from}->{to} is a self-loop; dropped (it can carry no route)");
                continue;
            }

            var b = NumberField(fields[5], lines, "b", 0);
            var capacity = NumberField(fields[2], lines, "capacity", 0);
            if (capacity <= 0 && b > 0)
            {
                throw new InputError(source, lines.Number, "capacity", $"must be > 0 when b > 0, got {fields[2]}");
            }

            links.Add(new TntpLink(
                from,
                to,
                capacity,
                NumberField(fields[3], lines, "length", 0),
                NumberField(fields[4], lines, "free_flow_time", 0),
                b,
                NumberField(fields[6], lines, "power", 0),
                NumberField(fields[7], lines, "speed", 0),
                NumberField(fields[8], lines, "toll", double.NegativeInfinity),
                IntField(fields[9], lines, "link_type", int.MinValue)));
        }

        if (linkLines != linkCount)
        {
            throw new InputError(source, meta["NUMBER OF LINKS"].Line, "<NUMBER OF LINKS>", $"header says {linkCount} links, the file has {linkLines}");
        }

        return new TntpNetwork(source, zones, nodes, firstThru, links) { Warnings = warnings };
    }

    public static DemandMatrix ReadTrips(string path)
    {
        using var reader = OpenText(path);
        return ReadTrips(reader, path);
    }

    /// <summary>Reads a <c>_trips</c> file; repeated (origin, destination) entries are added up.</summary>
    public static DemandMatrix ReadTrips(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new LineSource(reader, source);
        var meta = ReadMetadata(lines);
        var zones = RequiredMeta(meta, lines, "NUMBER OF ZONES", 1);
        var demand = new DemandMatrix(zones);
        var origin = -1;
        while (lines.Next() is { } line)
        {
            var text = WithoutComment(line);
            var span = text.AsSpan().Trim();
            if (span.IsEmpty)
            {
                continue;
            }

            if (span.StartsWith("Origin", StringComparison.OrdinalIgnoreCase))
            {
                var rest = span["Origin".Length..].Trim().TrimEnd(';').Trim();
                origin = ZoneValue(rest.ToString(), lines, "origin", zones) - 1;
                continue;
            }

            if (origin < 0)
            {
                throw new InputError(source, lines.Number, "origin", "destination entries before the first 'Origin' line");
            }

            foreach (var (destinationText, flowText) in TripEntries(text, lines))
            {
                var destination = ZoneValue(destinationText, lines, "destination", zones) - 1;
                if (!Invariant.TryParseFinite(flowText, out var flow) || flow < 0)
                {
                    throw new InputError(source, lines.Number, "flow", $"expected a number >= 0, got '{flowText}'");
                }

                demand[origin, destination] += flow;
            }
        }

        return demand;
    }

    public static IReadOnlyList<TntpLinkFlow> ReadFlows(string path)
    {
        using var reader = OpenText(path);
        return ReadFlows(reader, path);
    }

    /// <summary>Reads a <c>_flow</c> file (an optional header line <c>From To Volume Cost</c>, then one link per line).</summary>
    public static IReadOnlyList<TntpLinkFlow> ReadFlows(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new LineSource(reader, source);
        var result = new List<TntpLinkFlow>();
        string[] columns = ["from", "to", "volume", "cost"];
        while (lines.Next() is { } text)
        {
            var fields = SplitFields(text);
            if (fields.Count == 0)
            {
                continue;
            }

            if (result.Count == 0 && fields[0].Equals("From", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (fields.Count < 4)
            {
                throw new InputError(source, lines.Number, columns[fields.Count], "missing; a flow line needs From To Volume Cost");
            }

            result.Add(new TntpLinkFlow(
                IntField(fields[0], lines, "from", 1),
                IntField(fields[1], lines, "to", 1),
                NumberField(fields[2], lines, "volume", 0),
                NumberField(fields[3], lines, "cost", 0)));
        }

        return result;
    }

    /// <summary>
    /// The <c>dest : flow</c> pairs of a trips line (comment already removed), whether or not <c>;</c> separates them.
    /// </summary>
    private static List<(string Destination, string Flow)> TripEntries(string text, LineSource lines)
    {
        var tokens = text.Replace(":", " : ", StringComparison.Ordinal)
            .Split([' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries);
        var result = new List<(string, string)>(tokens.Length / 3);
        for (var i = 0; i < tokens.Length; i += 3)
        {
            if (i + 2 >= tokens.Length || tokens[i + 1] != ":" || tokens[i] == ":" || tokens[i + 2] == ":")
            {
                var rest = string.Join(' ', tokens[i..Math.Min(tokens.Length, i + 3)]);
                throw new InputError(lines.Source, lines.Number, "destination", $"expected 'dest : flow', got '{rest}'");
            }

            result.Add((tokens[i], tokens[i + 2]));
        }

        return result;
    }

    private static StreamReader OpenText(string path)
    {
        try
        {
            return new StreamReader(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputError(path, null, null, "file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputError(path, null, null, $"cannot read: {e.Message}", e);
        }
    }

    private readonly record struct MetaValue(string Text, int Line);

    private static Dictionary<string, MetaValue> ReadMetadata(LineSource lines)
    {
        var meta = new Dictionary<string, MetaValue>(StringComparer.OrdinalIgnoreCase);
        while (lines.Next() is { } text)
        {
            var span = text.Trim();
            if (span.Length == 0 || span.StartsWith('~'))
            {
                continue;
            }

            if (!span.StartsWith('<'))
            {
                throw new InputError(lines.Source, lines.Number, null, "expected a metadata line '<KEY> value' or '<END OF METADATA>'");
            }

            var close = span.IndexOf('>', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new InputError(lines.Source, lines.Number, null, "metadata key without closing '>'");
            }

            var key = span[1..close].Trim();
            if (key.Equals("END OF METADATA", StringComparison.OrdinalIgnoreCase))
            {
                return meta;
            }

            meta[key] = new MetaValue(span[(close + 1)..].Trim(), lines.Number);
        }

        throw new InputError(lines.Source, lines.Number + 1, "<END OF METADATA>", "missing: the file ends inside the metadata header");
    }

    private static int RequiredMeta(Dictionary<string, MetaValue> meta, LineSource lines, string key, int min)
    {
        if (!meta.TryGetValue(key, out var value))
        {
            throw new InputError(lines.Source, null, $"<{key}>", "missing from the metadata header");
        }

        return MetaInt(value, lines, key, min);
    }

    private static int OptionalMeta(Dictionary<string, MetaValue> meta, LineSource lines, string key, int fallback, int min) =>
        meta.TryGetValue(key, out var value) ? MetaInt(value, lines, key, min) : fallback;

    private static int MetaInt(MetaValue value, LineSource lines, string key, int min)
    {
        var text = value.Text.Split('~')[0].Trim();
        if (!Invariant.TryParseInt(text, out var n) || n < min)
        {
            throw new InputError(lines.Source, value.Line, $"<{key}>", $"expected an integer >= {min}, got '{text}'");
        }

        return n;
    }

    /// <summary>Splits a data line on whitespace after dropping a <c>~</c> comment and <c>;</c> terminators.</summary>
    private static List<string> SplitFields(string text)
    {
        text = WithoutComment(text);
        var result = new List<string>(11);
        foreach (var part in text.Split([' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            result.Add(part);
        }

        return result;
    }

    /// <summary>The line up to a <c>~</c> comment.</summary>
    private static string WithoutComment(string text)
    {
        var tilde = text.IndexOf('~', StringComparison.Ordinal);
        return tilde >= 0 ? text[..tilde] : text;
    }

    private static int NodeField(string text, LineSource lines, string field, int nodes)
    {
        var id = IntField(text, lines, field, 1);
        if (id > nodes)
        {
            throw new InputError(lines.Source, lines.Number, field, $"node {id} is outside 1..{nodes} (<NUMBER OF NODES>)");
        }

        return id;
    }

    private static int ZoneValue(string text, LineSource lines, string field, int zones)
    {
        if (!Invariant.TryParseInt(text, out var id) || id < 1 || id > zones)
        {
            throw new InputError(lines.Source, lines.Number, field, $"expected a zone in 1..{zones}, got '{text.Trim()}'");
        }

        return id;
    }

    private static int IntField(string text, LineSource lines, string field, int min)
    {
        if (Invariant.TryParseInt(text, out var value) && value >= min)
        {
            return value;
        }

        // TNTP files sometimes write integers as decimals ("1.0").
        if (Invariant.TryParseFinite(text, out var d) && d == Math.Floor(d) && d >= min && d <= int.MaxValue)
        {
            return (int)d;
        }

        var bound = min == int.MinValue ? "" : $" >= {min}";
        throw new InputError(lines.Source, lines.Number, field, $"expected an integer{bound}, got '{text}'");
    }

    private static double NumberField(string text, LineSource lines, string field, double min)
    {
        if (!Invariant.TryParseFinite(text, out var value) || value < min)
        {
            var bound = double.IsNegativeInfinity(min) ? "" : $" >= {Invariant.Format(min)}";
            throw new InputError(lines.Source, lines.Number, field, $"expected a number{bound}, got '{text}'");
        }

        return value;
    }

    /// <summary>Lines with their 1-based numbers.</summary>
    private sealed class LineSource(TextReader reader, string source)
    {
        public string Source { get; } = source;

        public int Number { get; private set; }

        public string? Next()
        {
            var line = reader.ReadLine();
            if (line is not null)
            {
                Number++;
            }

            return line;
        }
    }
}
