using System.Globalization;
using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>
/// The arithmetic MATLAB expressions found in the trailing statements of MATPOWER case files (e.g. case141's
/// <c>mpc.bus(:, PD) * sin(acos(pf))</c>): numbers, scalar variables, <c>mpc.baseMVA</c>, one element
/// <c>mpc.bus(row, COL)</c>, whole columns <c>mpc.bus(:, [PD QD])</c>, <c>+ - * / ^</c> and their element-wise
/// forms <c>.* ./ .^</c>, parentheses, and the elementary functions below. Parsed once, evaluated per matrix row:
/// a column reference yields that row's cells, so a column statement is evaluated row by row with MATLAB's
/// element-wise meaning and scalar broadcasting. Values are vectors; a scalar is a vector of length 1.
/// </summary>
internal abstract class MatlabExpression
{
    private static readonly Dictionary<string, Func<double, double>> Functions = new(StringComparer.Ordinal)
    {
        ["sin"] = Math.Sin,
        ["cos"] = Math.Cos,
        ["tan"] = Math.Tan,
        ["asin"] = Math.Asin,
        ["acos"] = Math.Acos,
        ["atan"] = Math.Atan,
        ["sqrt"] = Math.Sqrt,
        ["abs"] = Math.Abs,
        ["exp"] = Math.Exp,
        ["log"] = Math.Log,
        ["log10"] = Math.Log10,
    };

    /// <summary>True when the expression refers to whole columns (it can only be evaluated for a row).</summary>
    public abstract bool UsesColumns { get; }

    /// <summary>Parses <paramref name="text"/>; errors name <paramref name="file"/> and <paramref name="line"/>.</summary>
    public static MatlabExpression Parse(string text, IReadOnlyDictionary<string, int> columnNames, string file, int line) =>
        new Parser(text, columnNames, file, line).ParseAll();

    /// <summary>Evaluates for matrix row <paramref name="row"/> (0-based; null outside a column statement).</summary>
    public abstract double[] Evaluate(MatlabScope scope, int? row);

    private sealed class Number(double value) : MatlabExpression
    {
        public override bool UsesColumns => false;

        public override double[] Evaluate(MatlabScope scope, int? row) => [value];
    }

    private sealed class Variable(string name) : MatlabExpression
    {
        public override bool UsesColumns => false;

        public override double[] Evaluate(MatlabScope scope, int? row) => [scope.Variable(name)];
    }

    private sealed class BaseMva : MatlabExpression
    {
        public override bool UsesColumns => false;

        public override double[] Evaluate(MatlabScope scope, int? row) => [scope.BaseMva()];
    }

    private sealed class Element(string matrix, int row, int column) : MatlabExpression
    {
        public override bool UsesColumns => false;

        public override double[] Evaluate(MatlabScope scope, int? at) => [scope.Cell(matrix, row - 1, column)];
    }

    private sealed class Columns(string matrix, int[] columns) : MatlabExpression
    {
        public override bool UsesColumns => true;

        public override double[] Evaluate(MatlabScope scope, int? row)
        {
            if (row is not { } r)
            {
                throw scope.Fail($"mpc.{matrix}(:, ...) used where one number is needed");
            }

            var values = new double[columns.Length];
            for (var k = 0; k < columns.Length; k++)
            {
                values[k] = scope.Cell(matrix, r, columns[k]);
            }

            return values;
        }
    }

    private sealed class Negate(MatlabExpression operand) : MatlabExpression
    {
        public override bool UsesColumns => operand.UsesColumns;

        public override double[] Evaluate(MatlabScope scope, int? row) => [.. operand.Evaluate(scope, row).Select(v => -v)];
    }

    private sealed class Call(string name, Func<double, double> function, MatlabExpression argument) : MatlabExpression
    {
        public override bool UsesColumns => argument.UsesColumns;

        public override double[] Evaluate(MatlabScope scope, int? row) => [.. argument.Evaluate(scope, row).Select(function)];

        public override string ToString() => name;
    }

    private sealed class Binary(char op, MatlabExpression left, MatlabExpression right) : MatlabExpression
    {
        public override bool UsesColumns => left.UsesColumns || right.UsesColumns;

        public override double[] Evaluate(MatlabScope scope, int? row)
        {
            var a = left.Evaluate(scope, row);
            var b = right.Evaluate(scope, row);
            if (a.Length != b.Length && a.Length != 1 && b.Length != 1)
            {
                throw scope.Fail($"'{op}' between {a.Length} and {b.Length} columns");
            }

            var n = Math.Max(a.Length, b.Length);
            var result = new double[n];
            for (var k = 0; k < n; k++)
            {
                var x = a[a.Length == 1 ? 0 : k];
                var y = b[b.Length == 1 ? 0 : k];
                result[k] = op switch
                {
                    '+' => x + y,
                    '-' => x - y,
                    '*' => x * y,
                    '/' => x / y,
                    _ => Math.Pow(x, y),
                };
            }

            return result;
        }
    }

