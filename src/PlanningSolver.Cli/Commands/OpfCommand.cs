using System.CommandLine;
using System.Globalization;
using PlanningSolver.Core;
using PlanningSolver.Planning.Output;
using PlanningSolver.Power;

namespace PlanningSolver.Cli.Commands;

/// <summary>
/// <c>opf FEEDER</c>: one period's SOCP branch-flow OPF (Baran &amp; Wu 1989; Farivar &amp; Low 2013) with DLMPs; infeasible
/// limits are named and exit with code 1.
/// </summary>
internal static class OpfCommand
{
    public static Command Create(CliApp.CommandRunner runner)
    {
        var feeder = new Argument<FileInfo>("FEEDER") { Description = FeederInput.Description };
        var scale = new Option<double>("--load-scale") { Description = "Multiply every base load by S.", HelpName = "S", DefaultValueFactory = _ => 1.0 };
        var vmin = new Option<double?>("--vmin") { Description = "Lower voltage limit at every bus except the substation, p.u. (default: the file's).", HelpName = "V" };
        var vmax = new Option<double?>("--vmax") { Description = "Upper voltage limit at every bus except the substation, p.u. (default: the file's).", HelpName = "V" };
        var vs = new Option<double?>("--substation-voltage") { Description = "Fix the substation voltage, p.u. (default: the file's reference-bus limits).", HelpName = "V" };
        var vsRange = new Option<string?>("--substation-voltage-range") { Description = "Let the OPF choose the substation voltage in LO..HI p.u.", HelpName = "LO,HI" };
        var backend = new Option<string>("--backend")
        {
            Description = "lp: cutting planes with GLOP (gives prices); scip: SCIP with quadratic constraints (cross-check, no prices).",
            HelpName = "lp|scip",
            DefaultValueFactory = _ => "lp",
        };
        backend.AcceptOnlyFromAmong("lp", "scip");
        var soft = new Option<bool>("--soft") { Description = $"Allow unserved load at {OpfOptions.DefaultUnservedPenaltyPerMwh:0} USD/MWh instead of reporting infeasibility." };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Write buses.csv and branches.csv to this folder.", HelpName = "DIR" };
        var force = new Option<bool>("--force") { Description = "Replace buses.csv and branches.csv in the --out folder (a case folder or an input is never written into)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the table." };
        var command = new Command("opf", "Optimal power flow (SOCP branch-flow model) of a radial feeder: cost, voltages, losses and nodal prices (DLMPs).")
        {
            feeder,
            scale,
            vmin,
            vmax,
            vs,
            vsRange,
            backend,
            soft,
            outDir,
            force,
            json,
        };
        runner.Attach(command, (parse, session) =>
        {
            var path = parse.GetValue(feeder)!;
            var loadScale = FeederInput.ParseLoadScale(parse.GetValue(scale));
            var read = FeederInput.Read(path);
            // The output folder is checked before anything is solved.
            var outFolder = parse.GetValue(outDir) is { } dir ? OpfFiles.CheckFolder(dir.FullName, path.FullName, parse.GetValue(force)) : null;
            var data = ApplyLimits(read.Data, parse.GetValue(vmin), parse.GetValue(vmax), parse.GetValue(vs), parse.GetValue(vsRange));
            var model = read.Build(data);
            var options = new OpfOptions(parse.GetValue(backend) == "scip" ? OpfBackend.Scip : OpfBackend.CuttingPlane, SoftLoad: parse.GetValue(soft));
            using var solver = new OpfSolver(model, options);
            solver.ScaleBaseLoads(loadScale);
            var result = solver.Solve();
            foreach (var record in result.Log.Records)
            {
                session.Log.Debug("LP {Round}: max cone violation {Violation:E2}, objective {Objective}", record.Iteration, record.Measure, record.Objective);
            }

            if (result.RelaxationInexact)
            {
                session.Log.Warning("relaxation gap {Gap:E2} p.u.² exceeds {Limit:E0}: the point is not an exact AC power flow", result.MaxRelaxationGap, options.GapWarning);
            }

            if (parse.GetValue(json))
            {
                session.Out.Write(Json(result));
            }
            else
            {
                WriteTable(session.Out, result);
            }

            if (outFolder is not null && result.Buses.Count > 0 && result.Status != SolveStatus.Infeasible)
            {
                OpfFiles.Write(outFolder, result);
                session.Log.Information("Wrote {Folder}/buses.csv and branches.csv", outFolder);
            }

            switch (result.Status)
            {
                case SolveStatus.Converged:
                    return ExitCodes.Success;
                case SolveStatus.Infeasible:
                    session.Error.WriteLine(result.Violations.Count > 0
                        ? $"error: OPF infeasible: cannot meet {result.ViolationSummary()}"
                        : "error: OPF infeasible even with every voltage, current and substation limit relaxed: the feeder cannot carry this load at any voltage");
                    return ExitCodes.SolverFailure;
                default:
                    session.Error.WriteLine($"error: OPF did not converge ({result.Status.ToText()} after {result.Log.Count} LPs)");
                    return ExitCodes.SolverFailure;
            }
        });
        return command;
    }

