using System.Globalization;

namespace PlanningSolver.Cli.Tests;

public sealed class CaseCommandsTests
{
    private static readonly HashSet<string> IdColumns =
        ["node", "bus", "from", "to", "zone", "station", "generator", "origin", "destination", "link", "class", "kind", "period"];

    [Fact]
    public void Cases_list_shows_the_built_in_cases()
    {
        var (code, output, _) = Cli.Run("cases", "list");
        Assert.Equal(0, code);
        Assert.StartsWith("paper-8\t", output);
        Assert.Contains("\nring-33\t", output, StringComparison.Ordinal);
        Assert.Contains("\nring-33-s4\t", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_accepts_the_default_built_in_case()
    {
        // The default case is the reference study's (issue 16).
        var (code, output, err) = Cli.Run("validate");
        Assert.True(code == 0, err);
        Assert.StartsWith("paper-8: valid", output);
    }

    [Fact]
    public void Validate_of_an_unknown_case_is_a_bad_input()
    {
        var (code, _, err) = Cli.Run("validate", "no-such-case");
        Assert.Equal(2, code);
        Assert.Equal("error: no-such-case: no case folder or built-in case of that name (built-in: paper-8, ring-33, ring-33-s4, sioux-falls)", err.Trim());
    }

    public static TheoryData<string, string> NumericCells()
    {
        // Every numeric column of every CSV of the built-in case (first data row), found from the exported files.
        var data = new TheoryData<string, string>();
        var folder = Export();
        foreach (var file in Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            if (lines.Length < 2)
            {
                continue;
            }

            var header = lines[0].Split(',');
            var cells = lines[1].Split(',');
            for (var i = 0; i < header.Length && i < cells.Length; i++)
            {
                var numeric = cells[i].Split(';').All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
                if (numeric && !IdColumns.Contains(header[i]))
                {
                    data.Add(Path.GetFileName(file), header[i]);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NumericCells))]
    public void Abc_in_any_numeric_cell_exits_2_naming_file_line_and_column(string file, string column)
    {
        var folder = Export();
        var path = Path.Combine(folder, file);
        var lines = File.ReadAllLines(path);
        var col = Array.IndexOf(lines[0].Split(','), column);
        var cells = lines[1].Split(',');
        cells[col] = "abc";
        lines[1] = string.Join(',', cells);
        File.WriteAllLines(path, lines);

        var (code, output, err) = Cli.Run("validate", folder);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var message = err.Trim();
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith($"error: {path}:2: column '{column}': ", message);
        Assert.Contains("'abc'", message);
    }

    [Fact]
    public void Export_writes_a_loadable_copy()
    {
        var folder = Export();
        Assert.True(File.Exists(Path.Combine(folder, "case.json")));
        var (code, _, err) = Cli.Run("validate", folder);
        Assert.True(code == 0, err);
    }

    private static string Export()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("ps-cli-").FullName, "ring-33");
        var (code, _, err) = Cli.Run("cases", "export", "ring-33", folder);
        Assert.True(code == 0, err);
        return folder;
    }
}

/// <summary>A results folder named like a built-in case (<c>plan --out ring-33</c>) must not hide the built-in case.</summary>
public sealed class CaseNameShadowTests
{
    [Fact]
    public void A_folder_without_case_json_named_like_a_built_in_case_does_not_hide_it()
    {
        var work = Directory.CreateTempSubdirectory("ps-shadow-").FullName;
        Directory.CreateDirectory(Path.Combine(work, "ring-33"));
        File.WriteAllText(Path.Combine(work, "ring-33", "run.json"), "{}");
        using var process = Integrity.CliProcess.Start(["validate", "ring-33"], shell: $"cd '{work}' &&");
        var (code, _, err) = Integrity.CliProcess.Finish(process);
        Assert.True(code == 0, $"exit {code}: {err}");

        // A folder that holds a case.json is still the case it holds.
        Directory.CreateDirectory(Path.Combine(work, "mine"));
        using var missing = Integrity.CliProcess.Start(["validate", "mine"], shell: $"cd '{work}' &&");
        var (missingCode, _, missingErr) = Integrity.CliProcess.Finish(missing);
        Assert.Equal(2, missingCode);
        Assert.Contains("case.json", missingErr, StringComparison.Ordinal);
    }
}
