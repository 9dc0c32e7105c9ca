using System.Text;
using System.Text.RegularExpressions;
using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>
/// Reads a radial MATPOWER case (<c>.m</c>, case format version 2; Zimmerman et al. 2011): <c>mpc.baseMVA</c>,
/// <c>mpc.bus</c>, <c>mpc.branch</c>, <c>mpc.gen</c>, <c>mpc.gencost</c>. The file is MATLAB code: the trailing
/// statements that convert units are evaluated in order, scalar variables (<c>Vbase = mpc.bus(1, BASE_KV) * 1e3</c>,
/// <c>pf = 0.85</c>) and whole-column assignments with arithmetic and elementary functions
/// (<c>mpc.bus(:, QD) = mpc.bus(:, PD) * sin(acos(pf))</c>, see <see cref="MatlabExpression"/>); a file without them is
/// taken as already in p.u. and MW. Any other statement that rewrites the case matrices is rejected rather than ignored. Status-0 branches are open switches and are left out. The generator at the
/// reference (type 3) bus is the substation source: its set point Vg is the power-flow voltage, the reference bus's
/// Vmin..Vmax its OPF voltage range, and its linear cost the energy price.
/// </summary>
public static partial class MatpowerReader
{
    private static readonly string[] BusColumns = ["bus_i", "type", "Pd", "Qd", "Gs", "Bs", "area", "Vm", "Va", "baseKV", "zone", "Vmax", "Vmin"];
    private static readonly string[] BranchColumns = ["fbus", "tbus", "r", "x", "b", "rateA", "rateB", "rateC", "ratio", "angle", "status", "angmin", "angmax"];
    private static readonly string[] GenColumns = ["bus", "Pg", "Qg", "Qmax", "Qmin", "Vg", "mBase", "status", "Pmax", "Pmin"];
    private static readonly string[] GenCostColumns = ["model", "startup", "shutdown", "n"];

    private static readonly Dictionary<string, int> ColumnConstants = new(StringComparer.Ordinal)
    {
        // idx_bus
        ["BUS_I"] = 1,
        ["BUS_TYPE"] = 2,
        ["PD"] = 3,
        ["QD"] = 4,
        ["GS"] = 5,
        ["BS"] = 6,
        ["BUS_AREA"] = 7,
        ["VM"] = 8,
        ["VA"] = 9,
        ["BASE_KV"] = 10,
        ["ZONE"] = 11,
        ["VMAX"] = 12,
        ["VMIN"] = 13,
        // idx_brch
        ["F_BUS"] = 1,
        ["T_BUS"] = 2,
        ["BR_R"] = 3,
        ["BR_X"] = 4,
        ["BR_B"] = 5,
        ["RATE_A"] = 6,
        ["RATE_B"] = 7,
        ["RATE_C"] = 8,
        ["TAP"] = 9,
        ["SHIFT"] = 10,
        ["BR_STATUS"] = 11,
        ["ANGMIN"] = 12,
        ["ANGMAX"] = 13,
        // idx_gen
        ["GEN_BUS"] = 1,
        ["PG"] = 2,
        ["QG"] = 3,
        ["QMAX"] = 4,
        ["QMIN"] = 5,
        ["VG"] = 6,
        ["MBASE"] = 7,
        ["GEN_STATUS"] = 8,
        ["PMAX"] = 9,
        ["PMIN"] = 10,
    };

    /// <summary>Reads a file into feeder data (does not check the topology; see <see cref="Load"/>).</summary>
    public static FeederData Read(string path) => ReadCase(path).Data;

