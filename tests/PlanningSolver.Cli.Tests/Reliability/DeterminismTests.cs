using System.Text.Json.Nodes;

namespace PlanningSolver.Cli.Tests.Reliability;

/// <summary>
/// <c>evaluate --uniform --out</c> with 1 and 2 threads and twice with 1 thread: byte-identical CSV tables and summary.json
/// identical except <c>wall_seconds</c>. (Plan determinism is covered by PlanCommandTests.)
/// </summary>
public sealed class DeterminismTests
{
    [Fact]
    public void Evaluate_outputs_do_not_depend_on_threads_or_on_the_run()
    {
        var root = Directory.CreateTempSubdirectory("ps-determinism-").FullName;
        string Run(string name, string threads)
        {
            var folder = Path.Combine(root, name);
            var (code, _, err) = Cli.Run("evaluate", "ring-33", "--uniform", "--pricing", "tou", "--threads", threads, "--out", folder, "-q");
            Assert.True(code == 0, err);
            return folder;
        }

        var one = Run("t1", "1");
        var two = Run("t2", "2");
        var again = Run("t1-again", "1");
        var csvs = Directory.GetFiles(one, "*.csv").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(csvs);
        foreach (var other in new[] { two, again })
        {
            Assert.Equal(csvs, Directory.GetFiles(other, "*.csv").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal));
            foreach (var csv in csvs)
            {
                Assert.True(File.ReadAllBytes(Path.Combine(one, csv)).SequenceEqual(File.ReadAllBytes(Path.Combine(other, csv))), $"{csv} differs between {one} and {other}");
            }

            Assert.Equal(WithoutWallSeconds(Path.Combine(one, "summary.json")), WithoutWallSeconds(Path.Combine(other, "summary.json")));
        }
    }

    private static string WithoutWallSeconds(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        Strip(node);
        return node.ToJsonString();
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                o.Remove("wall_seconds");
                foreach (var child in o.Select(p => p.Value).ToList())
                {
                    Strip(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Strip(child);
                }

                break;
        }
    }
}
