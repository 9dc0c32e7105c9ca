using System.Text;
using PlanningSolver.Core;

namespace PlanningSolver.Planning.Output;

/// <summary>
/// An exclusive lock on an output folder, held while a run writes into it: the file <see cref="FileName"/> opened without
/// sharing (an advisory <c>flock</c> on Unix, a share lock on Windows). The system drops it when the process ends, even
/// when killed, so a stale file never blocks a later run. It holds the holder's process id, command and start time, so
/// a second run names the holder.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = ".planning-solver.lock";

    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock of <paramref name="folder"/> (which must exist); an <see cref="InputError"/> naming the
    /// holder when another run has it.</summary>
    public static RunLock Acquire(string folder, string command)
    {
        var path = System.IO.Path.Combine(folder, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new InputError(folder, null, null, $"in use by another run ({Holder(path)}); wait for it to finish or choose another --out");
        }

        var holder = $"process {Environment.ProcessId}, planning-solver {command}, started {DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)}";
        var bytes = Encoding.UTF8.GetBytes(holder + "\n");
        stream.SetLength(0);
        stream.Write(bytes);
        stream.Flush();
        return new RunLock(stream) { Path = path };
    }

    public string Path { get; private init; } = "";

    public void Dispose()
    {
        // Remove the file while still holding the lock, so no other run can have opened it in between.
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        _stream.Dispose();
    }

    private static string Holder(string path)
    {
        try
        {
            // The holder's flock does not stop a plain read of the file's contents.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[512];
            var n = RandomAccess.Read(handle, buffer, 0);
            var text = Encoding.UTF8.GetString(buffer, 0, n).Trim();
            return text.Length > 0 ? text : "holder unknown";
        }
        catch (IOException)
        {
            return "holder unknown";
        }
    }
}
