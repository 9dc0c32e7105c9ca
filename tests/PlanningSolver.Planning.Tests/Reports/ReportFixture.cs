using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Reports;

namespace PlanningSolver.Planning.Tests.Reports;

/// <summary>A hand-built plan report on the built-in ring-33 case: every number is a closed-form function, no solver runs.</summary>
public static class ReportFixture
{
    /// <summary>Case 1 social cost: 412,345.67 + 23,456.78 + 98,765.43 + 2,100.50 + 15,432.10 = 552,100.48 USD/day.</summary>
    public static readonly CostBreakdown Case1 = new(412_345.67, 23_456.78, 98_765.43, 2_100.50, 15_432.10);

    /// <summary>Case 2 social cost: 418,000.00 + 26,000.00 + 99,100.00 + 2,022.45 + 16,900.00 = 562,022.45 USD/day.</summary>
    public static readonly CostBreakdown Case2 = new(418_000.00, 26_000.00, 99_100.00, 2_022.45, 16_900.00);

    /// <summary>Case 2′ social cost: 415,000.00 + 25,000.00 + 99,000.00 + 2,050.00 + 16,000.00 = 557,050.00 USD/day.</summary>
    public static readonly CostBreakdown Case2Prime = new(415_000.00, 25_000.00, 99_000.00, 2_050.00, 16_000.00);

    /// <summary>The report input with Case 2′: the uniform plan nearest Case 1's installed power (8,500 kW on ring-33's 44
    /// units: 180 kW per unit, 7,920 kW).</summary>
    public static PlanReportInput CreateWithEqualPower()
    {
        var input = Create();
        var plan = ChargingPlan.UniformWithInstalledPower(input.Study, input.Best.Plan.InstalledKw(input.Study))!;
        return input with { EqualPower = Result(input.Study, plan, Case2Prime, vMinShift: 0.002, dlmpScale: 1.05) };
    }

    public static PlanReportInput Create(string? description = null)
    {
        var study = CaseLoader.Load("ring-33");
        if (description is not null)
        {
            study = study with { Description = description };
        }

        var best = Result(study, new ChargingPlan([350, 0, 120, 240, 60, 180, 350, 90]), Case1, vMinShift: 0.004, dlmpScale: 1.0);
        var uniform = Result(study, ChargingPlan.Uniform(study), Case2, vMinShift: 0, dlmpScale: 1.1) with
        {
            RevenueOk = false,
            GridOk = false,
            GridProblem = "voltage 0.8950 p.u. at bus 18 in hour 19 < 0.9",
        };
        return new PlanReportInput(study, best, uniform, History(uniform.SocialCost, best.SocialCost), Seed: 42, WallSeconds: 123.4);
    }

    private static EvaluationResult Result(StudyCase study, ChargingPlan plan, CostBreakdown components, double vMinShift, double dlmpScale)
    {
        var stations = new List<StationHour>();
        for (var h = 0; h < StudyCase.Hours; h++)
        {
            for (var s = 0; s < study.Stations.Count; s++)
            {
                var installed = plan.PowerKw[s] * study.Stations[s].Units;
                var shape = 0.15 + (0.6 * Math.Pow(Math.Sin(Math.PI * (h + s) / 24.0), 2));
                var load = installed * shape * 0.5;
                stations.Add(new StationHour(h, study.Stations[s].Id, load / 40, load, load * 0.33, 0.3 + (0.01 * h), 0.14 + (0.01 * h), 0.01, 0.15, installed > 0 ? 0.4 : 0));
            }
        }

        var buses = new List<BusHour>();
        for (var h = 0; h < StudyCase.Hours; h++)
        {
            for (var b = 0; b < study.Buses.Count; b++)
            {
                var peak = Math.Exp(-Math.Pow((h - 18.5) / 3.0, 2));
                var v = 1.0 - ((0.002 + (0.06 * peak)) * b / study.Buses.Count) + vMinShift;
                var dlmp = dlmpScale * (0.08 + (0.05 * peak) + (0.0006 * b * (0.2 + peak)));
                buses.Add(new BusHour(h, study.Buses[b].Id, v, dlmp, dlmp / 10));
            }
        }

        var links = new List<LinkHour>();
        for (var h = 0; h < StudyCase.Hours; h++)
        {
            for (var l = 0; l < study.Links.Count; l++)
            {
                var volume = study.Links[l].CapacityVph * PeakVolumeCapacity(l) * Math.Exp(-Math.Pow((h - 17) / 4.0, 2));
                links.Add(new LinkHour(h, study.Links[l].Id, 0.7 * volume, 0.3 * volume, 0, 0, study.Links[l].FreeFlowMinutes));
            }
        }

        var feeder = Enumerable.Range(0, StudyCase.Hours).Select(h =>
        {
            var hour = buses.Where(b => b.Hour == h).ToList();
            var worst = hour.MinBy(b => b.VPu)!;
            var ev = stations.Where(s => s.Hour == h).Sum(s => s.LoadKw);
            return new FeederHour(h, SolveStatus.Converged, 3_000 + ev, 1_500, 90, ev, worst.VPu, worst.Bus, 0, 300 + (0.1 * ev), 1e-7, "", 1e-7, 1e-6, 5, 40, 0, 1e-8, 1e-8);
        }).ToList();

        return new EvaluationResult
        {
            Status = SolveStatus.Converged,
            Pricing = PricingMode.Dlmp,
            Plan = plan,
            Components = components,
            ChargingRevenue = 9_876.54,
            GridCostIncrease = 4_321.09,
            CapitalCost = Economics.CapitalCost(study, plan),
            BudgetOk = true,
            RevenueOk = true,
            GridOk = true,
            MaxVoltageDeviation = 1 - feeder.Min(f => f.VMinPu),
            VoltageDeviationLimit = 0.1,
            MinVoltagePu = feeder.Min(f => f.VMinPu),
            UnservedKwh = 0,
            PeakSubstationKw = feeder.Max(f => f.SubstationKw),
            AverageStationDlmpPerMwh = 123.4,
            CouplingIterations = 7,
            CouplingGap = 3.2e-4,
            AssignmentIterations = 960,
            Log = [],
            Stations = stations,
            Buses = buses,
            Links = links,
            Feeder = feeder,
            Branches = [],
            Generators = [],
            WallSeconds = 1.5,
        };
    }

    /// <summary>Volume/capacity of link <paramref name="link"/> (file order) at 17:00: 0.2, 0.4, …, 1.4 cycling, so the
    /// 7th link of every 7 (index 6, 13, …) is the most loaded at 1.4.</summary>
    public static double PeakVolumeCapacity(int link) => 0.2 * (1 + (link % 7));

    /// <summary>40 evaluations: a noisy descent from Case 2's cost to Case 1's, every fifth one infeasible with a large penalty, one with a small one.</summary>
    private static List<OptimizerStep> History(double start, double end)
    {
        var steps = new List<OptimizerStep>();
        var best = double.PositiveInfinity;
        for (var e = 1; e <= 40; e++)
        {
            var feasible = e % 5 != 0 && e != 17;
            var trend = end + ((start - end) * Math.Exp(-e / 10.0));
            var merit = feasible ? trend + (2_500 * Math.Abs(Math.Sin(e * 1.7))) : trend + (e == 17 ? 3_000 : 250_000);
            if (e == 33)
            {
                merit = end;
            }

            best = Math.Min(best, merit);
            steps.Add(new OptimizerStep(e, merit, feasible, best));
        }

        return steps;
    }
}
