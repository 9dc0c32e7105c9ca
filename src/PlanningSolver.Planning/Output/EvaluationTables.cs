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
        var csv = new CsvText(writer, "hour", "station", "flow_ev_per_h", "load_kw", "load_kvar", "price_usd_per_kwh", "energy_price_usd_per_kwh",
            "reactive_price_usd_per_kwh", "fee_usd_per_kwh", "time_at_station_h");
        foreach (var s in result.Stations)
        {
            csv.Field(s.Hour).Field(s.Station).Field(s.Flow).Field(s.LoadKw).Field(s.LoadKvar).Field(s.PricePerKwh).Field(s.EnergyPricePerKwh)
                .Field(s.ReactivePricePerKwh).Field(s.FeePerKwh).Field(s.TimeAtStationH);
            csv.EndRow();
        }
    }

    public static void BusesHourly(TextWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        // DLMPs in USD/MWh and USD/Mvarh, as opf's buses.csv and the JSON write them (docs/outputs.md, naming rule).
        var csv = new CsvText(writer, "hour", "feeder", "bus", "v_pu", "dlmp_p_usd_per_mwh", "dlmp_q_usd_per_mvarh");
        foreach (var b in result.Buses)
        {
            csv.Field(b.Hour).Field(b.Feeder).Field(b.Bus).Field(b.VPu).Field(b.DlmpPPerKwh * 1000).Field(b.DlmpQPerKvarh * 1000);
            csv.EndRow();
        }
    }

    public static void LinksHourly(TextWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvText(writer, "hour", "link", "icev_flow_veh_per_h", "ev_flow_veh_per_h", "charging_before_flow_veh_per_h",
            "charging_after_flow_veh_per_h", "time_min");
        foreach (var l in result.Links)
        {
            csv.Field(l.Hour).Field(l.Link).Field(l.IcevFlow).Field(l.EvFlow).Field(l.ChargingBeforeFlow).Field(l.ChargingAfterFlow).Field(l.TimeMin);
            csv.EndRow();
        }
    }

    /// <summary>Feeder totals per hour and feeder, then each generator's P and Q (columns <c>GEN_p_kw</c>, <c>GEN_q_kvar</c>;
    /// NaN on the rows of the other feeders).</summary>
    public static void FeederHourly(TextWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var generators = result.Generators.Select(g => g.Generator).Distinct().ToList();
        var header = new List<string>
        {
            "hour", "feeder", "status", "import_kw", "import_kvar", "losses_kw", "ev_load_kw", "vmin_pu", "vmin_bus", "unserved_kw", "grid_cost_usd",
            "max_relaxation_gap_pu2", "binding_limits", "coupling_gap", "grid_gap_usd", "coupling_iterations", "assignment_iterations", "assignment_shifts",
            "assignment_gap", "charging_class_gap",
        };
        header.AddRange(generators.SelectMany(g => new[] { $"{g}_p_kw", $"{g}_q_kvar" }));
        var csv = new CsvText(writer, [.. header]);
        var byHour = result.Generators.ToLookup(g => g.Hour);
        foreach (var f in result.Feeder)
        {
            csv.Field(f.Hour).Field(f.Feeder).Field(f.Status.ToText()).Field(f.SubstationKw).Field(f.ImportKvar).Field(f.LossesKw).Field(f.EvLoadKw).Field(f.VMinPu)
                .Field(f.VMinBus).Field(f.UnservedKw).Field(f.GridCostPerHour).Field(f.MaxRelaxationGap).Field(f.BindingLimits).Field(f.CouplingGap)
                .Field(f.GridGapUsd).Field(f.CouplingIterations).Field(f.AssignmentIterations).Field(f.AssignmentShifts).Field(f.AssignmentGap).Field(f.ChargingClassGap);
            var hour = byHour[f.Hour].Where(g => g.Feeder == f.Feeder).ToDictionary(g => g.Generator);
            foreach (var g in generators)
            {
                var row = hour.GetValueOrDefault(g);
                csv.Field(row?.PKw ?? double.NaN).Field(row?.QKvar ?? double.NaN);
            }

            csv.EndRow();
        }
    }

    public static void BranchesHourly(TextWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvText(writer, "hour", "feeder", "from_bus", "to_bus", "p_kw", "q_kvar", "current_a", "limit_a", "loading", "binding");
        foreach (var b in result.Branches)
        {
            csv.Field(b.Hour).Field(b.Feeder).Field(b.From).Field(b.To).Field(b.PKw).Field(b.QKvar).Field(b.CurrentA).Field(b.LimitA).Field(b.Loading).Field(b.Binding);
            csv.EndRow();
        }
    }

    /// <summary>Every hour's coupling iterations (no timings, so the file is identical across runs): the certificate on
    /// F_t, its grid part, and each assignment class's own relative gap (columns <c>gap_CLASS</c>).</summary>
    public static void CouplingLog(TextWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var classNames = result.AssignmentClasses;
        var header = new List<string> { "hour", "iteration", "step", "coupling_gap", "grid_gap_usd", "assignment_iterations", "assignment_shifts" };
        header.AddRange(classNames.Select(c => $"gap_{c}"));
        var csv = new CsvText(writer, [.. header]);
        foreach (var row in result.Log)
        {
            var r = row.Iteration;
            csv.Field(row.Hour).Field(r.Iteration).Field(r.Step).Field(r.RelativeGap).Field(r.GridGapUsd).Field(r.AssignmentIterations).Field(r.AssignmentShifts);
            foreach (var gap in r.ClassGaps)
            {
                csv.Field(gap);
            }

            csv.EndRow();
        }
    }
}
