using System.Text;

namespace PlanningSolver.Core;

/// <summary>
/// Writes a file under a temporary name in the same folder and renames it into place, so a run that fails or is
/// killed never leaves a half-written result behind. A failed write (disk full, no permission) is an
/// <see cref="OutputError"/> naming the final file; the temporary file is removed.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string content) =>
        Write(path, writer => writer.Write(content));

    public static void Write(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteBytes(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(writer);
        });
    }

    public static void WriteBytes(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        // .NET reports EFBIG (a file-size limit) as ArgumentOutOfRangeException, ENOSPC and EACCES as the other two.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException || IsFileSizeLimit(e))
        {
            TryDelete(temp);
            throw new OutputError(full, Reason(e, temp), e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>EFBIG as .NET reports it: an ArgumentOutOfRangeException thrown inside the file stream's write.</summary>
    private static bool IsFileSizeLimit(Exception e) =>
        e is ArgumentOutOfRangeException && e.StackTrace?.Contains("System.IO.", StringComparison.Ordinal) == true;

    /// <summary>The system's reason without the path it names (the temporary name means nothing to the user).</summary>
    private static string Reason(Exception e, string temp)
    {
        if (e is ArgumentOutOfRangeException)
        {
            return "file too large (a file-size limit of the process or file system)";
        }

        var message = e.Message.Replace(temp, "", StringComparison.Ordinal).Replace(Path.GetFileName(temp), "", StringComparison.Ordinal);
        message = message.Replace(": ''", "", StringComparison.Ordinal).Replace(" ''", "", StringComparison.Ordinal).Replace("''", "", StringComparison.Ordinal);
        message = message.Trim().TrimEnd(':', ' ', '.');
        return message.Length > 0 ? message : e.GetType().Name;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
