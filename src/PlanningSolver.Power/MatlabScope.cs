using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>What a MATPOWER trailing statement can read: the case matrices, scalar variables and the base.</summary>
internal sealed class MatlabScope(string file, int line, IReadOnlyDictionary<string, double> variables, IReadOnlyDictionary<string, IReadOnlyList<double[]>> matrices, double? baseMva)
{
    public double Variable(string name) =>
        variables.TryGetValue(name, out var v) ? v : throw Fail($"unknown name '{name}'");

    public double BaseMva() => baseMva ?? throw Fail("mpc.baseMVA used before it is set");

    /// <summary>Cell (0-based row, 1-based MATPOWER column) of a case matrix.</summary>
    public double Cell(string name, int row, int column)
    {
        var rows = matrices.GetValueOrDefault(name) ?? throw Fail($"mpc.{name} used before it is defined");
        return row >= 0 && row < rows.Count && column >= 1 && column <= rows[row].Length
            ? rows[row][column - 1]
            : throw Fail($"mpc.{name}({row + 1}, {column}) is out of range");
    }

    public InputError Fail(string problem) => new(file, line, null, problem);
}
