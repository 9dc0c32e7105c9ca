using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Studies;

namespace PlanningSolver.Planning.Tests;

public sealed class V2gStudyTests
{
    private static readonly StudyCase Ring33 = CaseLoader.Load("ring-33");

    [Fact]
    public void On_ring33_v2g_lowers_the_evening_peak_and_keeps_each_station_balanced()
    {
        // TOU pricing keeps the evaluation to one assignment and one OPF per hour (fast); the V2G part is the same.
        var networks = new CaseNetworks(Ring33);
        var plan = ChargingPlan.Uniform(Ring33);
        var evaluation = new CoupledEvaluator(networks, new CouplingOptions(PricingMode.Tou)).Evaluate(plan);
        var v2g = V2gStudy.Run(networks, plan, evaluation);
        Assert.Equal(SolveStatus.Converged, v2g.Status);

        // (a) without V2G reproduces the evaluator's own 24 hourly OPFs (second method: CoupledEvaluator).
        Assert.True(Math.Abs(v2g.GridCostWithout - evaluation.Components.GridOperation) <= 1e-6 * evaluation.Components.GridOperation,
            $"without {v2g.GridCostWithout}, evaluator {evaluation.Components.GridOperation}");
        Assert.Equal(evaluation.SocialCost, v2g.SocialCostWithout, 1e-4);
        var evaluatorHourly = evaluation.Feeder.Select(f => f.SubstationKw).ToArray();
        for (var t = 0; t < 24; t++)
        {
            Assert.Equal(evaluatorHourly[t], v2g.SubstationKwWithout[t], 1e-3);
        }

        // (b) with V2G: lower evening peak, no dearer day, every station's energy balance exact.
        Assert.True(v2g.EveningPeakKwWith < v2g.EveningPeakKwWithout, $"evening peak {v2g.EveningPeakKwWith} vs {v2g.EveningPeakKwWithout}");
        Assert.True(v2g.GridCostWith <= v2g.GridCostWithout + 1e-6);
        Assert.All(v2g.Stations, s =>
        {
            Assert.True(Math.Abs(s.RechargeKw.Sum() - s.DischargeKw.Sum()) <= 1e-6, $"{s.Id}: {s.RechargeKw.Sum()} vs {s.DischargeKw.Sum()}");
            Assert.All(s.DischargeKw, d => Assert.True(d <= s.DischargeLimitKw + 1e-6));
        });
        Assert.True(v2g.MaxEnergyBalanceResidualKwh <= 1e-6);
        Assert.True(v2g.Stations.Sum(s => s.DischargeKw.Sum()) > 0);
    }
}
