using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PlanningSolver.Planning.Output;

/// <summary>
/// One JSON object per command, keys in the order the writer emits them, numbers in invariant round-trip form
/// (non-finite numbers are written as null). Used for <c>--json</c> on stdout and for <c>summary.json</c> files.
/// </summary>
public static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    public static string Build(Action<Utf8JsonWriter> writeObject)
    {
        ArgumentNullException.ThrowIfNull(writeObject);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writeObject(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes a number, or null when it is NaN or infinite (JSON has no such numbers).</summary>
    public static void Number(this Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
