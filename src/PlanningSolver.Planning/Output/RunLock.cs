using PlanningSolver.Core;

namespace PlanningSolver.Planning.Output;

/// <summary>
/// An exclusive lock on an output folder, held while a run writes into it: the file <see cref="FileName"/> opened without
/// sharing (an advisory <c>flock</c> on Unix, a share lock on Windows). The system drops it when the process ends, even
/// when killed, so a stale file never blocks a later run. The holder's process id, command and start time are in
/// <see cref="HolderFile"/> (the lock file itself cannot be read while locked), so a second run names the holder.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = ".planning-solver.lock";

    public const string HolderFile = ".planning-solver.lock.holder";

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
            throw new InputError(folder, null, null, $"in use by another run ({Holder(folder)}); wait for it to finish or choose another --out");
        }

        var holder = $"process {Environment.ProcessId}, planning-solver {command}, started {DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)}";
        try
        {
            File.WriteAllText(System.IO.Path.Combine(folder, HolderFile), holder + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw new OutputError(System.IO.Path.Combine(folder, HolderFile), e.Message, e);
        }

        return new RunLock(stream) { Path = path };
    }

    public string Path { get; private init; } = "";

    public void Dispose()
    {
        // Remove the file while still holding the lock, so no other run can have opened it in between.
        try
        {
            File.Delete(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, HolderFile));
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

    private static string Holder(string folder)
    {
        try
        {
            var text = File.ReadAllText(System.IO.Path.Combine(folder, HolderFile)).Trim();
            return text.Length > 0 ? text : "holder unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "holder unknown";
        }
    }
}