    /// <summary>Reads a file, keeping the row lines so a later <see cref="MatpowerCase.Build"/> can report topology problems by line.</summary>
    public static MatpowerCase ReadCase(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Reads a file and builds the indexed feeder; topology problems become <see cref="InputError"/> with the row's line.</summary>
    public static Feeder Load(string path) => ReadCase(path).Build();

    /// <summary>Parses case text; <paramref name="file"/> names it in error messages.</summary>
    public static Feeder LoadText(string text, string file) => Parse(text, file).Build();

    private sealed class Row(int line, List<string> cells)
    {
        public int Line { get; } = line;

        public List<string> Cells { get; } = cells;

        public double[] Values { get; set; } = [];
    }

    private static MatpowerCase Parse(string text, string file)
    {
        var statements = Statements(text);
        double? baseMva = null;
        var matrices = new Dictionary<string, List<Row>>(StringComparer.Ordinal);
        var cells = new Dictionary<string, IReadOnlyList<double[]>>(StringComparer.Ordinal);
        var variables = new Dictionary<string, double>(StringComparer.Ordinal);

        foreach (var (line, statement) in statements)
        {
            var s = statement.Trim();
            if (s.Length == 0 || s.StartsWith("function", StringComparison.Ordinal))
            {
                continue;
            }

            var scope = new MatlabScope(file, line, variables, cells, baseMva);
            var matrix = MatrixStart().Match(s);
            if (matrix.Success)
            {
                var name = matrix.Groups[1].Value;
                if (matrix.Groups[2].Value == "{")
                {
                    continue; // cell arrays (bus names) are not needed
                }

                var rows = Rows(matrix.Groups[3].Value, line, file, name);
                matrices[name] = rows;
                cells[name] = [.. rows.Select(r => r.Values)];
                continue;
            }

            var scalar = ScalarAssign().Match(s);
            if (scalar.Success && scalar.Groups[1].Value == "baseMVA")
            {
                baseMva = Scalar(scalar.Groups[2].Value, scope, file, line);
                continue;
            }

            if (scalar.Success)
            {
                continue; // mpc.version and other scalar fields
            }

            if (IndexList().IsMatch(s))
            {
                continue; // [PQ, PV, ...] = idx_bus;
            }

            var column = ColumnAssign().Match(s);
            if (column.Success)
            {
                var columns = ColumnSelector.Parse(column.Groups[2].Value, ColumnConstants, file, line);
                var expression = MatlabExpression.Parse(column.Groups[3].Value, ColumnConstants, file, line);
                AssignColumns(matrices, column.Groups[1].Value, columns, expression, scope, file, line);
                continue;
            }

            var variable = VariableAssign().Match(s);
            if (variable.Success)
            {
                variables[variable.Groups[1].Value] = Scalar(variable.Groups[2].Value, scope, file, line);
                continue;
            }

            if (s.StartsWith("mpc.", StringComparison.Ordinal) && s.Contains('=', StringComparison.Ordinal))
            {
                throw new InputError(file, line, null, $"unsupported statement '{Shorten(s)}'; only whole-column assignments mpc.M(:, cols) = expression are understood");
            }
        }

        if (baseMva is not { } mva || !(mva > 0))
        {
            throw new InputError(file, null, "baseMVA", "mpc.baseMVA is missing or not a positive number");
        }

        return Assemble(file, mva, matrices);
    }

    private static double Scalar(string text, MatlabScope scope, string file, int line)
    {
        var value = MatlabExpression.Parse(text, ColumnConstants, file, line).Evaluate(scope, null);
        return value.Length == 1 && double.IsFinite(value[0])
            ? value[0]
            : throw new InputError(file, line, null, $"'{Shorten(text)}' does not give one finite number");
    }

    /// <summary>
    /// <c>mpc.M(:, cols) = expression</c>: the right side is evaluated for every row first (MATLAB evaluates it
    /// before assigning), then written; a scalar result fills every listed column.
    /// </summary>
    private static void AssignColumns(Dictionary<string, List<Row>> matrices, string name, int[] columns, MatlabExpression expression, MatlabScope scope, string file, int line)
    {
        if (!matrices.TryGetValue(name, out var rows))
        {
            throw new InputError(file, line, null, $"statement assigns to mpc.{name} before it is defined");
        }

        var results = new double[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            var value = expression.Evaluate(scope, r);
            if (value.Length != 1 && value.Length != columns.Length)
            {
                throw new InputError(file, line, null, $"the right side gives {value.Length} columns for {columns.Length} target columns");
            }

            if (value.Any(v => !double.IsFinite(v)))
            {
                throw new InputError(file, rows[r].Line, null, $"the statement on line {line} gives a non-finite value for this mpc.{name} row");
            }

            results[r] = value;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var values = rows[r].Values;
            for (var k = 0; k < columns.Length; k++)
            {
                if (columns[k] > values.Length)
                {
                    throw new InputError(file, rows[r].Line, null, $"the statement on line {line} assigns column {columns[k]} of a {values.Length}-column mpc.{name} row");
                }

                values[columns[k] - 1] = results[r][results[r].Length == 1 ? 0 : k];
            }
        }
    }

    private static MatpowerCase Assemble(string file, double baseMva, Dictionary<string, List<Row>> matrices)
    {
        if (!matrices.TryGetValue("bus", out var busRows) || busRows.Count == 0)
        {
            throw new InputError(file, null, "mpc.bus", "mpc.bus is missing or empty");
        }

        if (!matrices.TryGetValue("branch", out var branchRows))
        {
            throw new InputError(file, null, "mpc.branch", "mpc.branch is missing");
        }

        matrices.TryGetValue("gen", out var genRows);
        matrices.TryGetValue("gencost", out var costRows);
        genRows ??= [];
        costRows ??= [];

        var buses = new List<FeederBus>();
        var busLines = new List<int>();
        int? reference = null;
        double refVMin = 1, refVMax = 1, refVm = 1, refBaseKv = double.NaN;
        foreach (var row in busRows)
        {
            Require(row, BusColumns.Length, file, "bus");
            var v = row.Values;
            var id = Integer(row, 0, BusColumns, file);
            var type = Integer(row, 1, BusColumns, file);
            if (type is < 1 or > 3)
            {
                throw new InputError(file, row.Line, "type", $"bus {id} has type {type}; expected 1 (PQ), 2 (PV) or 3 (reference); isolated buses are not supported");
            }

            if (v[4] != 0 || v[5] != 0)
            {
                throw new InputError(file, row.Line, v[4] != 0 ? "Gs" : "Bs", $"bus {id} has a shunt; shunts are not supported by the radial model");
            }

            if (!(v[12] > 0) || !(v[11] >= v[12]))
            {
                throw new InputError(file, row.Line, "Vmin", $"bus {id} needs 0 < Vmin <= Vmax, got {v[12]}..{v[11]}");
            }

            if (type == 3)
            {
                if (reference is not null)
                {
                    throw new InputError(file, row.Line, "type", $"bus {id} is a second reference (type 3) bus; a radial feeder has exactly one substation");
                }

                reference = id;
                refVMin = v[12];
                refVMax = v[11];
                refVm = v[7] > 0 ? v[7] : 1;
                refBaseKv = v[9] > 0 ? v[9] : double.NaN;
            }

            buses.Add(new FeederBus(id, v[2], v[3], v[12], v[11]));
            busLines.Add(row.Line);
        }

        if (reference is not { } substation)
        {
            throw new InputError(file, busRows[0].Line, "type", "no reference (type 3) bus: the substation must be the one type-3 bus");
        }

        var branches = new List<FeederBranch>();
        var branchLines = new List<int>();
        foreach (var row in branchRows)
        {
            Require(row, 11, file, "branch");
            var v = row.Values;
            var from = Integer(row, 0, BranchColumns, file);
            var to = Integer(row, 1, BranchColumns, file);
            if (v[10] == 0)
            {
                continue; // open switch
            }

            if (v[2] < 0)
            {
                throw new InputError(file, row.Line, "r", $"branch {from}-{to} has negative resistance {v[2]}");
            }

            if (v[4] != 0)
            {
                throw new InputError(file, row.Line, "b", $"branch {from}-{to} has line charging; the branch-flow model here has no shunt elements");
            }

            if (v[8] != 0 && v[8] != 1)
            {
                throw new InputError(file, row.Line, "ratio", $"branch {from}-{to} is an off-nominal transformer (ratio {v[8]}); not supported");
            }

            branches.Add(new FeederBranch(from, to, v[2], v[3], null, v[5] > 0 ? v[5] : null));
            branchLines.Add(row.Line);
        }

        var generators = new List<FeederGenerator>();
        double price = 0;
        var vSet = refVm;
        double pMin = double.NegativeInfinity, pMax = double.PositiveInfinity, qMin = double.NegativeInfinity, qMax = double.PositiveInfinity;
        var sawSource = false;
        for (var g = 0; g < genRows.Count; g++)
        {
            var row = genRows[g];
            Require(row, GenColumns.Length, file, "gen");
            var v = row.Values;
            var bus = Integer(row, 0, GenColumns, file);
            if (v[7] <= 0)
            {
                continue;
            }

            var cost = g < costRows.Count ? LinearCost(costRows[g], file) : 0.0;
            if (bus == substation)
            {
                if (sawSource)
                {
                    throw new InputError(file, row.Line, "bus", $"a second generator at reference bus {bus}; the substation source must be one generator");
                }

                sawSource = true;
                price = cost;
                vSet = v[5];
                (pMin, pMax, qMin, qMax) = (v[9], v[8], v[4], v[3]);
                continue;
            }

            generators.Add(new FeederGenerator(bus, v[9], v[8], v[4], v[3], cost, v[1], v[2]));
        }

        if (!(vSet > 0))
        {
            throw new InputError(file, null, "Vg", $"substation voltage set point must be positive, got {vSet}");
        }

        var data = new FeederData(Path.GetFileNameWithoutExtension(file), baseMva, substation, vSet, refVMin, refVMax, price, buses, branches, generators)
        {
            SubstationPMinMw = pMin,
            SubstationPMaxMw = pMax,
            SubstationQMinMvar = qMin,
            SubstationQMaxMvar = qMax,
            BaseKv = refBaseKv,
        };
        return new MatpowerCase(file, data, [.. busLines], [.. branchLines]);
    }

    private static double LinearCost(Row row, string file)
    {
        Require(row, 4, file, "gencost");
        var v = row.Values;
        if (v[0] != 2)
        {
            throw new InputError(file, row.Line, "model", $"generator cost model {v[0]} is not supported; use model 2 (polynomial) with a linear term");
        }

        var n = (int)v[3];
        if (n < 0 || v.Length < 4 + n)
        {
            throw new InputError(file, row.Line, "n", $"gencost row declares {v[3]} coefficients but has {v.Length - 4}");
        }

        for (var k = 0; k < n - 2; k++)
        {
            if (v[4 + k] != 0)
            {
                throw new InputError(file, row.Line, $"c{n - 1 - k}", "only linear generator costs are supported (higher-order coefficient is non-zero)");
            }
        }

        return n >= 2 ? v[4 + n - 2] : 0.0;
    }

    private static void Require(Row row, int columns, string file, string matrix)
    {
        if (row.Values.Length < columns)
        {
            throw new InputError(file, row.Line, null, $"mpc.{matrix} row has {row.Values.Length} columns, needs at least {columns}");
        }
    }

    private static int Integer(Row row, int column, string[] names, string file)
    {
        var value = row.Values[column];
        if (value != Math.Round(value) || Math.Abs(value) > int.MaxValue)
        {
            throw new InputError(file, row.Line, names[column], $"expected an integer, got {row.Cells[column]}");
        }

        return (int)value;
    }

    private static List<Row> Rows(string body, int firstLine, string file, string matrix)
    {
        var names = matrix switch
        {
            "bus" => BusColumns,
            "branch" => BranchColumns,
            "gen" => GenColumns,
            "gencost" => GenCostColumns,
            _ => [],
        };
        var rows = new List<Row>();
        var line = firstLine;
        foreach (var physical in body.Split('\n'))
        {
            foreach (var chunk in physical.Split(';'))
            {
                var cells = chunk.Split([' ', '\t', ',', '\r'], StringSplitOptions.RemoveEmptyEntries).ToList();
                if (cells.Count == 0)
                {
                    continue;
                }

                var row = new Row(line, cells);
                var values = new double[cells.Count];
                for (var c = 0; c < cells.Count; c++)
                {
                    if (!TryNumber(cells[c], out values[c]))
                    {
                        var field = c < names.Length ? names[c] : $"column {c + 1}";
                        throw new InputError(file, line, field, $"'{cells[c]}' is not a number");
                    }
                }

                row.Values = values;
                rows.Add(row);
            }

            line++;
        }

        return rows;
    }

    private static bool TryNumber(string text, out double value)
    {
        switch (text)
        {
            case "Inf" or "inf" or "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf" or "-inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return Invariant.TryParseFinite(text, out value);
        }
    }

    /// <summary>Splits the text into statements (comments removed, '...' continuations joined), each with its first line.</summary>
    private static List<(int Line, string Text)> Statements(string text)
    {
        var result = new List<(int, string)>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var current = new StringBuilder();
        var start = 0;
        var depth = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]);
            if (current.Length == 0 && line.Trim().Length == 0)
            {
                continue;
            }

