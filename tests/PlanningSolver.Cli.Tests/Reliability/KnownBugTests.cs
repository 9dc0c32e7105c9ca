using PlanningSolver.Testing;

namespace PlanningSolver.Cli.Tests.Reliability;

/// <summary>Minimal reproducers of the bugs the hostile-input run found (docs/reliability.md), kept as regression tests.</summary>
public sealed class KnownBugTests
{
    [Fact]
    public void Invalid_utf8_in_case_json_is_exit_2_naming_the_file()
    {
        var dir = BadCaseTests.ExportedCase("links.csv", _ => { });
        var path = Path.Combine(dir, "case.json");
        var text = File.ReadAllBytes(path).ToList();
        var name = System.Text.Encoding.UTF8.GetBytes("\"name\":");
        var key = Enumerable.Range(0, text.Count - name.Length).First(i => text.Skip(i).Take(name.Length).SequenceEqual(name));
        var at = text.IndexOf((byte)'"', key + name.Length) + 1; // just inside the value of "name"
        text.InsertRange(at, new byte[] { 0xFF, 0xFE });
        File.WriteAllBytes(path, [.. text]);
        var (code, _, err) = Cli.Run("validate", dir, "-q");
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        Assert.Contains("case.json", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }

    /// <summary>Found by tests/scripts/hostile-inputs.sh 10000 1 (opf target): a failed OPF printed "relaxation gap NaN".</summary>
    [SharedDataFact("matpower/case33bw.m")]
    public void A_failed_opf_prints_no_nan()
    {
        var dir = Directory.CreateTempSubdirectory("ps-bug-opf-").FullName;
        File.Copy(SharedData.Path("matpower/case33bw.m"), Path.Combine(dir, "case.m"));
        HostileInputTests.Apply(new Mutation("case.m", MutationKind.HostileValue, 165, 3, 240447), dir);
        var (code, output, err) = Cli.Run("opf", Path.Combine(dir, "case.m"), "-q");
        Assert.Equal(1, code);
        Assert.DoesNotContain("NaN", output, StringComparison.Ordinal);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }
}
