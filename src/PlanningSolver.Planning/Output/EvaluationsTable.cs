using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Optimization;

namespace PlanningSolver.Planning.Output;

/// <summary>
/// evaluations.csv: every plan the optimizer evaluated, one row each in proposal order, with its inputs (kW per station)
/// and outputs (status, cost components, constraint values, penalty, merit, time). Numbers are round-trip text, so a
/// resumed run reads back exactly the values it wrote and continues the same search.
/// </summary>
public static class EvaluationsTable
{
    public const string FileName = "evaluations.csv";

    private static readonly string[] Outcome =
    [
        "status", OutputNames.SocialCost, .. OutputNames.Components, OutputNames.ChargingRevenue, OutputNames.GridCostIncrease,
        OutputNames.CapitalCost, "budget_ok", "revenue_ok", "grid_ok", "unserved_kwh", "min_voltage_pu", "coupling_iterations",
        "coupling_gap", OutputNames.Penalty, OutputNames.Merit, "feasible", "wall_seconds",
    ];

    public static string[] Header(StudyCase study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return ["order", "batch", "kind", .. study.Stations.Select(s => "kw_" + s.Id), .. Outcome];
    }

    /// <summary>Writes the table to <paramref name="path"/> atomically (rewritten after every evaluation of a plan run).</summary>
    public static void WriteFile(string path, StudyCase study, IEnumerable<PlanEvaluation> rows) =>
        AtomicFile.Write(path, w => Write(w, study, rows));

    public static void Write(TextWriter writer, StudyCase study, IEnumerable<PlanEvaluation> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new CsvText(writer, Header(study));
        foreach (var e in rows.OrderBy(r => r.Order))
        {
            csv.Field(e.Order).Field(e.Batch).Field(e.Kind);
            foreach (var kw in e.PowerKw)
            {
                csv.Field(kw);
            }

            var c = e.Components;
            csv.Field(e.Status.ToText()).Field(e.SocialCost).Field(c.TravelTime).Field(c.ChargingTime).Field(c.Fuel).Field(c.Investment)
                .Field(c.GridOperation).Field(e.ChargingRevenue).Field(e.GridCostIncrease).Field(e.CapitalCost).Field(e.BudgetOk)
                .Field(e.RevenueOk).Field(e.GridOk).Field(e.UnservedKwh).Field(e.MinVoltagePu).Field(e.CouplingIterations)
                .Field(e.CouplingGap).Field(e.Penalty).Field(e.Merit).Field(e.Feasible).Field(e.WallSeconds);
            csv.EndRow();
        }
    }

    /// <summary>Reads an evaluations.csv written for the same case (same stations); errors name the file, line and column.</summary>
    public static List<PlanEvaluation> Read(string path, StudyCase study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (!File.Exists(path))
        {
            return [];
        }

        OutputNames.RefuseOldNames(path, "choose another --out (or --force to start over), or rename its columns as docs/outputs.md lists them");
        CsvTable table;
        using (var stream = File.OpenRead(path))
        {
            table = CsvTable.Read(stream, path, Header(study));
        }

        var rows = new List<PlanEvaluation>();
        foreach (var r in table.Rows)
        {
            var power = study.Stations.Select(s => r.Number("kw_" + s.Id, 0)).ToArray();
            SolveStatus status;
            try
            {
                status = SolveStatusText.Parse(r.Text("status"));
            }
            catch (FormatException e)
            {
                throw r.Error("status", e.Message);
            }

            rows.Add(new PlanEvaluation(
                r.Integer("order", 0), r.Integer("batch", 0), r.Text("kind"), power, status,
                new CostBreakdown(r.Number(OutputNames.TravelTime), r.Number(OutputNames.ChargingTime), r.Number(OutputNames.Fuel),
                    r.Number(OutputNames.Investment), r.Number(OutputNames.GridOperation)),
                r.Number(OutputNames.ChargingRevenue), r.Number(OutputNames.GridCostIncrease), r.Number(OutputNames.CapitalCost), Bool(r, "budget_ok"),
                Bool(r, "revenue_ok"), Bool(r, "grid_ok"), r.Number("unserved_kwh"), r.Number("min_voltage_pu"),
                r.Integer("coupling_iterations", 0), r.Number("coupling_gap"), r.Number(OutputNames.Penalty, 0), r.Number("wall_seconds", 0)));
        }

        var duplicate = rows.GroupBy(e => string.Join(",", e.PowerKw.Select(kw => Invariant.Format(kw)))).FirstOrDefault(g => g.Count() > 1);
        return duplicate is not null
            ? throw new InputError(path, null, "kw_" + study.Stations[0].Id, $"plan {duplicate.Key} is recorded twice")
            : rows;
    }

    private static bool Bool(CsvTableRow row, string column) => row.Text(column) switch
    {
        "true" => true,
        "false" => false,
        var other => throw row.Error(column, $"'{other}' is not true or false"),
    };
}
