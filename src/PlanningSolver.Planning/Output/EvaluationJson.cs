using System.Text.Json;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Output;

/// <summary>The JSON object and the text summary of one evaluation.</summary>
public static class EvaluationJson
{
    public static void Write(Utf8JsonWriter w, StudyCase study, EvaluationResult r)
    {
        w.WriteString("status", r.Status.ToText());
        w.Number(OutputNames.SocialCost, r.SocialCost);
        WriteComponents(w, r.Components);
        w.Number(OutputNames.ChargingRevenue, r.ChargingRevenue);
        w.Number(OutputNames.GridCostIncrease, r.GridCostIncrease);
        w.WriteBoolean("budget_ok", r.BudgetOk);
        w.WriteBoolean("revenue_ok", r.RevenueOk);
        w.WriteBoolean("grid_ok", r.GridOk);
        w.Number(OutputNames.MaxVoltageDeviation, r.MaxVoltageDeviation);
        w.WriteNumber("coupling_iterations", r.CouplingIterations);
        w.Number("coupling_gap", r.CouplingGap);
        WriteCapacities(w, study, r.Plan);
        w.Number("wall_seconds", r.WallSeconds);
        w.WriteString("pricing", r.Pricing.ToText());
        w.Number(OutputNames.CapitalCost, r.CapitalCost);
        w.Number("min_voltage_pu", r.MinVoltagePu);
        w.Number(OutputNames.VoltageDeviationLimit, r.VoltageDeviationLimit);
        w.Number("unserved_kwh", r.UnservedKwh);
        w.Number("peak_substation_kw", r.PeakSubstationKw);
        w.Number("average_station_dlmp_usd_per_mwh", r.AverageStationDlmpPerMwh);
        w.WriteNumber("assignment_iterations", r.AssignmentIterations);
        w.WriteNumber("assignment_shifts", r.AssignmentShifts);
        if (r.GridProblem is not null)
        {
            w.WriteString("grid_problem", r.GridProblem);
        }

        if (r.Message is not null)
        {
            w.WriteString("message", r.Message);
        }
    }

    public static void WriteComponents(Utf8JsonWriter w, CostBreakdown c)
    {
        w.WriteStartObject("components");
        w.Number(OutputNames.TravelTime, c.TravelTime);
        w.Number(OutputNames.ChargingTime, c.ChargingTime);
        w.Number(OutputNames.Fuel, c.Fuel);
        w.Number(OutputNames.Investment, c.Investment);
        w.Number(OutputNames.GridOperation, c.GridOperation);
        w.WriteEndObject();
    }

    public static void WriteCapacities(Utf8JsonWriter w, StudyCase study, ChargingPlan plan)
    {
        w.WriteStartObject(OutputNames.Capacities);
        for (var s = 0; s < study.Stations.Count; s++)
        {
            w.Number(study.Stations[s].Id, plan.PowerKw[s]);
        }

        w.WriteEndObject();
    }

    /// <summary>The printed summary: rounded, thousands separators, no exponent (the JSON and CSV keep full precision).</summary>
    public static void WriteText(TextWriter o, StudyCase study, EvaluationResult r)
    {
        static string M(double usd) => HumanNumber.Format(usd, 0).PadLeft(12);
        o.WriteLine($"{study.Name}: {PlanText.Rounded(study, r.Plan)} ({r.Pricing.ToText()} pricing)");
        o.WriteLine($"  status               {r.Status.ToText()} after {r.CouplingIterations} coupling iterations (relative gap {HumanNumber.Significant(r.CouplingGap)})");
        o.WriteLine($"  travel time          {M(r.Components.TravelTime)} USD/day");
        o.WriteLine($"  charging time        {M(r.Components.ChargingTime)} USD/day");
        o.WriteLine($"  fuel                 {M(r.Components.Fuel)} USD/day");
        o.WriteLine($"  investment           {M(r.Components.Investment)} USD/day");
        o.WriteLine($"  grid operation       {M(r.Components.GridOperation)} USD/day");
        o.WriteLine($"  social cost          {M(r.SocialCost)} USD/day");
        o.WriteLine($"  charging revenue     {M(r.ChargingRevenue)} USD/day (grid cost increase {HumanNumber.Format(r.GridCostIncrease, 0)})");
        o.WriteLine($"  budget               {(r.BudgetOk ? "ok" : "EXCEEDED")} (capital {HumanNumber.Format(r.CapitalCost, 0)} of {HumanNumber.Format(study.Parameters.Budget, 0)} USD)");
        o.WriteLine($"  revenue check        {(r.RevenueOk ? "ok" : "FAILED")}");
        o.WriteLine($"  grid check           {(r.GridOk ? "ok" : "FAILED: " + r.GridProblem)} (min voltage {HumanNumber.Format(r.MinVoltagePu, 4)} p.u., peak {HumanNumber.Format(r.PeakSubstationKw, 0)} kW)");
        o.WriteLine($"  wall time            {HumanNumber.Format(r.WallSeconds, 2)} s");
    }
}
