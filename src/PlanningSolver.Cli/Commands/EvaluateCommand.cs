using System.CommandLine;
using System.Text.Json;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Reports;

namespace PlanningSolver.Cli.Commands;

/// <summary><c>evaluate [CASE] (--capacities … | --uniform [KW])</c>: one coupled lower-level evaluation of a plan.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliApp.CommandRunner runner)
    {
        var caseArgument = ValidateCommand.CaseArgument();
        var planOptions = new PlanSelection();
        var shared = new EvaluationOptions();
        var command = new Command("evaluate", "Evaluate one plan: 24 hourly traffic assignments and OPFs coupled through charging prices; social cost and checks.")
        {
            caseArgument,
        };
        planOptions.AddTo(command);
        shared.AddTo(command);
        runner.Attach(command, (parse, session) =>
        {
            var study = shared.LoadCase(parse, parse.GetValue(caseArgument));
            var plan = planOptions.Plan(parse, study);
            var evaluator = new CoupledEvaluator(study, shared.Coupling(parse));
            session.Log.Information("Evaluating {Plan} on {Case} ({Pricing} pricing)", plan.Format(study), study.Name, evaluator.Options.Pricing.ToText());
            var result = evaluator.Evaluate(plan, session.Cancellation);
            if (parse.GetValue(shared.Out) is { } folder)
            {
                EvaluationFiles.Write(folder.FullName, study, result);
                session.Log.Information("Wrote results to {Folder}", folder.FullName);
            }

            if (parse.GetValue(shared.Json))
            {
                session.Out.Write(JsonOutput.Build(w => EvaluationJson.Write(w, study, result)));
            }
            else
            {
                EvaluationJson.WriteText(session.Out, study, result);
            }

            if (result.Status is not SolveStatus.Converged && result.Message is { } message)
            {
                session.Error.WriteLine($"error: {message}");
            }

            return result.Status is SolveStatus.Converged ? ExitCodes.Success : ExitCodes.SolverFailure;
        });
        return command;
    }
}

/// <summary>The plan options shared by evaluate, v2g and sweep: <c>--capacities S1=KW,…</c> or <c>--uniform [KW]</c>.</summary>
internal sealed class PlanSelection
{
    public Option<string?> Capacities { get; } = new("--capacities")
    {
        Description = "Power per unit at every station, e.g. S1=350,S2=120,… (each an allowed level).",
        HelpName = "S1=KW,…",
    };

    public Option<double?> Uniform { get; } = new("--uniform")
    {
        Description = "Every station at the same power per unit; without a value, the average of the allowed levels (Case 2).",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "KW",
    };

    public void AddTo(Command command)
    {
        command.Add(Capacities);
        command.Add(Uniform);
    }

    /// <summary>The plan the options give; with <paramref name="defaultUniform"/>, no option means the uniform plan.</summary>
    public ChargingPlan Plan(ParseResult parse, StudyCase study, bool defaultUniform = false)
    {
        var hasUniform = parse.GetResult(Uniform) is not null;
        var text = parse.GetValue(Capacities);
        return (text, hasUniform) switch
        {
            (not null, true) => throw new UsageError("give either --capacities or --uniform, not both"),
            (not null, false) => ChargingPlan.Parse(study, text),
            (null, true) => UniformPlan(study, parse.GetValue(Uniform)),
            (null, false) when defaultUniform => ChargingPlan.Uniform(study),
            _ => throw new UsageError("give the plan: --capacities S1=KW,… or --uniform [KW]"),
        };
    }

    /// <summary>--uniform KW must be an allowed level at every station (as --capacities must); no value means Case 2's average.</summary>
    private static ChargingPlan UniformPlan(StudyCase study, double? kw)
    {
        var plan = ChargingPlan.Uniform(study, kw);
        if (kw is { } value && study.Stations.FirstOrDefault(s => !s.LevelsKw.Contains(value)) is { } station)
        {
            throw new UsageError(
                $"--uniform {Invariant.Format(value)}: not an allowed level at station {station.Id} (allowed: {string.Join(";", station.LevelsKw.Select(l => Invariant.Format(l)))} kW)");
        }

        return plan;
    }
}
/// <summary>Options shared by the commands that evaluate plans (evaluate, plan, sweep).</summary>
internal sealed class EvaluationOptions
{
    public Option<string> Pricing { get; } = new("--pricing")
    {
        Description = "Charging prices: dlmp (nodal prices fed back until they settle) or tou (fixed tariff).",
        DefaultValueFactory = _ => "dlmp",
        HelpName = "dlmp|tou",
    };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override a case parameter, e.g. --set ev_share=0.5 --set demand_scale=1.1 (see docs/case-format.md).",
        AllowMultipleArgumentsPerToken = false,
        HelpName = "NAME=VALUE",
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "Threads (0 = all cores). Results do not depend on it.",
        DefaultValueFactory = _ => 0,
    };

    public Option<DirectoryInfo?> Out { get; } = new("--out") { Description = "Write the result files into this folder.", HelpName = "DIR" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as one JSON object." };

    public void AddTo(Command command)
    {
        command.Add(Pricing);
        command.Add(Set);
        command.Add(Threads);
        command.Add(Out);
        command.Add(Json);
    }

    public StudyCase LoadCase(ParseResult parse, string? caseArgument)
    {
        var study = CaseLoader.Load(caseArgument);
        return CaseOverrides.Apply(study, parse.GetValue(Set) ?? []);
    }

    public CouplingOptions Coupling(ParseResult parse)
    {
        if (!PricingModeText.TryParse(parse.GetValue(Pricing), out var pricing))
        {
            throw new UsageError($"--pricing must be dlmp or tou, got '{parse.GetValue(Pricing)}'");
        }

        var threads = parse.GetValue(Threads);
        return threads < 0 ? throw new UsageError("--threads must be >= 0") : new CouplingOptions(pricing, Threads: threads);
    }
}

