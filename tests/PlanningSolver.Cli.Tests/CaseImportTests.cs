using System.Globalization;
using System.Text.Json;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Power;
using PlanningSolver.Traffic;
using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Cli.Tests;

/// <summary>
/// Issue 14 acceptance: ring-33's own road network and feeder written as TNTP and MATPOWER files and imported back with
/// <c>cases import</c> give the same <c>evaluate --uniform</c> result as ring-33 (the second method is ring-33 itself).
/// </summary>
public sealed class CaseImportTests
{
    internal static string WriteRing33Sources(string folder)
    {
        var study = CaseLoader.Load("ring-33");
        var networks = new CaseNetworks(study);
        var road = networks.Road;
        var net = new TntpNetwork("ring33_net.tntp", road.ZoneCount, road.NodeCount, road.FirstThruNode,
            [.. road.Links.Select(l => new TntpLink(l.From, l.To, l.Capacity, l.Length, l.FreeFlowTime, l.Alpha, l.Beta, 0, 0, 1))]);
        using (var writer = new StreamWriter(Path.Combine(folder, "ring33_net.tntp")))
        {
            TntpWriter.WriteNetwork(writer, net);
        }

        var zone = study.Zones.Select((z, i) => (z.Id, i)).ToDictionary(t => t.Id, t => t.i);
        var trips = new DemandMatrix(study.Zones.Count);
        foreach (var od in study.Demand)
        {
            trips[zone[od.Origin], zone[od.Destination]] = od.TripsPerDay;
        }

        using (var writer = new StreamWriter(Path.Combine(folder, "ring33_trips.tntp")))
        {
            TntpWriter.WriteTrips(writer, trips);
        }

        using (var writer = new StreamWriter(Path.Combine(folder, "ring33.m")))
        {
            MatpowerWriter.Write(writer, networks.Feeder.Data with { BaseKv = study.Parameters.BaseKv });
        }

        var stations = new StringWriter();
        stations.Write("station,node,feeder,bus,units,levels_kw,fixed_cost\n");
        foreach (var s in study.Stations)
        {
            stations.Write(string.Create(CultureInfo.InvariantCulture,
                $"{s.Id},{networks.NodeNumber[s.Node]},main,{networks.BusNumber[s.Bus]},{s.Units},{string.Join(';', s.LevelsKw.Select(v => v.ToString(CultureInfo.InvariantCulture)))},{s.FixedCost}\n"));
        }

        File.WriteAllText(Path.Combine(folder, "stations.csv"), stations.ToString());
        return folder;
    }

    /// <summary><c>evaluate --uniform --json</c> of ring-33 and of <paramref name="caseFolder"/> (both must succeed).</summary>
    private static (JsonDocument Ring33, JsonDocument Other) EvaluateUniformBesideRing33(string caseFolder)
    {
        var (c1, original, e1) = Cli.Run("evaluate", "ring-33", "--uniform", "--json", "-q");
        var (c2, imported, e2) = Cli.Run("evaluate", caseFolder, "--uniform", "--json", "-q");
        Assert.True(c1 == 0, e1);
        Assert.True(c2 == 0, e2);
        return (JsonDocument.Parse(original), JsonDocument.Parse(imported));
    }

    internal static string[] ImportArgs(string sources, string target, params string[] extra) =>
    [
        "cases", "import", target,
        "--network", Path.Combine(sources, "ring33_net.tntp"), "--trips", Path.Combine(sources, "ring33_trips.tntp"),
        "--feeder", "main=" + Path.Combine(sources, "ring33.m"), "--stations", Path.Combine(sources, "stations.csv"),
        "--trips-period", "day", .. extra,
    ];

