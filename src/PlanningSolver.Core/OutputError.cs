namespace PlanningSolver.Core;

/// <summary>
/// An output file could not be written (disk full, no permission, file too large): names the final file, never the
/// temporary one. Not bad input, so the CLI gives it its own exit code (3).
/// </summary>
public sealed class OutputError(string file, string problem, Exception? inner = null)
    : Exception($"cannot write {file}: {problem.ReplaceLineEndings(" ").Trim()}", inner)
{
    /// <summary>The file the run meant to write (full path).</summary>
    public string File { get; } = file;
}
