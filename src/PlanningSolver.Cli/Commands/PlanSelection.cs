using System.CommandLine;
using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Output;
using PlanningSolver.Planning.Settings;

namespace PlanningSolver.Cli.Commands;

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
        Description = "Every station at the same power per unit; without a value, Case 2: the case's uniform_kw, or where it sets none the average of the allowed levels above 0.",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "KW",
    };

    public void AddTo(Command command)
    {
        command.Add(Capacities);
        command.Add(Uniform);
    }

    /// <summary>The plan as given, for run.json: "capacities S1=…", "uniform KW" or "uniform".</summary>
    public string Describe(ParseResult parse) =>
        parse.GetValue(Capacities) is { } text ? "capacities " + text
        : parse.GetValue(Uniform) is { } kw ? "uniform " + Invariant.Format(kw)
        : "uniform";

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

    /// <summary>--uniform KW must be an allowed level at every station (as --capacities must); no value means Case 2 (ChargingPlan.Uniform).</summary>
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
