using System.Text.Json;
using PlanningSolver.Testing;
using PlanningSolver.Traffic;
using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Cli.Tests;

public sealed class AssignCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("assign-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Writes a small, congested generated grid (GridNetworkGenerator, 4×4, 5 zones) as TNTP files.</summary>
    private (string Net, string Trips) GridFiles()
    {
        var (net, demand) = GridNetworkGenerator.Create(4, 4, 5, seed: 7, demandPerZone: 5_000);
        var netPath = Path.Combine(_folder, "grid_net.tntp");
        var tripsPath = Path.Combine(_folder, "grid_trips.tntp");
        using (var w = new StreamWriter(netPath))
        {
            TntpWriter.WriteNetwork(w, net);
        }

        using (var w = new StreamWriter(tripsPath))
        {
            TntpWriter.WriteTrips(w, demand);
        }

        return (netPath, tripsPath);
    }

    [Fact]
    public void Json_has_the_documented_keys_in_order()
    {
        var (net, trips) = GridFiles();
        var (code, output, err) = Cli.Run("assign", net, trips, "--json", "--gap", "1e-8");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var keys = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["algorithm", "status", "iterations", "relative_gap", "average_excess_cost", "tstt", "beckmann", "wall_seconds"], keys);
        Assert.Equal("b", doc.RootElement.GetProperty("algorithm").GetString()); // the default (docs/algorithm-b.md)
        Assert.Equal("converged", doc.RootElement.GetProperty("status").GetString());
        Assert.True(doc.RootElement.GetProperty("relative_gap").GetDouble() <= 1e-8);
    }

    [Fact]
    public void An_iteration_limit_is_a_status_with_exit_code_0_and_files_are_written()
    {
        var (net, trips) = GridFiles();
        var flows = Path.Combine(_folder, "out", "flows.csv");
        var log = Path.Combine(_folder, "log.csv");
        var (code, output, err) = Cli.Run(
            "assign", net, trips, "--algorithm", "fw", "--gap", "0", "--max-iterations", "3", "--threads", "2",
            "--flows-out", flows, "--log-out", log, "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("iteration_limit", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("iterations").GetInt32());
        var flowLines = File.ReadAllLines(flows);
        Assert.Equal("from,to,flow,time", flowLines[0]);
        Assert.Equal(1 + 48, flowLines.Length); // 4×4 grid: 4·16 − 2·8 = 48 links
        var logLines = File.ReadAllLines(log);
        Assert.Equal("iteration,relative_gap,step,objective,elapsed_seconds", logLines[0]);
        Assert.Equal(1 + 3, logLines.Length);
    }

    [Fact]
    public void Human_summary_names_algorithm_status_and_gap()
    {
        var (net, trips) = GridFiles();
        var (code, output, _) = Cli.Run("assign", net, trips, "--algorithm", "cfw", "--gap", "1e-4");
        Assert.Equal(0, code);
        Assert.StartsWith("cfw: converged after ", output);
        Assert.Contains("relative gap", output);
    }

    [Fact]
    public void A_missing_file_is_exit_code_2_with_one_line_naming_it()
    {
        var (_, trips) = GridFiles();
        var missing = Path.Combine(_folder, "missing_net.tntp");
        var (code, output, err) = Cli.Run("assign", missing, trips);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"error: {missing}: file not found", err.Trim());
    }

    [Fact]
    public void A_bad_line_is_exit_code_2_naming_file_line_and_column()
    {
        var (net, trips) = GridFiles();
        var lines = File.ReadAllLines(net);
        lines[7] = lines[7].Replace("\t0.15\t", "\tx\t", StringComparison.Ordinal);
        File.WriteAllLines(net, lines);
        var (code, _, err) = Cli.Run("assign", net, trips);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {net}:8: column 'b': expected a number >= 0, got 'x'", err.Trim());
    }

    [Theory]
    [InlineData("--gap", "-1", "--gap must be >= 0")]
    [InlineData("--max-iterations", "0", "--max-iterations must be > 0")]
    [InlineData("--threads", "-2", "--threads must be >= 0")]
    public void Bad_option_values_are_usage_errors(string option, string value, string message)
    {
        var (net, trips) = GridFiles();
        var (code, _, err) = Cli.Run("assign", net, trips, option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [SharedDataFact("tntp/SiouxFalls/SiouxFalls_net.tntp", "tntp/SiouxFalls/SiouxFalls_trips.tntp")]
    public void Sioux_falls_reaches_the_best_known_objective()
    {
        // Best-known Beckmann objective 4,231,335.287 (TransportationNetworks SiouxFalls README; design.md §9).
        var (code, output, _) = Cli.Run(
            "assign", SharedData.Path("tntp/SiouxFalls/SiouxFalls_net.tntp"), SharedData.Path("tntp/SiouxFalls/SiouxFalls_trips.tntp"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(4_231_335.287, doc.RootElement.GetProperty("beckmann").GetDouble(), 4_231_335.287 * 1e-6);
    }
}