            if (current.Length == 0)
            {
                start = i + 1;
            }

            var continued = line.TrimEnd().EndsWith("...", StringComparison.Ordinal);
            if (continued)
            {
                line = line.TrimEnd()[..^3];
            }

            current.Append(line).Append(depth > 0 || line.Contains('[', StringComparison.Ordinal) || line.Contains('{', StringComparison.Ordinal) ? "\n" : " ");
            depth += line.Count(c => c is '[' or '{') - line.Count(c => c is ']' or '}');
            if (!continued && depth <= 0)
            {
                result.Add((start, current.ToString().TrimEnd().TrimEnd(';')));
                current.Clear();
                depth = 0;
            }
        }

        if (current.Length > 0)
        {
            result.Add((start, current.ToString()));
        }

        return result;
    }

    private static string StripComment(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\'')
            {
                quoted = !quoted;
            }
            else if (line[i] == '%' && !quoted)
            {
                return line[..i];
            }
        }

        return line;
    }

    private static string Shorten(string s)
    {
        var one = s.ReplaceLineEndings(" ");
        return one.Length <= 80 ? one : one[..77] + "...";
    }

    [GeneratedRegex(@"^mpc\.(\w+)\s*=\s*([\[{])(.*?)[\]}]\s*;?\s*$", RegexOptions.Singleline)]
    private static partial Regex MatrixStart();

    [GeneratedRegex(@"^mpc\.(\w+)\s*=\s*([^\[{(]*?)\s*;?\s*$", RegexOptions.Singleline)]
    private static partial Regex ScalarAssign();

    [GeneratedRegex(@"^\[[\w\s,]*\]\s*=\s*idx_\w+\s*;?$", RegexOptions.Singleline)]
    private static partial Regex IndexList();

    [GeneratedRegex(@"^mpc\.(\w+)\(\s*:\s*,\s*(\[[^\]]*\]|[\w:]+)\s*\)\s*=\s*(.+?)\s*;?$", RegexOptions.Singleline)]
    private static partial Regex ColumnAssign();

    [GeneratedRegex(@"^([A-Za-z]\w*)\s*=\s*(.+?)\s*;?$", RegexOptions.Singleline)]
    private static partial Regex VariableAssign();
}
