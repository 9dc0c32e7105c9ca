using System.Collections.Concurrent;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Optimization;
using PlanningSolver.Planning.Settings;
using PlanningSolver.Surrogate;

namespace PlanningSolver.Planning.Tests;

/// <summary>
/// A plan run reuses the search's own full results for Case 1 and Case 2 instead of evaluating those plans again at the
/// end (<see cref="FinalCandidates"/>); evaluations are deterministic, so the reused results must be what a fresh
/// evaluation of the same plans gives.
/// </summary>
public sealed class PlanFinalsTests
{
    /// <summary>Second method: a fresh evaluator on one thread, on the plans the run reports. TOU pricing keeps the run
    /// short (one pass per hour); the reuse does not depend on the pricing.</summary>
    [Fact]
    public void Case_1_and_Case_2_equal_fresh_evaluations_of_their_plans()
    {
        // paper-8: its uniform plan (180 kW) is an allowed level, so the search evaluates it first and Case 2 is reused.
        var study = CaseLoader.Load("paper-8");
        var settings = new RunSettings
        {
            Search = new SearchSettings(Evaluations: 22, Seed: 3),
            Coupling = new CouplingOptions(Pricing: PricingMode.Tou),
        };
        var run = new PlanDriver(study, settings, threads: 2).Run([]);
        var fresh = new CoupledEvaluator(study, settings.Coupling with { Threads = 1 });
        foreach (var reported in new[] { run.Best, run.Uniform })
        {
            var again = fresh.Evaluate(reported.Plan);
            Assert.Equal(again.SocialCost, reported.SocialCost);
            Assert.Equal(again.Stations.Select(h => h.Flow), reported.Stations.Select(h => h.Flow));
            Assert.Equal(again.Stations.Select(h => h.PricePerKwh), reported.Stations.Select(h => h.PricePerKwh));
        }

        // Case 1 is the best feasible row of the run's own evaluations table (lowest merit, then the earliest), read here
        // from the table, and its social cost is the row's.
        var bestRow = run.Evaluations.Where(r => r.Feasible).OrderBy(r => r.Merit).ThenBy(r => r.Order).First();
        Assert.Equal(new ChargingPlan(bestRow.PowerKw), run.Best.Plan);
        Assert.Equal(bestRow.Components.Total, run.Best.SocialCost);
        Assert.Equal(ChargingPlan.Uniform(study), run.Uniform.Plan);
        Assert.Contains(run.Evaluations, r => new ChargingPlan(r.PowerKw).Equals(run.Uniform.Plan));
    }

    /// <summary>Only the plans that can still be Case 1 (best feasible by merit, then order; the best of all while none is
    /// feasible) or Case 2 (the uniform plan) keep their full results.</summary>
    [Fact]
    public void Only_the_possible_final_plans_keep_their_results()
    {
        var uniform = new ChargingPlan([180.0, 180.0]);
        var results = new ConcurrentDictionary<ChargingPlan, EvaluationResult>();
        var candidates = new FinalCandidates(uniform, results);
        void Report(int order, double[] kw, double merit, bool feasible)
        {
            results[new ChargingPlan(kw)] = null!;
            candidates.Add(new EvaluationRecord(order, order, new LevelPoint(0, 0), kw, new EvaluationOutcome(merit, feasible), ProposalKind.Design, false));
        }

        bool Kept(params double[] kw) => results.ContainsKey(new ChargingPlan(kw));

        Report(0, [180, 180], 100, feasible: true);  // the uniform plan: always kept
        Report(1, [60, 60], 90, feasible: false);    // best of all, while the best feasible is the uniform plan
        Report(2, [350, 60], 95, feasible: true);    // best feasible
        Assert.True(Kept(180, 180) && Kept(60, 60) && Kept(350, 60));

        Report(3, [240, 60], 95, feasible: true);    // ties the best feasible, later order: not Case 1
        Assert.False(Kept(240, 60));

        Report(4, [350, 350], 80, feasible: true);   // best feasible and best of all: the two it displaces go
        Assert.True(Kept(350, 350) && Kept(180, 180));
        Assert.False(Kept(60, 60) || Kept(350, 60));
    }
}
