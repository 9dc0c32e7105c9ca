using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>A column list of a MATPOWER statement: <c>PD</c>, <c>3</c>, <c>[PD, QD]</c>, <c>[BR_R BR_X]</c> or <c>3:4</c>.</summary>
internal static class ColumnSelector
{
    public static int[] Parse(string text, IReadOnlyDictionary<string, int> columnNames, string file, int line)
    {
        var inner = text.Trim();
        if (inner.StartsWith('[') && inner.EndsWith(']'))
        {
            inner = inner[1..^1];
        }

        var result = new List<int>();
        foreach (var part in inner.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var first = One(part[..colon], columnNames, file, line);
                var last = One(part[(colon + 1)..], columnNames, file, line);
                for (var c = first; c <= last; c++)
                {
                    result.Add(c);
                }
            }
            else
            {
                result.Add(One(part, columnNames, file, line));
            }
        }

        return result.Count > 0 ? [.. result] : throw new InputError(file, line, null, $"empty column list '{text.Trim()}'");
    }

    private static int One(string name, IReadOnlyDictionary<string, int> columnNames, string file, int line) =>
        (columnNames.TryGetValue(name, out var c) || Invariant.TryParseInt(name, out c)) && c >= 1
            ? c
            : throw new InputError(file, line, null, $"unknown column name '{name}' in a conversion statement");
}
