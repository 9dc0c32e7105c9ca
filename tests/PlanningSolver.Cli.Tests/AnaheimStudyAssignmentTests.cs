using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Testing;
using PlanningSolver.Traffic;

namespace PlanningSolver.Cli.Tests;

/// <summary>
/// Algorithm B on the Anaheim study case (docs/anaheim.md: imported here with <c>cases import</c> exactly as
/// docs/scripts/anaheim-case.py does; the script's voltage edits do not touch the traffic), where the coupled evaluation
/// met its slowest hours.
/// </summary>
public sealed class AnaheimStudyAssignmentTests
{
    private static StudyCase ImportAnaheim()
    {
        var target = Path.Combine(Directory.CreateTempSubdirectory("ps-anaheim-").FullName, "anaheim");
        var (code, _, err) = Cli.Run("cases", "import", target,
            "--network", SharedData.Path("tntp/Anaheim/Anaheim_net.tntp"), "--trips", SharedData.Path("tntp/Anaheim/Anaheim_trips.tntp"),
            "--nodes", SharedData.Path("tntp/Anaheim/anaheim_nodes.geojson"),
            "--feeder", "west=" + SharedData.Path("matpower/case69.m"), "--feeder", "east=" + SharedData.Path("matpower/case141.m"),
            "--stations", RepositoryRoot.Path("docs/data/anaheim/stations.csv"), "--trips-period", "hour", "--length-unit", "ft", "-q");
        Assert.True(code == 0, err);
        return CaseLoader.Load(target);
    }

    /// <summary>
    /// Round-off flows fed by real flow (docs/algorithm-b.md, "Round-off flows"): hour 18 of the plan
    /// S1=240,S2=60,S3=120,S4=350,S5=180,S6=120,S7=350,S8=180,S9=180,S10=240,S11=180,S12=90, solved as the coupled hour
    /// does (first at 0.35 USD/kWh to 1e-5, then from its bushes at the prices of the evaluation's next column, recorded
    /// 2026-12-02). Before flows at most 1e-12 of their tail's flow were dropped, a charging bush kept 3.5e-18 vehicles on
    /// arc 752→751 (layer 1) beside 9.5e-3 through node 752, which refused the shortcut 751→752, 0.27 min shorter, for
    /// ever: the charging class stalled at 4.8e-7 (400 iterations, 1,500 shifts in all), and inside the coupling BFW's
    /// polish then ran its 5,000 iterations. Second method: a cold solve at the same prices (bushes from shortest paths).
    /// </summary>
    [SharedDataFact("tntp/Anaheim/Anaheim_net.tntp", "tntp/Anaheim/Anaheim_trips.tntp", "tntp/Anaheim/anaheim_nodes.geojson", "matpower/case69.m", "matpower/case141.m")]
    public void A_warm_re_solve_is_not_blocked_by_round_off_flows()
    {
        var study = ImportAnaheim();
        var networks = new CaseNetworks(study);
        var plan = ChargingPlan.Parse(study, "S1=240,S2=60,S3=120,S4=350,S5=180,S6=120,S7=350,S8=180,S9=180,S10=240,S11=180,S12=90");
        double[] prices =
        [
            0.35471693976325586, 0.35099061262577913, 0.360294340378556, 0.37995810639781435, 0.3939248035546853, 0.395645703089526,
            0.36461581004578947, 0.3644592974680393, 0.3705390595252192, 0.3713929388924463, 0.37767921394796083, 0.3791925207825648,
        ];
        StationState[] At(Func<int, double> price) =>
            study.Stations.Select((s, i) => new StationState(plan.PowerKw[i], plan.IsBuilt(i) ? s.Units : 0, price(i))).ToArray();
        const int Hour = 18;
        var first = new AssignmentRequest(networks.HourlyDemand[Hour]) { Stations = At(_ => 0.35), Stop = new StopCriteria(1e-5, 300) };
        var repriced = first with { Stations = At(i => prices[i]), Stop = new StopCriteria(1e-10, 100) };
        var settings = new AlgorithmBSettings { StallIterations = 0 };
        var solver = new BushAssignmentSolver(networks.Assignment, settings);
        Assert.Equal(SolveStatus.Converged, solver.Solve(first).Status);
        var warm = solver.Solve(repriced);
        Assert.True(warm.WarmStarted);
        Assert.True(warm.Status == SolveStatus.Converged, $"{warm.Status} after {warm.Iterations} iterations, class gaps {string.Join(", ", warm.ClassRelativeGaps)}");
        var cold = new BushAssignmentSolver(networks.Assignment, settings).Solve(repriced);
        Assert.Equal(SolveStatus.Converged, cold.Status);
        for (var s = 0; s < prices.Length; s++)
        {
            Assert.True(Math.Abs(cold.StationFlows[s] - warm.StationFlows[s]) <= 1e-4, $"station {s}: warm {warm.StationFlows[s]:R} vs cold {cold.StationFlows[s]:R}");
        }
    }
}
