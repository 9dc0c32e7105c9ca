using System.CommandLine;
using System.CommandLine.Parsing;
using PlanningSolver.Core;

namespace PlanningSolver.Cli;

/// <summary>
/// The usage-error layer: turns a parse of the command line into at most one problem, printed as one line (exit 2).
/// An unknown option is named as such, even where the parser took it for a positional argument (<c>plan --sed 3</c>
/// would otherwise read <c>--sed</c> as the CASE); every number option must be finite; a positional argument may not be empty.
/// </summary>
internal static partial class UsageCheck
{
    /// <summary>Adds the value rules to every option and argument of the tree (once, after it is built).</summary>
    public static void AddRules(Command command)
    {
        foreach (var option in command.Options)
        {
            if (option is Option<double> or Option<double?>)
            {
                option.Validators.Add(result => RequireFinite(result, option.Name));
            }
        }

        foreach (var argument in command.Arguments)
        {
            argument.Validators.Add(result => RequireNonEmpty(result, argument.Name));
        }

        foreach (var sub in command.Subcommands)
        {
            AddRules(sub);
        }
    }

    /// <summary>The one line to print for a command line that cannot run, or null when it can.</summary>
    public static string? FirstProblem(ParseResult parse, IReadOnlyList<string> args)
    {
        var literal = TokensAfterDoubleDash(parse);
        if (FlagWithValue(parse, args) is { } flag)
        {
            return $"{flag} (see '{CommandPath(parse)} --help')";
        }

        // The parser takes an unknown '--sed' for a positional argument, or for the value of an option before it.
        var values = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as CommandResult)
        {
            values.AddRange(r.Children.SelectMany(c => c switch
            {
                ArgumentResult a => a.Tokens,
                OptionResult o => o.Tokens,
                _ => [],
            }).Select(t => t.Value));
        }

        foreach (var token in values.Concat(parse.UnmatchedTokens))
        {
            if (LooksLikeOption(token) && !literal.Contains(token))
            {
                return $"unknown option '{token}' for '{CommandPath(parse)}'{Suggestion(parse.CommandResult, token)} (see '{CommandPath(parse)} --help')";
            }
        }

        if (parse.UnmatchedTokens.Count > 0)
        {
            return $"unexpected argument '{parse.UnmatchedTokens[0]}' for '{CommandPath(parse)}' (see '{CommandPath(parse)} --help')";
        }

        if (parse.Errors.Count == 0)
        {
            return null;
        }

        var message = parse.Errors[0].Message.ReplaceLineEndings(" ").Trim();
        var conversion = ConversionFailure().Match(message);
        if (conversion.Success)
        {
            var expected = conversion.Groups["type"].Value switch
            {
                "System.Int32" or "System.Int64" => "an integer",
                "System.Double" or "System.Nullable`1[System.Double]" => "a finite number",
                var other => other,
            };
            message = $"{conversion.Groups["name"].Value}: '{conversion.Groups["value"].Value}' is not {expected}";
        }

        return $"{message} (see '{CommandPath(parse)} --help')";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<name>[^']+)' as expected type '(?<type>[^']+)'\.?$")]
    private static partial System.Text.RegularExpressions.Regex ConversionFailure();

    /// <summary>'--json=..': the parser would drop the value of a flag and take it for a positional argument.</summary>
    private static string? FlagWithValue(ParseResult parse, IReadOnlyList<string> args)
    {
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var r = parse.CommandResult; r is not null; r = r.Parent as CommandResult)
        {
            foreach (var option in r.Command.Options.Where(o => o is Option<bool> && (r == parse.CommandResult || o.Recursive)))
            {
                flags.UnionWith(option.Aliases.Prepend(option.Name));
            }
        }

        foreach (var arg in args.TakeWhile(a => a != "--"))
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && flags.Contains(arg[..eq]) && arg[(eq + 1)..] is var value && !bool.TryParse(value, out _))
            {
                return $"{arg[..eq]}: '{value}' is not true or false (the option is a switch and needs no value)";
            }
        }

        return null;
    }

    private static void RequireFinite(OptionResult result, string name)
    {
        foreach (var token in result.Tokens)
        {
            if (!Invariant.TryParseFinite(token.Value, out _))
            {
                result.AddError($"{name}: '{token.Value}' is not a finite number (use a dot as decimal separator)");
                return;
            }
        }
    }

    private static void RequireNonEmpty(ArgumentResult result, string name)
    {
        if (result.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
        {
            result.AddError($"{name}: empty value");
        }
    }

    /// <summary>'-x' or '--xyz', but not a negative number such as '-1' or '-.5'.</summary>
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !(char.IsAsciiDigit(token[1]) || token[1] == '.');

    private static HashSet<string> TokensAfterDoubleDash(ParseResult parse)
    {
        var after = new HashSet<string>(StringComparer.Ordinal);
        var seen = false;
        foreach (var token in parse.Tokens)
        {
            if (seen)
            {
                after.Add(token.Value);
            }

            seen |= token.Type == TokenType.DoubleDash;
        }

        return after;
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? r = parse.CommandResult; r is CommandResult c; r = r.Parent)
        {
            names.Add(c.Command is RootCommand ? "planning-solver" : c.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>" (did you mean '--evaluations'?)" for a near miss of an option of the command or a recursive one above it.</summary>
    private static string Suggestion(CommandResult result, string token)
    {
        var name = token.Split('=', 2)[0];
        var options = result.Command.Options.ToList();
        for (var r = result.Parent as CommandResult; r is not null; r = r.Parent as CommandResult)
        {
            options.AddRange(r.Command.Options.Where(o => o.Recursive));
        }

        var known = options.SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct(StringComparer.Ordinal).ToList();
        var best = known
            .Select(k => (Name: k, Distance: EditDistance(name, k)))
            .Where(k => k.Name.Length >= 4 && (k.Distance <= 2 || (name.Length >= 4 && k.Name.StartsWith(name, StringComparison.Ordinal))))
            .OrderBy(k => k.Distance)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? "" : $" (did you mean '{best.Name}'?)";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
