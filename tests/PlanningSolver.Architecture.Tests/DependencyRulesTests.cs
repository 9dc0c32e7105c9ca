using System.Text.RegularExpressions;
using System.Xml.Linq;
using PlanningSolver.Testing;

namespace PlanningSolver.Architecture.Tests;

/// <summary>
/// The one-way dependency rules of design.md §8, checked on the project files themselves:
/// Cli → Planning → {Traffic, Power, Surrogate} → Core, and only Cli talks to the console libraries.
/// </summary>
public sealed class DependencyRulesTests
{
    private static readonly string[] Domains = ["PlanningSolver.Traffic", "PlanningSolver.Power", "PlanningSolver.Surrogate"];
    private static readonly string[] CliOnlyPackages = ["System.CommandLine", "Serilog", "Serilog.Sinks.Console", "Serilog.Sinks.File", "Spectre.Console"];

    public static TheoryData<string> SourceProjects()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepositoryRoot.Path("src")).Order(StringComparer.Ordinal))
        {
            data.Add(System.IO.Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Domain_projects_do_not_reference_each_other(string project)
    {
        if (!Domains.Contains(project))
        {
            return;
        }

        var references = ProjectReferences(project);
        var offending = references.Where(r => Domains.Contains(r) || r is "PlanningSolver.Planning" or "PlanningSolver.Cli").ToList();
        Assert.True(offending.Count == 0, $"{project} references {string.Join(", ", offending)}; domains may reference only PlanningSolver.Core");
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Only_the_cli_references_console_and_logging_packages(string project)
    {
        if (project == "PlanningSolver.Cli")
        {
            return;
        }

        var offending = PackageReferences(project).Intersect(CliOnlyPackages).ToList();
        Assert.True(offending.Count == 0, $"{project} references {string.Join(", ", offending)}; only PlanningSolver.Cli may");
    }

    [Fact]
    public void Core_references_no_other_project()
    {
        Assert.Empty(ProjectReferences("PlanningSolver.Core"));
    }

    [Fact]
    public void Nothing_below_the_cli_references_the_cli_or_planning_upwards()
    {
        foreach (var project in Domains.Append("PlanningSolver.Core"))
        {
            Assert.DoesNotContain("PlanningSolver.Planning", ProjectReferences(project));
            Assert.DoesNotContain("PlanningSolver.Cli", ProjectReferences(project));
        }
    }

    /// <summary>Ways a C# file writes a file itself; the CLI leaves every one of them to the output module (Planning/Output).</summary>
    private static readonly Regex FileWriting = new(@"\b(AtomicFile\.|CsvText\b|File\.(Write|Append|Create|Move|Copy)|StreamWriter\b|FileStream\b)", RegexOptions.CultureInvariant);

    [Fact]
    public void The_cli_writes_no_output_file_itself()
    {
        // CLI thin (design.md, common brief): commands parse, call and print; file writers live in one output module.
        var offending = Directory.GetFiles(RepositoryRoot.Path("src/PlanningSolver.Cli"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{System.IO.Path.DirectorySeparatorChar}bin{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: System.IO.Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => WritesFile(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offending.Count == 0, "the CLI writes files itself; move the writer to PlanningSolver.Planning/Output:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void The_file_writing_check_detects_a_writer()
    {
        Assert.True(WritesFile("                AtomicFile.Write(Path.Combine(folder, \"buses.csv\"), w =>"));
        Assert.True(WritesFile("            var csv = new CsvText(w, \"bus\", \"v_pu\");"));
        Assert.True(WritesFile("        File.WriteAllText(path, text);"));
        Assert.False(WritesFile("                OpfFiles.Write(dir.FullName, result);"));
        Assert.False(WritesFile("                PowerFlowFile.Write(outFile, result);"));
        Assert.False(WritesFile("                using var stream = File.OpenRead(stationsPath);"));
    }

    private static bool WritesFile(string line) => FileWriting.IsMatch(line);

    [Fact]
    public void The_rules_detect_a_violation()
    {
        // The checks above read <ProjectReference>/<PackageReference>; make sure that reading works on a known offender.
        var xml = XDocument.Parse("""
            <Project><ItemGroup>
              <ProjectReference Include="../PlanningSolver.Power/PlanningSolver.Power.csproj" />
              <PackageReference Include="Serilog" />
            </ItemGroup></Project>
            """);
        Assert.Equal(["PlanningSolver.Power"], ReadProjectReferences(xml));
        Assert.Equal(["Serilog"], ReadPackageReferences(xml));
    }

    private static XDocument Load(string project) =>
        XDocument.Load(RepositoryRoot.Path($"src/{project}/{project}.csproj"));

    private static List<string> ProjectReferences(string project) => ReadProjectReferences(Load(project));

    private static List<string> PackageReferences(string project) => ReadPackageReferences(Load(project));

    private static List<string> ReadProjectReferences(XDocument xml) =>
        xml.Descendants("ProjectReference")
            .Select(e => System.IO.Path.GetFileNameWithoutExtension(((string?)e.Attribute("Include") ?? "").Replace('\\', '/')))
            .ToList();

    private static List<string> ReadPackageReferences(XDocument xml) =>
        xml.Descendants("PackageReference").Select(e => (string?)e.Attribute("Include") ?? "").ToList();
}
