using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Tests;

/// <summary>
/// Issue 14: TNTP's <c>&lt;FIRST THRU NODE&gt;</c> in cases (zones.csv <c>through_traffic = no</c>). Ring-33's suburb
/// U1 sits on the outer road between U8 and U2: at the evening peak some suburb-to-suburb routes pass through it. As a
/// centroid it may only start and end trips, so by flow conservation the flow leaving U1 equals exactly the trips that
/// start at U1.
/// </summary>
public sealed class NoThroughTrafficTests
{
    private const int EveningPeak = 17;

    private static StudyCase WithThroughTraffic(string noThroughZone)
    {
        var copy = new CaseCopy();
        var lines = File.ReadAllLines(copy.PathOf("zones.csv"));
        File.WriteAllLines(copy.PathOf("zones.csv"),
            [lines[0] + ",through_traffic", .. lines.Skip(1).Select(l => l + (l.StartsWith(noThroughZone + ",", StringComparison.Ordinal) ? ",no" : ",yes"))]);
        return CaseLoader.Load(new FolderCaseSource(copy.Folder));
    }

    private static (double Leaving, double Starting) PeakFlowsAt(StudyCase study, string zone)
    {
        var networks = new CaseNetworks(study);
        var plan = ChargingPlan.Uniform(study);
        var price = networks.TariffPerKwh[EveningPeak] + study.Parameters.ServiceFeePerKwh;
        var request = new AssignmentRequest(networks.HourlyDemand[EveningPeak])
        {
            Stations = study.Stations.Select((s, i) => new StationState(plan.PowerKw[i], s.Units, price)).ToArray(),
            Stop = new StopCriteria(1e-8, 5000),
        };
        var result = new BushAssignmentSolver(networks.Assignment).Solve(request);
        Assert.Equal(SolveStatus.Converged, result.Status);
        var leaving = study.Links.Select((l, a) => (l, a)).Where(t => t.l.From == zone).Sum(t => result.LinkFlows[t.a]);
        var r = study.Zones.Select((z, i) => (z, i)).Single(t => t.z.Id == zone).i;
        var starting = networks.HourlyDemand[EveningPeak].Sum(m => Enumerable.Range(0, m.Zones).Sum(s => m[r, s]));
        return (leaving, starting);
    }

    [Fact]
    public void A_zone_centroid_carries_no_through_traffic_in_the_coupled_networks()
    {
        var plain = PeakFlowsAt(CaseLoader.Load("ring-33"), "U1");
        Assert.True(plain.Leaving > plain.Starting + 1, $"ring-33 routes pass through U1 at the peak: leaving {plain.Leaving}, starting {plain.Starting}");

        var study = WithThroughTraffic("U1");
        Assert.Equal(2, study.FirstThruNode);
        var centroid = PeakFlowsAt(study, "U1");
        Assert.Equal(plain.Starting, centroid.Starting, 9);
        Assert.Equal(centroid.Starting, centroid.Leaving, 6);
    }

    [Fact]
    public void Centroids_are_numbered_first_whatever_their_row_and_a_station_on_one_is_refused()
    {
        var study = WithThroughTraffic("U8");
        Assert.Equal("U8", study.Zones[0].Id);
        Assert.True(study.Zones[0].NoThroughTraffic);
        Assert.Equal(1, new CaseNetworks(study).NodeNumber["U8"]);
        Assert.Equal(2, study.FirstThruNode);

        var copy = new CaseCopy();
        File.WriteAllText(copy.PathOf("zones.csv"), File.ReadAllText(copy.PathOf("zones.csv")).Replace("zone,node", "zone,node,through_traffic", StringComparison.Ordinal).Replace("U1,U1", "U1,U1,maybe", StringComparison.Ordinal));
        Assert.Contains("column 'through_traffic': 'maybe' is not yes or no", copy.LoadError().Message);

        var onCentroid = new CaseCopy();
        File.WriteAllText(onCentroid.PathOf("zones.csv"), File.ReadAllText(onCentroid.PathOf("zones.csv")).Replace("zone,node", "zone,node,through_traffic", StringComparison.Ordinal).Replace("U1,U1", "U1,U1,no", StringComparison.Ordinal));
        onCentroid.SetCell("stations.csv", "S1", "node", "U1");
        Assert.Contains("node 'U1' is zone U1's centroid (through_traffic = no)", onCentroid.LoadError().Message);
    }

    [Fact]
    public void A_case_without_the_column_keeps_its_zones_fingerprint()
    {
        // Cases written before the column existed must not look changed to a resumed run.
        var copy = new CaseCopy();
        File.WriteAllText(copy.PathOf("zones.csv"), File.ReadAllText(copy.PathOf("zones.csv")).Replace("zone,node", "zone,node,through_traffic", StringComparison.Ordinal).Replace("\n", ",yes\n", StringComparison.Ordinal).Replace("through_traffic,yes", "through_traffic", StringComparison.Ordinal));
        var withYes = CaseLoader.Load(new FolderCaseSource(copy.Folder));
        var builtIn = CaseLoader.Load("ring-33");
        Assert.Equal(Output.CaseFingerprint.Of(builtIn)["zones"], Output.CaseFingerprint.Of(withYes)["zones"]);
        Assert.Equal(1, withYes.FirstThruNode);
    }
}