/// <summary>The JSON object and the text summary of one evaluation.</summary>
internal static class EvaluationJson
{
    public static void Write(Utf8JsonWriter w, StudyCase study, EvaluationResult r)
    {
        w.WriteString("status", r.Status.ToText());
        w.Number("social_cost", r.SocialCost);
        WriteComponents(w, r.Components);
        w.Number("charging_revenue", r.ChargingRevenue);
        w.Number("grid_cost_increase", r.GridCostIncrease);
        w.WriteBoolean("budget_ok", r.BudgetOk);
        w.WriteBoolean("revenue_ok", r.RevenueOk);
        w.WriteBoolean("grid_ok", r.GridOk);
        w.Number("max_voltage_deviation", r.MaxVoltageDeviation);
        w.WriteNumber("coupling_iterations", r.CouplingIterations);
        w.Number("coupling_residual", r.CouplingResidual);
        WriteCapacities(w, study, r.Plan);
        w.Number("wall_seconds", r.WallSeconds);
        w.WriteString("pricing", r.Pricing.ToText());
        w.Number("capital_cost", r.CapitalCost);
        w.Number("min_voltage_pu", r.MinVoltagePu);
        w.Number("voltage_deviation_limit", r.VoltageDeviationLimit);
        w.Number("unserved_kwh", r.UnservedKwh);
        w.Number("peak_substation_kw", r.PeakSubstationKw);
        w.Number("average_station_dlmp", r.AverageStationDlmp);
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
        w.Number("travel_time", c.TravelTime);
        w.Number("charging_time", c.ChargingTime);
        w.Number("fuel", c.Fuel);
        w.Number("investment", c.Investment);
        w.Number("grid_operation", c.GridOperation);
        w.WriteEndObject();
    }

    public static void WriteCapacities(Utf8JsonWriter w, StudyCase study, ChargingPlan plan)
    {
        w.WriteStartObject("capacities_kw");
        for (var s = 0; s < study.Stations.Count; s++)
        {
            w.Number(study.Stations[s].Id, plan.PowerKw[s]);
        }

        w.WriteEndObject();
    }

    public static void WriteText(TextWriter o, StudyCase study, EvaluationResult r)
    {
        string M(double usd) => Invariant.Format(usd, 0).PadLeft(12);
        o.WriteLine($"{study.Name}: {r.Plan.Format(study)} ({r.Pricing.ToText()} pricing)");
        o.WriteLine($"  status               {r.Status.ToText()} after {r.CouplingIterations} coupling iterations (residual {(double.IsFinite(r.CouplingResidual) ? Invariant.Format(r.CouplingResidual) : "n/a")})");
        o.WriteLine($"  travel time          {M(r.Components.TravelTime)} USD/day");
        o.WriteLine($"  charging time        {M(r.Components.ChargingTime)} USD/day");
        o.WriteLine($"  fuel                 {M(r.Components.Fuel)} USD/day");
        o.WriteLine($"  investment           {M(r.Components.Investment)} USD/day");
        o.WriteLine($"  grid operation       {M(r.Components.GridOperation)} USD/day");
        o.WriteLine($"  social cost          {M(r.SocialCost)} USD/day");
        o.WriteLine($"  charging revenue     {M(r.ChargingRevenue)} USD/day (grid cost increase {Invariant.Format(r.GridCostIncrease, 0)})");
        o.WriteLine($"  budget               {(r.BudgetOk ? "ok" : "EXCEEDED")} (capital {Invariant.Format(r.CapitalCost, 0)} of {Invariant.Format(study.Parameters.Budget, 0)} USD)");
        o.WriteLine($"  revenue check        {(r.RevenueOk ? "ok" : "FAILED")}");
        o.WriteLine($"  grid check           {(r.GridOk ? "ok" : "FAILED: " + r.GridProblem)} (min voltage {Invariant.Format(r.MinVoltagePu, 4)} p.u., peak {Invariant.Format(r.PeakSubstationKw, 0)} kW)");
        o.WriteLine($"  wall time            {Invariant.Format(r.WallSeconds, 2)} s");
    }
}

/// <summary>The files of <c>evaluate --out</c>, each written atomically.</summary>
internal static class EvaluationFiles
{
    public static void Write(string folder, StudyCase study, EvaluationResult result)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.Write(Path.Combine(folder, "cost_breakdown.csv"), w => EvaluationTables.CostBreakdown(w, result));
        WriteHourly(folder, result);
        AtomicFile.WriteAllText(Path.Combine(folder, "summary.json"), JsonOutput.Build(w => EvaluationJson.Write(w, study, result)));
    }

    public static void WriteHourly(string folder, EvaluationResult result)
    {
        AtomicFile.Write(Path.Combine(folder, "stations_hourly.csv"), w => EvaluationTables.StationsHourly(w, result));
        AtomicFile.Write(Path.Combine(folder, "buses_hourly.csv"), w => EvaluationTables.BusesHourly(w, result));
        AtomicFile.Write(Path.Combine(folder, "links_hourly.csv"), w => EvaluationTables.LinksHourly(w, result));
        AtomicFile.Write(Path.Combine(folder, "feeder_hourly.csv"), w => EvaluationTables.FeederHourly(w, result));
        AtomicFile.Write(Path.Combine(folder, "coupling_log.csv"), w => EvaluationTables.CouplingLog(w, result));
    }
}