    [Fact]
    public void Ring33_written_as_tntp_and_matpower_and_imported_back_evaluates_the_same()
    {
        var sources = WriteRing33Sources(Directory.CreateTempSubdirectory("ps-import-src-").FullName);
        var target = Path.Combine(Directory.CreateTempSubdirectory("ps-import-").FullName, "ring33-imported");
        var (code, _, err) = Cli.Run(ImportArgs(sources, target));
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(target, "README.md")));
        Assert.Equal(0, Cli.Run("validate", target, "-q").Code);

        var (a, b) = EvaluateUniformBesideRing33(target);
        using var disposeA = a;
        using var disposeB = b;
        var costA = a.RootElement.GetProperty("social_cost_usd_per_day").GetDouble();
        var costB = b.RootElement.GetProperty("social_cost_usd_per_day").GetDouble();
        // Same data through ohm ↔ p.u. and A ↔ p.u. round trips: equal to far below the coupling tolerance.
        Assert.True(Math.Abs(costA - costB) <= 1e-6 * costA, $"social cost {costA:R} vs imported {costB:R}");
        Assert.Equal(a.RootElement.GetProperty("status").GetString(), b.RootElement.GetProperty("status").GetString());
    }

    /// <summary>Two feeders: ring-33's feeder twice, as <c>main</c> with every station and as <c>spare</c> with none. The
    /// second method is ring-33 itself: the traffic side and the charging are ring-33's (to the solvers' tolerances; the
    /// spare feeder adds only its own no-EV cost), the grid cost increase from the stations too.</summary>
    [Fact]
    public void Two_feeders_import_into_one_case_with_a_feeder_column_and_feeders_csv()
    {
        var sources = WriteRing33Sources(Directory.CreateTempSubdirectory("ps-import-src-").FullName);
        var target = Path.Combine(Directory.CreateTempSubdirectory("ps-import-").FullName, "two");
        var (code, _, err) = Cli.Run(ImportArgs(sources, target, "--feeder", "spare=" + Path.Combine(sources, "ring33.m")));
        Assert.True(code == 0, err);
        Assert.Equal(["feeder,base_kv,substation_voltage", "main,12.66,1", "spare,12.66,1"], File.ReadAllLines(Path.Combine(target, "feeders.csv")));
        var study = CaseLoader.Load(new FolderCaseSource(target));
        Assert.Equal(["main", "spare"], study.FeederIds);
        Assert.Equal(66, study.Buses.Count);
        Assert.Contains(study.Buses, b => b.Id == "spare.18" && b.Feeder == "spare");
        Assert.All(study.Stations, s => Assert.StartsWith("main.", s.Bus, StringComparison.Ordinal));
        Assert.Contains("`spare.N` for MATPOWER bus N", File.ReadAllText(Path.Combine(target, "README.md")), StringComparison.Ordinal);

        var (a, b) = EvaluateUniformBesideRing33(target);
        using var disposeA = a;
        using var disposeB = b;
        double Get(JsonDocument d, string name) => d.RootElement.GetProperty("components").GetProperty(name).GetDouble();
        Assert.Equal(Get(a, "travel_time_usd_per_day"), Get(b, "travel_time_usd_per_day"), 1e-8 * Get(a, "travel_time_usd_per_day"));
        Assert.Equal(Get(a, "charging_time_usd_per_day"), Get(b, "charging_time_usd_per_day"), 1e-6 * Get(a, "charging_time_usd_per_day"));
        var increase = (a.RootElement.GetProperty("grid_cost_increase_usd_per_day").GetDouble(), b.RootElement.GetProperty("grid_cost_increase_usd_per_day").GetDouble());
        Assert.Equal(increase.Item1, increase.Item2, 1e-5 * increase.Item1);
        Assert.Equal(a.RootElement.GetProperty("status").GetString(), b.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void A_station_on_a_feeder_not_imported_names_its_row()
    {
        var sources = WriteRing33Sources(Directory.CreateTempSubdirectory("ps-import-src-").FullName);
        var lines = File.ReadAllLines(Path.Combine(sources, "stations.csv"));
        lines[3] = lines[3].Replace(",main,", ",north,", StringComparison.Ordinal);
        File.WriteAllLines(Path.Combine(sources, "stations.csv"), lines);
        var target = Path.Combine(Directory.CreateTempSubdirectory("ps-import-").FullName, "bad");
        var (code, _, err) = Cli.Run(ImportArgs(sources, target, "--feeder", "spare=" + Path.Combine(sources, "ring33.m")));
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("stations.csv:4: column 'feeder': feeder 'north' is not an imported feeder ('main', 'spare')", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void A_feeder_name_given_twice_is_refused_in_one_line()
    {
        var sources = WriteRing33Sources(Directory.CreateTempSubdirectory("ps-import-src-").FullName);
        var target = Path.Combine(Directory.CreateTempSubdirectory("ps-import-").FullName, "two");
        var (code, _, err) = Cli.Run(ImportArgs(sources, target, "--feeder", "main=" + Path.Combine(sources, "ring33.m")));
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("the name 'main' is given twice", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }
}
