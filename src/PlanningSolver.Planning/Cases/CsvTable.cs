using System.Globalization;
using System.Text;
using CsvHelper;
using PlanningSolver.Core;

namespace PlanningSolver.Planning.Cases;

/// <summary>
/// One CSV table of a case, read with CsvHelper into rows that remember their line numbers, with typed accessors
/// that turn every bad value into an <see cref="InputError"/> naming the file, the line and the column.
/// Lines starting with '#' are comments; columns are found by name, so their order is free; unknown columns are kept
/// out of the model (notes columns are welcome). A row may be shorter than the header (missing cells read as empty) but
/// not longer.
/// </summary>
public sealed class CsvTable
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        TrackLineNumbers = true,
        TrimWhitespace = true,
        CommentPrefix = '#',
        SkipEmptyLines = true,
        FormatProvider = CultureInfo.InvariantCulture,
        MaxRecordSize = 1 << 20,
    };

    private readonly Dictionary<string, int> _columns;

    private CsvTable(string file, string[] header, List<CsvTableRow> rows)
    {
        File = file;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            _columns[header[i]] = i;
        }
    }

    /// <summary>The file as named in messages.</summary>
    public string File { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<CsvTableRow> Rows { get; }

    public bool HasColumn(string name) => _columns.ContainsKey(name);

    internal int ColumnIndex(string name) => _columns.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Reads a table and checks that every required column is there (and no header is duplicated).</summary>
    public static CsvTable Read(CaseSource source, string file, params string[] requiredColumns)
    {
        var display = source.DisplayPath(file);
        if (!source.Exists(file))
        {
            throw new InputError(display, null, null, "file not found");
        }

        try
        {
            using var stream = source.Open(file);
            return Read(stream, display, requiredColumns);
        }
        catch (CsvFormatException e)
        {
            throw new InputError(display, null, null, $"not a readable CSV file: {e.Message}");
        }
        catch (DecoderFallbackException e)
        {
            throw new InputError(display, null, null, $"not UTF-8 text: {e.Message}");
        }
    }

    /// <summary>Reads a table from a stream; <paramref name="display"/> names it in messages.</summary>
    public static CsvTable Read(Stream stream, string display, params string[] requiredColumns)
    {
        ArgumentNullException.ThrowIfNull(requiredColumns);
        using var reader = CsvReader.Create(stream, Options, leaveOpen: true);
        var header = reader.Headers.Select(h => h.Trim()).ToArray();
        if (header.Length == 0 || header.All(h => h.Length == 0))
        {
            throw new InputError(display, 1, null, $"empty file: expected a header with columns {string.Join(",", requiredColumns)}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header)
        {
            if (name.Length > 0 && !seen.Add(name))
            {
                throw new InputError(display, 1, name, "column appears twice in the header");
            }

            if (name.AsSpan().ContainsAnyInRange('\0', '\u001f'))
            {
                throw new InputError(display, 1, null, "header contains control characters");
            }
        }

        foreach (var required in requiredColumns)
        {
            if (!seen.Contains(required))
            {
                throw new InputError(display, 1, required, $"missing column (header has: {string.Join(",", header)})");
            }
        }

        var rows = new List<CsvTableRow>();
        var table = new CsvTable(display, header, rows);
        while (reader.Read())
        {
            if (reader.FieldCount > header.Length)
            {
                // Read by position, an extra field would shift every later value into the wrong column.
                throw new InputError(display, (int)reader.LineNumber, null,
                    $"{reader.FieldCount} fields but the header has {header.Length} (a comma inside a value? numbers take a dot as decimal separator and no thousands separator; lists use ';')");
            }

            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.GetString(i) ?? "";
            }

            rows.Add(new CsvTableRow(table, (int)reader.LineNumber, fields));
        }

        return table;
    }
}

/// <summary>One data row of a <see cref="CsvTable"/>, with its 1-based line number.</summary>
public sealed class CsvTableRow
{
    private readonly CsvTable _table;
    private readonly string[] _fields;

    internal CsvTableRow(CsvTable table, int line, string[] fields)
    {
        _table = table;
        Line = line;
        _fields = fields;
    }

    public int Line { get; }

    public string File => _table.File;

    public InputError Error(string column, string problem) => new(_table.File, Line, column, problem);

    /// <summary>The raw text of a column ("" when the row is short).</summary>
    public string Raw(string column)
    {
        var i = _table.ColumnIndex(column);
        return i >= 0 && i < _fields.Length ? _fields[i] : "";
    }

    public bool IsBlank(string column) => Raw(column).Length == 0;

    /// <summary>A non-empty identifier (no commas, quotes, control characters).</summary>
    public string Id(string column)
    {
        var text = Raw(column);
        if (text.Length == 0)
        {
            throw Error(column, "empty value, expected an identifier");
        }

        if (text.Length > 64 || text.AsSpan().IndexOfAny(",;\"'=") >= 0 || text.Any(char.IsControl) || text.Any(char.IsWhiteSpace))
        {
            throw Error(column, $"'{Shorten(text)}' is not a valid identifier (at most 64 characters; no spaces, commas, semicolons, quotes or '=')");
        }

        return text;
    }

    public string Text(string column) => Raw(column);

    /// <summary>A finite number, optionally within bounds.</summary>
    public double Number(string column, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool minExclusive = false)
    {
        var text = Raw(column);
        if (text.Length == 0)
        {
            throw Error(column, "empty value, expected a number");
        }

        if (!Invariant.TryParseFinite(text, out var value))
        {
            throw Error(column, $"'{Shorten(text)}' is not a finite number (use a dot as decimal separator)");
        }

        CheckRange(column, value, min, max, minExclusive);
        return value;
    }

    /// <summary>A number, or null when the cell is empty.</summary>
    public double? OptionalNumber(string column, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool minExclusive = false) =>
        IsBlank(column) ? null : Number(column, min, max, minExclusive);

    public int Integer(string column, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Raw(column);
        if (!Invariant.TryParseInt(text, out var value))
        {
            throw Error(column, text.Length == 0 ? "empty value, expected an integer" : $"'{Shorten(text)}' is not an integer");
        }

        if (value < min || value > max)
        {
            throw Error(column, $"{value} is out of range [{min}, {max}]");
        }

        return value;
    }

    /// <summary>A ';'-separated list of numbers, e.g. "60;90;120".</summary>
    public IReadOnlyList<double> NumberList(string column, double min = double.NegativeInfinity, bool minExclusive = false)
    {
        var text = Raw(column);
        if (text.Length == 0)
        {
            throw Error(column, "empty value, expected a ';'-separated list of numbers");
        }

        var values = new List<double>();
        foreach (var part in text.Split(';'))
        {
            if (!Invariant.TryParseFinite(part, out var value))
            {
                throw Error(column, $"'{Shorten(part)}' in '{Shorten(text)}' is not a finite number");
            }

            CheckRange(column, value, min, double.PositiveInfinity, minExclusive);
            values.Add(value);
        }

        return values;
    }

    private void CheckRange(string column, double value, double min, double max, bool minExclusive)
    {
        var belowMin = minExclusive ? value <= min : value < min;
        if (belowMin)
        {
            throw Error(column, $"{Invariant.Format(value)} must be {(minExclusive ? ">" : ">=")} {Invariant.Format(min)}");
        }

        if (value > max)
        {
            throw Error(column, $"{Invariant.Format(value)} must be <= {Invariant.Format(max)}");
        }
    }

    private static string Shorten(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length <= 40 ? clean : clean[..37] + "...";
    }
}
