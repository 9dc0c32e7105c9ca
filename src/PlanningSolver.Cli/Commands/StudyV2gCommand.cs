using System.CommandLine;
using PlanningSolver.Core;
using PlanningSolver.Planning.Output;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Reports;
using PlanningSolver.Planning.Settings;
using PlanningSolver.Planning.Studies;

namespace PlanningSolver.Cli.Commands;

/// <summary>
/// <c>v2g [CASE] (--capacities … | --uniform [KW]) [--discharge-limit-kw KW]</c>: evaluate the plan, then solve the
/// 24-hour feeder without and with V2G at every station (one storage-coupled OPF each) and compare.
/// </summary>
internal static class StudyV2gCommand
{
    public static Command Create(CliApp.CommandRunner runner)
    {
        var caseArgument = ValidateCommand.CaseArgument();
        var planOptions = new PlanSelection();
        var dischargeLimit = new Option<double?>("--discharge-limit-kw")
        {
            Description = "V2G discharge limit per charging unit (kW); default 50 % of the installed power m_s·P_s.",
            HelpName = "KW",
        };
        var shared = new EvaluationOptions();
        var command = new Command("v2g", "V2G study: the plan's 24-hour feeder without and with V2G discharge at the stations (daily energy balance); peak load, grid and social cost.")
        {
            caseArgument, dischargeLimit,
        };
        planOptions.AddTo(command);
        shared.AddTo(command);
        command.Add(shared.Force);
        runner.Attach(command, (parse, session) =>
        {
            var caseName = CaseIdentity.Of(parse.GetValue(caseArgument));
            var study = shared.LoadCase(parse, parse.GetValue(caseArgument));
            var plan = planOptions.Plan(parse, study);
            var limit = parse.GetValue(dischargeLimit);
            if (limit is { } kw && !(kw >= 0 && double.IsFinite(kw)))
            {
                throw new UsageError("--discharge-limit-kw must be a finite number >= 0");
            }

            var settings = shared.Settings.Parse(parse, RunSettings.Defaults);
            var threads = shared.ThreadCount(parse);

            // The output folder is checked, locked and fingerprinted before anything is solved, as evaluate's.
            var options = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["plan"] = plan.Format(study),
                ["discharge_limit_kw_per_unit"] = limit is { } perUnit ? Invariant.Format(perUnit) : "default",
            };
            using var folder = parse.GetValue(shared.Out) is { } given
                ? RunFolder.Open(given.FullName, RunRecord.Create("v2g", CliApp.Version, caseName, parse.GetValue(shared.Set) ?? [], study, settings, options),
                    shared.FolderUse(parse), CaseIdentity.Inputs(caseName, study), V2gFiles.Names)
                : null;
            var outFolder = folder?.Path;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var coupling = settings.Coupling with { Threads = threads };
            var networks = new CaseNetworks(study);
            var evaluator = new CoupledEvaluator(networks, coupling);
            session.Log.Information("Evaluating {Plan} on {Case} ({Pricing} pricing)", PlanText.Rounded(study, plan), study.Name, coupling.Pricing.ToText());
            var evaluation = evaluator.Evaluate(plan, session.Cancellation);
            session.Log.Information("Solving the storage-coupled 24-hour OPF without and with V2G");
            var result = V2gStudy.Run(networks, plan, evaluation, new V2gOptions(DischargeLimitKwPerUnit: limit, UnservedPenaltyPerKwh: coupling.UnservedPenaltyPerKwh), session.Cancellation);
            var wall = clock.Elapsed.TotalSeconds;
            if (outFolder is not null)
            {
                V2gFiles.Write(outFolder, result);
                session.Log.Information("Wrote {Csv} and {Png} to {Folder}", V2gFiles.HourlyFile, StudyPlots.FeederLoadFile, outFolder);
            }

            var status = evaluation.Status != SolveStatus.Converged ? evaluation.Status : result.Status;
            if (parse.GetValue(shared.Json))
            {
                session.Out.Write(JsonOutput.Build(w =>
                {
                    w.WriteString("status", status.ToText());
                    w.Number("peak_substation_kw_without", result.PeakKwWithout);
                    w.Number("peak_substation_kw_with", result.PeakKwWith);
                    w.Number("evening_peak_substation_kw_without", result.EveningPeakKwWithout);
                    w.Number("evening_peak_substation_kw_with", result.EveningPeakKwWith);
                    w.Number(OutputNames.GridCost + "_without", result.GridCostWithout);
                    w.Number(OutputNames.GridCost + "_with", result.GridCostWith);
                    w.Number(OutputNames.SocialCost + "_without", result.SocialCostWithout);
                    w.Number(OutputNames.SocialCost + "_with", result.SocialCostWith);
                    w.Number("max_energy_balance_residual_kwh", result.MaxEnergyBalanceResidualKwh);
                    w.Number("wall_seconds", wall);
                    w.WriteNumber("peak_hour_without", result.PeakHourWithout);
                    w.WriteNumber("peak_hour_with", result.PeakHourWith);
                    w.Number("evaluator_" + OutputNames.GridCost, result.EvaluatorGridCost);
                    w.Number("v2g_opf_seconds", result.With.WallSeconds);
                    w.WriteNumber("v2g_opf_lps", result.With.Log.Count);
                    w.Number("v2g_opf_max_cone_violation_pu2", result.With.MaxConeViolation);
                    w.WriteString("v2g_opf_status", result.With.Status.ToText());
                    w.WriteStartArray("v2g_opf_cut_violations_pu2");
                    foreach (var record in result.With.Log.Records)
                    {
                        w.WriteNumberValue(record.Measure);
                    }

                    w.WriteEndArray();
                }));
            }
            else
            {
                static string K(double v) => HumanNumber.Format(v, 1).PadLeft(12);
                static string M(double v) => HumanNumber.Format(v, 2).PadLeft(12);
                var o = session.Out;
                o.WriteLine($"{study.Name}: {PlanText.Rounded(study, plan)} — V2G study ({status.ToText()})");
                o.WriteLine($"                            without V2G     with V2G");
                o.WriteLine($"  peak substation load kW {K(result.PeakKwWithout)} {K(result.PeakKwWith)}   (hours {result.PeakHourWithout} / {result.PeakHourWith})");
                o.WriteLine($"  evening peak ({V2gStudy.EveningFrom}-{V2gStudy.EveningTo} h) kW {K(result.EveningPeakKwWithout)} {K(result.EveningPeakKwWith)}");
                o.WriteLine($"  grid cost USD/day       {M(result.GridCostWithout)} {M(result.GridCostWith)}");
                o.WriteLine($"  social cost USD/day     {M(result.SocialCostWithout)} {M(result.SocialCostWith)}");
                o.WriteLine($"  max |Σr − Σd| per station  {HumanNumber.Significant(result.MaxEnergyBalanceResidualKwh)} kWh");
                o.WriteLine($"  wall time               {Invariant.Format(wall, 2)} s (coupled OPF with V2G {Invariant.Format(result.With.WallSeconds, 2)} s, {result.With.Log.Count} LPs, {result.With.Status.ToText()}, max cone violation {HumanNumber.Significant(result.With.MaxConeViolation)} p.u.²)");
            }

            return status is SolveStatus.Converged ? ExitCodes.Success : ExitCodes.SolverFailure;
        });
        return command;
    }
}
