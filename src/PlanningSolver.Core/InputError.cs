namespace PlanningSolver.Core;

/// <summary>
/// Bad input: names the file, the 1-based line and the field (column) where it was found.
/// The CLI prints <see cref="Exception.Message"/> as one line and exits with code 2.
/// </summary>
public sealed class InputError : Exception
{
    public InputError(string file, int? line, string? field, string problem)
        : base(Format(file, line, field, problem))
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    public InputError(string file, int? line, string? field, string problem, Exception inner)
        : base(Format(file, line, field, problem), inner)
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file (as given by the user, or the table name for in-memory data).</summary>
    public string File { get; }

    /// <summary>1-based line number, when the problem sits on one line.</summary>
    public int? Line { get; }

    /// <summary>Column or field name, when the problem sits in one field.</summary>
    public string? Field { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    private static string Format(string file, int? line, string? field, string problem)
    {
        var location = file;
        if (line is { } l)
        {
            location += $":{l}";
        }

        if (!string.IsNullOrEmpty(field))
        {
            location += $": column '{field}'";
        }

        return $"{location}: {OneLine(problem)}";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
