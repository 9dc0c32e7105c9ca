using PlanningSolver.Core;
using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Output;

/// <summary>
/// The CSV tables of one evaluation, written to a <see cref="TextWriter"/> (the caller chooses the file and writes it
/// atomically). Column order is fixed; numbers are invariant round-trip text, so regenerated tables diff cleanly.
/// </summary>
public static class EvaluationTables
{
    public static void CostBreakdown(TextWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvText(writer, "component", "usd_per_day", "in_social_cost");
        var c = result.Components;
        foreach (var (name, value, counted) in new[]
        {
            ("travel_time", c.TravelTime, true),
            ("charging_time", c.ChargingTime, true),
            ("fuel", c.Fuel, true),
            ("investment", c.Investment, true),
            ("grid_operation", c.GridOperation, true),
            ("social_cost", c.Total, false),
            ("charging_revenue", result.ChargingRevenue, false),
            ("grid_cost_increase", result.GridCostIncrease, false),
        })
        {
            csv.Field(name).Field(value).Field(counted);
            csv.EndRow();
        }
    }

    public static void StationsHourly(TextWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvText(writer, "hour", "station", "flow", "load_kw", "price", "time_at_station");
        foreach (var s in result.Stations)
        {
            csv.Field(s.Hour).Field(s.Station).Field(s.Flow).Field(s.LoadKw).Field(s.PricePerKwh).Field(s.TimeAtStationH);
            csv.EndRow();
        }
    }

    public static void BusesHourly(TextWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvText(writer, "hour", "bus", "v_pu", "dlmp");
        foreach (var b in result.Buses)
        {
            csv.Field(b.Hour).Field(b.Bus).Field(b.VPu).Field(b.DlmpPerKwh);
            csv.EndRow();
        }
    }

    public static void LinksHourly(TextWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvText(writer, "hour", "link", "icev_flow", "ev_flow", "time");
        foreach (var l in result.Links)
        {
            csv.Field(l.Hour).Field(l.Link).Field(l.IcevFlow).Field(l.EvFlow).Field(l.TimeMin);
            csv.EndRow();
        }
    }

    public static void FeederHourly(TextWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvText(writer, "hour", "opf_status", "substation_kw", "losses_kw", "ev_load_kw", "vmin_pu", "vmin_bus", "unserved_kw",
            "grid_cost", "max_relaxation_gap", "assignment_iterations", "assignment_gap");
        foreach (var f in result.Feeder)
        {
            csv.Field(f.Hour).Field(f.Status.ToText()).Field(f.SubstationKw).Field(f.LossesKw).Field(f.EvLoadKw).Field(f.VMinPu).Field(f.VMinBus)
                .Field(f.UnservedKw).Field(f.GridCostPerHour).Field(f.MaxRelaxationGap).Field(f.AssignmentIterations).Field(f.AssignmentGap);
            csv.EndRow();
        }
    }

    /// <summary>The coupling iterations (no timings, so the file is identical across runs).</summary>
    public static void CouplingLog(TextWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvText(writer, "iteration", "residual", "step", "grid_cost");
        foreach (var r in result.Log.Records)
        {
            csv.Field(r.Iteration).Field(r.Measure).Field(r.Step).Field(r.Objective);
            csv.EndRow();
        }
    }
}