    /// <summary>Recursive descent over sum → product → unary → power → atom (MATLAB precedence: ^ binds tighter than unary minus).</summary>
    private sealed class Parser(string text, IReadOnlyDictionary<string, int> columnNames, string file, int line)
    {
        private int _at;

        public MatlabExpression ParseAll()
        {
            var value = Sum();
            Skip();
            return _at == text.Length ? value : throw Fail($"cannot evaluate '{text.Trim()}'");
        }

        private MatlabExpression Sum()
        {
            var value = Product();
            while (true)
            {
                Skip();
                if (Accept('+'))
                {
                    value = new Binary('+', value, Product());
                }
                else if (Accept('-'))
                {
                    value = new Binary('-', value, Product());
                }
                else
                {
                    return value;
                }
            }
        }

        private MatlabExpression Product()
        {
            var value = Unary();
            while (true)
            {
                Skip();
                var elementWise = Peek('.') && _at + 1 < text.Length && text[_at + 1] is '*' or '/';
                if (elementWise)
                {
                    _at++;
                }

                if (Accept('*'))
                {
                    value = new Binary('*', value, Unary());
                }
                else if (Accept('/'))
                {
                    value = new Binary('/', value, Unary());
                }
                else
                {
                    return value;
                }
            }
        }

        private MatlabExpression Unary()
        {
            Skip();
            if (Accept('-'))
            {
                return new Negate(Unary());
            }

            return Accept('+') ? Unary() : Power();
        }

        private MatlabExpression Power()
        {
            var value = Atom();
            while (true)
            {
                Skip();
                if (Peek('.') && _at + 1 < text.Length && text[_at + 1] == '^')
                {
                    _at++;
                }

                if (!Accept('^'))
                {
                    return value;
                }

                Skip();
                var exponent = Accept('-') ? new Negate(Atom()) : Atom();
                value = new Binary('^', value, exponent);
            }
        }

        private MatlabExpression Atom()
        {
            Skip();
            if (Accept('('))
            {
                var inner = Sum();
                Skip();
                return Accept(')') ? inner : throw Fail("missing ')'");
            }

            var start = _at;
            if (_at < text.Length && (char.IsDigit(text[_at]) || text[_at] == '.'))
            {
                while (_at < text.Length && (char.IsDigit(text[_at]) || text[_at] is '.' or 'e' or 'E'
                    || (text[_at] is '+' or '-' && text[_at - 1] is 'e' or 'E')))
                {
                    _at++;
                }

                return double.TryParse(text.AsSpan(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? new Number(number)
                    : throw Fail($"'{text[start.._at]}' is not a number");
            }

            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' || (text[_at] == '.' && text[.._at].EndsWith("mpc", StringComparison.Ordinal))))
            {
                _at++;
            }

            var name = text[start.._at];
            if (name.Length == 0)
            {
                throw Fail($"cannot evaluate '{text.Trim()}'");
            }

            if (name == "mpc.baseMVA")
            {
                return new BaseMva();
            }

            if (name is "pi")
            {
                return new Number(Math.PI);
            }

            if (name.StartsWith("mpc.", StringComparison.Ordinal))
            {
                return MatrixReference(name[4..]);
            }

            Skip();
            if (Accept('('))
            {
                var function = Functions.GetValueOrDefault(name) ?? throw Fail($"unknown function '{name}' (known: {string.Join(", ", Functions.Keys)})");
                var argument = Sum();
                Skip();
                return Accept(')') ? new Call(name, function, argument) : throw Fail("missing ')'");
            }

            return new Variable(name);
        }

        private MatlabExpression MatrixReference(string matrix)
        {
            Skip();
            if (!Accept('('))
            {
                throw Fail($"expected mpc.{matrix}(row, column)");
            }

            var close = text.IndexOf(')', _at);
            if (close < 0)
            {
                throw Fail("missing ')'");
            }

            var inside = text[_at..close];
            _at = close + 1;
            var comma = inside.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
            {
                throw Fail($"expected mpc.{matrix}(row, column), got mpc.{matrix}({inside})");
            }

            var rowText = inside[..comma].Trim();
            var columns = ColumnSelector.Parse(inside[(comma + 1)..], columnNames, file, line);
            if (rowText == ":")
            {
                return new Columns(matrix, columns);
            }

            if (!Invariant.TryParseInt(rowText, out var row) || row < 1 || columns.Length != 1)
            {
                throw Fail($"cannot evaluate mpc.{matrix}({inside})");
            }

            return new Element(matrix, row, columns[0]);
        }

        private void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        private bool Peek(char c) => _at < text.Length && text[_at] == c;

        private bool Accept(char c)
        {
            if (Peek(c))
            {
                _at++;
                return true;
            }

            return false;
        }

        private InputError Fail(string problem) => new(file, line, null, problem);
    }
}