    private static FeederData ApplyLimits(FeederData data, double? vmin, double? vmax, double? vs, string? range)
    {
        if (vs is not null && range is not null)
        {
            throw new UsageError("give either --substation-voltage or --substation-voltage-range, not both");
        }

        if (vmin is { } lo && !(lo > 0 && double.IsFinite(lo)))
        {
            throw new UsageError($"--vmin must be a positive number, got {lo}");
        }

        if (vmax is { } hi && !(hi > 0 && double.IsFinite(hi)))
        {
            throw new UsageError($"--vmax must be a positive number, got {hi}");
        }

        var buses = data.Buses.Select(b => b.Id == data.SubstationBus ? b : b with
        {
            VMinPu = vmin ?? b.VMinPu,
            VMaxPu = vmax ?? b.VMaxPu,
        }).ToList();
        if (buses.FirstOrDefault(b => b.VMinPu > b.VMaxPu) is { } bad)
        {
            // Name the option that made the limits cross (the file's own crossing limits are refused by the reader).
            var given = vmax is not null ? $"--vmax {Invariant.Format(bad.VMaxPu)}" : $"--vmin {Invariant.Format(bad.VMinPu)}";
            throw new UsageError($"{given}: voltage limits cross at bus {bad.Id} (vmin {Invariant.Format(bad.VMinPu)} > vmax {Invariant.Format(bad.VMaxPu)} p.u.)");
        }

        data = data with { Buses = buses };
        if (vs is { } v)
        {
            if (!(v > 0 && double.IsFinite(v)))
            {
                throw new UsageError($"--substation-voltage must be a positive number, got {v}");
            }

            data = data with { SubstationVoltagePu = v, SubstationVMinPu = v, SubstationVMaxPu = v };
        }

        if (range is not null)
        {
            var parts = range.Split(',');
            if (parts.Length != 2 || !Invariant.TryParseFinite(parts[0], out var a) || !Invariant.TryParseFinite(parts[1], out var b) || !(a > 0) || !(b >= a))
            {
                throw new UsageError($"--substation-voltage-range must be LO,HI with 0 < LO <= HI, got '{range}'");
            }

            data = data with { SubstationVMinPu = a, SubstationVMaxPu = b, SubstationVoltagePu = Math.Clamp(data.SubstationVoltagePu, a, b) };
        }

        return data;
    }

    private static string Json(OpfResult result) => JsonOutput.Build(w =>
    {
        w.WriteString("status", result.Status.ToText());
        w.Number("objective_usd_per_h", result.ObjectivePerHour);
        w.Number("substation_kw", result.SubstationMw * 1000);
        w.Number("losses_kw", result.LossesMw * 1000);
        w.Number("vmin_pu", result.VMinPu);
        w.WriteNumber("vmin_bus", result.VMinBus);
        w.Number("max_relaxation_gap_pu2", result.MaxRelaxationGap);
        w.WriteStartObject("dlmp_p_usd_per_mwh");
        if (result.Status != SolveStatus.Infeasible)
        {
            foreach (var bus in result.Buses.OrderBy(b => b.BusId))
            {
                w.Number(bus.BusId.ToString(CultureInfo.InvariantCulture), bus.DlmpPPerMwh);
            }
        }

        w.WriteEndObject();
        w.Number("wall_seconds", result.WallSeconds);
        if (result.Status == SolveStatus.Infeasible)
        {
            w.WriteStartArray("violations");
            foreach (var v in result.Violations)
            {
                w.WriteStartObject();
                w.WriteString("kind", v.Kind);
                w.WriteNumber("bus", v.BusId);
                if (v.FromBus is { } from)
                {
                    w.WriteNumber("from_bus", from);
                }

                var unit = v.Kind.StartsWith("substation_p", StringComparison.Ordinal) ? "mw"
                    : v.Kind.StartsWith("substation_q", StringComparison.Ordinal) ? "mvar" : "pu";
                w.Number($"limit_{unit}", v.Limit);
                w.Number($"closest_{unit}", v.Closest);
                w.Number($"shortfall_{unit}", v.Shortfall);
                w.WriteString("message", v.Describe());
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    });

    private static void WriteTable(TextWriter o, OpfResult result)
    {
        var how = result.Backend == OpfBackend.Scip ? "scip backend" : result.Log.Count == 1 ? "lp backend, 1 LP" : $"lp backend, {result.Log.Count} LPs";
        o.WriteLine($"status          {result.Status.ToText()} ({how})");
        if (result.Status == SolveStatus.Infeasible)
        {
            foreach (var v in result.Violations)
            {
                o.WriteLine($"violated        {v.Describe()}");
            }

            return;
        }

        o.WriteLine($"objective       {Invariant.Format(result.ObjectivePerHour, 4)} USD/h");
        o.WriteLine($"substation      {Invariant.Format(result.SubstationMw * 1000, 3)} kW, {Invariant.Format(result.SubstationMvar * 1000, 3)} kvar");
        o.WriteLine($"losses          {Invariant.Format(result.LossesMw * 1000, 3)} kW, {Invariant.Format(result.LossesMvar * 1000, 3)} kvar");
        o.WriteLine($"min voltage     {Invariant.Format(result.VMinPu, 5)} p.u. at bus {result.VMinBus}");
        o.WriteLine($"relaxation gap  {(double.IsFinite(result.MaxRelaxationGap) ? result.MaxRelaxationGap.ToString("E2", CultureInfo.InvariantCulture) : "n/a")} p.u.^2");
        if (result.UnservedMw > 0)
        {
            o.WriteLine($"unserved load   {Invariant.Format(result.UnservedMw * 1000, 3)} kW");
        }

        var priced = result.Buses.Where(b => double.IsFinite(b.DlmpPPerMwh)).ToList();
        if (priced.Count > 0)
        {
            var lo = priced.MinBy(b => b.DlmpPPerMwh)!;
            var hi = priced.MaxBy(b => b.DlmpPPerMwh)!;
            o.WriteLine($"DLMP            {Invariant.Format(lo.DlmpPPerMwh, 3)} (bus {lo.BusId}) .. {Invariant.Format(hi.DlmpPPerMwh, 3)} (bus {hi.BusId}) USD/MWh");
        }

        o.WriteLine($"wall time       {Invariant.Format(result.WallSeconds, 4)} s");
    }
}
