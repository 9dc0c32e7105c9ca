using System.Text.Json;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Optimization;
using PlanningSolver.Planning.Reports;
using PlanningSolver.Planning.Reports.Plots;
using PlanningSolver.Planning.Settings;

namespace PlanningSolver.Planning.Output;

/// <summary>
/// The files of a plan run, each written atomically: summary.json, stations.csv, the best plan's hourly tables, the
/// PNG plots, report.md and a self-contained report.html.
/// </summary>
public static class PlanFiles
{
    public const string SummaryFile = "summary.json";

    public const string StationsFile = "stations.csv";

    /// <summary>Every file a plan run writes into its folder (besides run.json).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        EvaluationsTable.FileName, SummaryFile, StationsFile, .. EvaluationFiles.HourlyNames,
        .. PlanPlots.FileNames, PlanReport.MarkdownFile, PlanReport.HtmlFile,
    ];

    public static void Write(string folder, StudyCase study, RunSettings settings, PlanRun run)
    {
        EvaluationFiles.WriteHourly(folder, run.Best);
        AtomicFile.Write(Path.Combine(folder, StationsFile), w => Stations(w, study, run));
        var input = new PlanReportInput(study, run.Best, run.Uniform, History(run.Evaluations), settings.Search.Seed, run.WallSeconds, run.EqualPower);
        var plots = PlanPlots.Render(input);
        foreach (var (name, png) in plots)
        {
            AtomicFile.WriteBytes(Path.Combine(folder, name), stream => stream.Write(png));
        }

        AtomicFile.WriteAllText(Path.Combine(folder, PlanReport.MarkdownFile), PlanReport.Markdown(input, plots.Select(p => p.Name).ToList()));
        AtomicFile.WriteAllText(Path.Combine(folder, PlanReport.HtmlFile), PlanReport.Html(input, plots));
        AtomicFile.WriteAllText(Path.Combine(folder, SummaryFile), JsonOutput.Build(w => Summary(w, study, settings, run)));
    }

    private static List<OptimizerStep> History(IReadOnlyList<PlanEvaluation> evaluations)
    {
        // Best so far as the report chooses it: among feasible plans, or among all while none is feasible.
        var steps = new List<OptimizerStep>();
        double bestFeasible = double.PositiveInfinity, bestAny = double.PositiveInfinity;
        foreach (var e in evaluations.OrderBy(e => e.Order))
        {
            bestAny = Math.Min(bestAny, e.Merit);
            bestFeasible = e.Feasible ? Math.Min(bestFeasible, e.Merit) : bestFeasible;
            steps.Add(new OptimizerStep(e.Order + 1, e.Merit, e.Feasible, double.IsFinite(bestFeasible) ? bestFeasible : bestAny));
        }

        return steps;
    }

    private static void Summary(Utf8JsonWriter w, StudyCase study, RunSettings settings, PlanRun run)
    {
        w.WriteString("case", study.Name);
        w.WriteNumber("seed", settings.Search.Seed);
        w.WriteNumber("evaluations", run.Evaluations.Count);
        Case(w, "best", study, run.Best);
        Case(w, "uniform", study, run.Uniform);
        if (run.EqualPower is { } equalPower)
        {
            Case(w, "equal_power", study, equalPower);
        }

        var comparison = run.Comparison;
        w.Number("saving_usd_per_day", run.Saving);
        w.Number("plan_dependent_uniform_usd_per_day", PlanComparison.PlanDependent(run.Uniform));
        w.Number("saving_share_of_plan_dependent", comparison.SavingShareOfPlanDependent);
        w.Number("saving_how_much_usd_per_day", comparison.HowMuch);
        w.Number("saving_where_usd_per_day", comparison.Where);
        w.Number("wall_seconds", run.WallSeconds);
        w.WriteString("status", run.Status.ToText());
        w.WriteString("strategy", run.Strategy);
        w.WriteString("pricing", settings.Coupling.Pricing.ToText());
        w.WriteNumber("new_evaluations", run.EvaluatorCalls);
        if (run.FeasiblePlans is { } feasible)
        {
            w.WriteNumber("feasible_plans", feasible);
        }
    }

    private static void Case(Utf8JsonWriter w, string name, StudyCase study, EvaluationResult r)
    {
        w.WriteStartObject(name);
        EvaluationJson.WriteCapacities(w, study, r.Plan);
        w.Number("installed_kw", r.Plan.InstalledKw(study));
        w.WriteStartArray("unused_stations");
        foreach (var id in StationUse.Unused(study, r))
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
        w.Number(OutputNames.SocialCost, r.SocialCost);
        EvaluationJson.WriteComponents(w, r.Components);
        w.WriteBoolean("budget_ok", r.BudgetOk);
        w.WriteBoolean("revenue_ok", r.RevenueOk);
        w.WriteBoolean("grid_ok", r.GridOk);
        w.WriteString("status", r.Status.ToText());
        w.Number(OutputNames.CapitalCost, r.CapitalCost);
        w.Number(OutputNames.ChargingRevenue, r.ChargingRevenue);
        w.Number(OutputNames.GridCostIncrease, r.GridCostIncrease);
        w.Number("min_voltage_pu", r.MinVoltagePu);
        w.Number("peak_substation_kw", r.PeakSubstationKw);
        w.Number("average_station_dlmp_usd_per_mwh", r.AverageStationDlmpPerMwh);
        w.WriteNumber("coupling_iterations", r.CouplingIterations);
        w.Number("coupling_gap", r.CouplingGap);
        w.WriteEndObject();
    }

    private static void Stations(TextWriter writer, StudyCase study, PlanRun run)
    {
        var csv = new CsvText(writer, "station", "node", "bus", "units", "kw_case1", "kw_case2", "energy_kwh_case1", "energy_kwh_case2",
            "peak_load_kw_case1", "peak_load_kw_case2", "average_price_usd_per_kwh_case1", "average_price_usd_per_kwh_case2");
        for (var s = 0; s < study.Stations.Count; s++)
        {
            var station = study.Stations[s];
            var best = run.Best.Stations.Where(h => h.Station == station.Id).ToList();
            var uniform = run.Uniform.Stations.Where(h => h.Station == station.Id).ToList();
            csv.Field(station.Id).Field(station.Node).Field(station.Bus).Field(station.Units)
                .Field(run.Best.Plan.PowerKw[s]).Field(run.Uniform.Plan.PowerKw[s])
                .Field(best.Sum(h => h.LoadKw)).Field(uniform.Sum(h => h.LoadKw))
                .Field(best.Max(h => h.LoadKw)).Field(uniform.Max(h => h.LoadKw))
                .Field(best.Average(h => h.PricePerKwh)).Field(uniform.Average(h => h.PricePerKwh));
            csv.EndRow();
        }
    }

    /// <summary>The printed summary (rounded); its last line is the path of report.html.</summary>
    public static void WriteText(TextWriter o, StudyCase study, PlanRun run, string folder)
    {
        static string M(double usd) => HumanNumber.Format(usd, 0).PadLeft(12);
        o.WriteLine($"{study.Name}: {run.Strategy} search, {run.Evaluations.Count} evaluations ({run.EvaluatorCalls} new), status {run.Status.ToText()}");
        o.WriteLine($"  {"",-20} {"Case 1 (optimized)",18} {"Case 2 (uniform)",18}");
        void Row(string name, double a, double b) => o.WriteLine($"  {name,-20} {M(a),18} {M(b),18}");
        Row("travel time", run.Best.Components.TravelTime, run.Uniform.Components.TravelTime);
        Row("charging time", run.Best.Components.ChargingTime, run.Uniform.Components.ChargingTime);
        Row("fuel", run.Best.Components.Fuel, run.Uniform.Components.Fuel);
        Row("investment", run.Best.Components.Investment, run.Uniform.Components.Investment);
        Row("grid operation", run.Best.Components.GridOperation, run.Uniform.Components.GridOperation);
        Row("social cost", run.Best.SocialCost, run.Uniform.SocialCost);
        var comparison = run.Comparison;
        var share = comparison.SavingShareOfPlanDependent;
        o.WriteLine($"  saving               {HumanNumber.Format(run.Saving, 0)} USD/day" +
            (double.IsFinite(share) ? $" ({HumanNumber.Format(100 * share, 1)} % of Case 2's charging time + investment + grid operation)" : string.Empty));
        if (run.EqualPower is { } equalPower)
        {
            o.WriteLine($"  Case 2' (same kW)    uniform {HumanNumber.Short(equalPower.Plan.PowerKw[0])} kW, social cost {HumanNumber.Format(equalPower.SocialCost, 0)} USD/day: " +
                $"how much {HumanNumber.Format(comparison.HowMuch, 0)}, where {HumanNumber.Format(comparison.Where, 0)} USD/day");
        }

        o.WriteLine($"  Case 1 plan          {PlanText.Rounded(study, run.Best.Plan)}");
        var unused = StationUse.Unused(study, run.Best);
        o.WriteLine($"  unused stations      {(unused.Count == 0 ? "none" : string.Join(", ", unused) + " (built, no charging all day)")}");
        o.WriteLine($"  constraints          budget {Ok(run.Best.BudgetOk)}, revenue {Ok(run.Best.RevenueOk)}, grid {Ok(run.Best.GridOk)}");
        o.WriteLine($"  results              {folder}");
        o.WriteLine($"  report               {ReportPath(folder)}");

        static string Ok(bool ok) => ok ? "ok" : "FAILED";
    }

    /// <summary>The full path of the run's report.html.</summary>
    public static string ReportPath(string folder) => Path.GetFullPath(Path.Combine(folder, PlanReport.HtmlFile));
}
