using System.CommandLine;
using PlanningSolver.Core;
using PlanningSolver.Planning.Output;
using PlanningSolver.Power;

namespace PlanningSolver.Cli.Commands;

/// <summary><c>pf FEEDER</c>: backward/forward sweep power flow of a radial feeder at (scaled) base load.</summary>
internal static class PfCommand
{
    public static Command Create(CliApp.CommandRunner runner)
    {
        var feeder = new Argument<FileInfo>("FEEDER") { Description = FeederInput.Description };
        var scale = new Option<double>("--load-scale") { Description = "Multiply every base load by S.", HelpName = "S", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the table." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the per-bus results (bus, v_pu, angle_deg, p_load_kw, q_load_kvar) to this CSV file.", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Replace the --out file if it exists (an input file is never replaced)." };
        var command = new Command("pf", "Power flow (exact AC backward/forward sweep) of a radial feeder: losses, voltages, substation import.")
        {
            feeder,
            scale,
            json,
            output,
            force,
        };
        runner.Attach(command, (parse, session) =>
        {
            var path = parse.GetValue(feeder)!;
            var s = FeederInput.ParseLoadScale(parse.GetValue(scale));
            // The output path is checked before anything is solved.
            var outFile = parse.GetValue(output) is { } file ? OutputFile.Check(file.FullName, [path.FullName], parse.GetValue(force)) : null;
            var model = FeederInput.Read(path).Build();
            var result = PowerFlow.Solve(model, s);
            if (outFile is not null && result.Status == SolveStatus.Converged)
            {
                PowerFlowFile.Write(outFile, result);
                session.Log.Information("Wrote {File}", outFile);
            }

            session.Log.Debug("Power flow: {Status} after {Iterations} sweeps", result.Status.ToText(), result.Iterations);
            if (parse.GetValue(json))
            {
                session.Out.Write(JsonOutput.Build(w =>
                {
                    w.WriteString("status", result.Status.ToText());
                    w.Number("losses_kw", result.LossesMw * 1000);
                    w.Number("losses_kvar", result.LossesMvar * 1000);
                    w.Number("vmin_pu", result.VMinPu);
                    w.WriteNumber("vmin_bus", result.VMinBus);
                    w.Number("substation_kw", result.SubstationMw * 1000);
                    w.Number("substation_kvar", result.SubstationMvar * 1000);
                    w.WriteNumber("iterations", result.Iterations);
                }));
            }
            else
            {
                var o = session.Out;
                o.WriteLine($"status       {result.Status.ToText()} ({result.Iterations} sweeps)");
                o.WriteLine($"losses       {Invariant.Format(result.LossesMw * 1000, 3)} kW, {Invariant.Format(result.LossesMvar * 1000, 3)} kvar");
                o.WriteLine($"min voltage  {Invariant.Format(result.VMinPu, 5)} p.u. at bus {result.VMinBus}");
                o.WriteLine($"substation   {Invariant.Format(result.SubstationMw * 1000, 3)} kW, {Invariant.Format(result.SubstationMvar * 1000, 3)} kvar");
            }

            if (result.Status != SolveStatus.Converged)
            {
                session.Error.WriteLine($"error: power flow did not converge ({result.Status.ToText()} after {result.Iterations} sweeps)");
                return ExitCodes.SolverFailure;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
