using System.Text;

namespace PlanningSolver.Core;

/// <summary>
/// Writes RFC 4180 CSV with a fixed column order, invariant numbers (round-trip form) and LF line ends,
/// so regenerated outputs diff cleanly. Use with <see cref="AtomicFile"/> for files.
/// </summary>
public sealed class CsvText
{
    private readonly TextWriter _writer;
    private readonly int _columns;
    private int _field;

    public CsvText(TextWriter writer, params string[] header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _writer = writer;
        _columns = header.Length;
        foreach (var name in header)
        {
            Field(name);
        }

        EndRow();
    }

    public CsvText Field(string? text)
    {
        if (_field > 0)
        {
            _writer.Write(',');
        }

        _writer.Write(Quote(text ?? ""));
        _field++;
        return this;
    }

    public CsvText Field(double value) => Field(Invariant.Format(value));

    public CsvText Field(double value, int decimals) => Field(Invariant.Format(value, decimals));

    public CsvText Field(int value) => Field(Invariant.Format(value));

    public CsvText Field(long value) => Field(Invariant.Format(value));

    public CsvText Field(bool value) => Field(value ? "true" : "false");

    public void EndRow()
    {
        if (_field != _columns)
        {
            throw new InvalidOperationException($"CSV row has {_field} fields, header has {_columns}");
        }

        _writer.Write('\n');
        _field = 0;
    }

    public static string Quote(string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            sb.Append(c == '"' ? "\"\"" : c.ToString());
        }

        return sb.Append('"').ToString();
    }
}
