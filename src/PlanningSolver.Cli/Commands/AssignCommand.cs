using System.CommandLine;
using System.Diagnostics;
using PlanningSolver.Core;
using PlanningSolver.Planning.Output;
using PlanningSolver.Traffic;
using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Cli;

/// <summary><c>planning-solver assign NET TRIPS</c>: single-class user equilibrium of a TNTP network.</summary>
internal static class AssignCommand
{
    public static Command Create(CliApp.CommandRunner runner)
    {
        var net = new Argument<FileInfo>("NET") { Description = "TNTP network file (_net.tntp)." };
        var trips = new Argument<FileInfo>("TRIPS") { Description = "TNTP demand file (_trips.tntp)." };
        var algorithm = new Option<string>("--algorithm")
        {
            Description = "Algorithm: b (Algorithm B, origin-based; the default, faster on every network measured in docs/benchmarks.md), fw (Frank-Wolfe), cfw (conjugate FW) or bfw (bi-conjugate FW).",
            DefaultValueFactory = _ => "b",
            HelpName = "b|fw|cfw|bfw",
        };
        algorithm.AcceptOnlyFromAmong("fw", "cfw", "bfw", "b");
        var gap = new Option<double>("--gap")
        {
            Description = "Stop at this relative gap (TSTT - SPTT) / SPTT.",
            DefaultValueFactory = _ => AssignmentRequest.DefaultStop.Tolerance,
            HelpName = "GAP",
        };
        var maxIterations = new Option<int>("--max-iterations")
        {
            Description = "Stop after this many iterations.",
            DefaultValueFactory = _ => AssignmentRequest.DefaultStop.MaxIterations,
            HelpName = "N",
        };
        var maxSeconds = new Option<double?>("--max-seconds")
        {
            Description = "Stop after this many seconds of solving (default: no limit).",
            HelpName = "S",
        };
        var distanceFactor = new Option<double>("--distance-factor")
        {
            Description = "Generalized cost = time + F·length + toll-factor·toll.",
            DefaultValueFactory = _ => new AssignmentSettings().DistanceFactor,
            HelpName = "F",
        };
        var tollFactor = new Option<double>("--toll-factor")
        {
            Description = "Weight of the link toll in the generalized cost.",
            DefaultValueFactory = _ => new AssignmentSettings().TollFactor,
            HelpName = "F",
        };
        var threads = new Option<int>("--threads")
        {
            Description = "Threads for the shortest-path searches (0 = all cores); results do not depend on it.",
            DefaultValueFactory = _ => 0,
            HelpName = "N",
        };
        var flowsOut = new Option<FileInfo?>("--flows-out")
        {
            Description = "Write link flows as CSV: from,to,flow,time (the file's node ids).",
            HelpName = "FILE.csv",
        };
        var logOut = new Option<FileInfo?>("--log-out")
        {
            Description = "Write the convergence log as CSV: iteration,relative_gap,step,objective,elapsed_seconds.",
            HelpName = "FILE.csv",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace the --flows-out and --log-out files if they exist (an input file is never replaced).",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object: algorithm, status, iterations, relative_gap, average_excess_cost, tstt, beckmann, wall_seconds (the solve, without reading files).",
        };

        var command = new Command(
            "assign",
            "Traffic assignment (user equilibrium) of a TNTP network and trip table by Algorithm B (default) or FW, CFW, BFW with exact line search. "
            + "Exit code 0 when the run ends converged or on its iteration/time limit (the status says which); "
            + "1 when it cannot be solved (a destination unreachable); 2 on bad input.")
        {
            net, trips, algorithm, gap, maxIterations, maxSeconds, distanceFactor, tollFactor, threads, flowsOut, logOut, force, json,
        };

        runner.Attach(command, (parse, session) =>
        {
            AssignmentAlgorithmText.TryParse(parse.GetValue(algorithm), out var chosen);
            var stop = new StopCriteria(parse.GetValue(gap), parse.GetValue(maxIterations), parse.GetValue(maxSeconds) ?? double.PositiveInfinity);
            if (!(stop.Tolerance >= 0))
            {
                throw new UsageError($"--gap must be >= 0, got {Invariant.Format(stop.Tolerance)}");
            }

            if (stop.MaxIterations <= 0)
            {
                throw new UsageError($"--max-iterations must be > 0, got {stop.MaxIterations}");
            }

            if (!(stop.MaxSeconds > 0))
            {
                throw new UsageError($"--max-seconds must be > 0, got {Invariant.Format(stop.MaxSeconds)}");
            }

            var df = parse.GetValue(distanceFactor);
            var tf = parse.GetValue(tollFactor);
            if (!(df >= 0) || !double.IsFinite(df) || !(tf >= 0) || !double.IsFinite(tf))
            {
                throw new UsageError("--distance-factor and --toll-factor must be finite and >= 0");
            }

            var threadCount = parse.GetValue(threads);
            if (threadCount < 0)
            {
                throw new UsageError($"--threads must be >= 0, got {threadCount}");
            }

            var netPath = parse.GetValue(net)!.ToString();
            var tripsPath = parse.GetValue(trips)!.ToString();
            // The output files are checked before anything is read or solved.
            var (flowsFile, logFile) = AssignmentFiles.Check(
                parse.GetValue(flowsOut)?.FullName, parse.GetValue(logOut)?.FullName, [netPath, tripsPath], parse.GetValue(force));
            var data = TntpReader.ReadNetwork(netPath);
            foreach (var warning in data.Warnings)
            {
                session.Log.Warning("{Warning}", warning);
            }

            var demand = TntpReader.ReadTrips(tripsPath);
            if (demand.Zones != data.Zones)
            {
                throw new InputError(tripsPath, null, "<NUMBER OF ZONES>", $"{demand.Zones} zones, the network {netPath} has {data.Zones}");
            }

            session.Log.Debug("Read {Links} links, {Zones} zones, {Trips} trips", data.Links.Count, data.Zones, demand.Total);
            var model = new AssignmentModel(
                RoadNetwork.FromTntp(data), [new VehicleClass("all")], settings: new AssignmentSettings(df, tf));
            var clock = Stopwatch.StartNew();
            var result = new AssignmentSolver(model, threadCount).Solve(
                new AssignmentRequest([demand]) { Algorithm = chosen, Stop = stop }, session.Cancellation);
            var wall = clock.Elapsed.TotalSeconds;
            foreach (var r in result.Log.Records)
            {
                session.Log.Debug("iteration {Iteration}: gap {Gap:E3} step {Step:G6}", r.Iteration, r.Measure, r.Step);
            }

            if (flowsFile is not null)
            {
                AssignmentFiles.WriteFlows(flowsFile, data, result);
            }

            if (logFile is not null)
            {
                AssignmentFiles.WriteLog(logFile, result.Log);
            }

            if (parse.GetValue(json))
            {
                session.Out.Write(JsonOutput.Build(w =>
                {
                    w.WriteString("algorithm", result.Algorithm.ToText());
                    w.WriteString("status", result.Status.ToText());
                    w.WriteNumber("iterations", result.Iterations);
                    w.Number("relative_gap", result.RelativeGap);
                    w.Number("average_excess_cost", result.AverageExcessCost);
                    w.Number("tstt", result.Tstt);
                    w.Number("beckmann", result.Beckmann);
                    w.Number("wall_seconds", wall);
                }));
            }
            else
            {
                var o = session.Out;
                o.WriteLine($"{result.Algorithm.ToText()}: {result.Status.ToText()} after {result.Iterations} iterations ({Invariant.Format(wall, 3)} s)");
                o.WriteLine($"  relative gap         {Scientific(result.RelativeGap)}");
                o.WriteLine($"  average excess cost  {Scientific(result.AverageExcessCost)}");
                o.WriteLine($"  TSTT                 {Invariant.Format(result.Tstt, 3)}");
                o.WriteLine($"  Beckmann objective   {Invariant.Format(result.Beckmann, 3)}");
            }

            if (result.Message is { } message)
            {
                session.Error.WriteLine($"error: {message}");
            }

            return result.Status is SolveStatus.Infeasible or SolveStatus.Failed ? ExitCodes.SolverFailure : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Undefined figures (an infeasible run) print as n/a, as the JSON writes null.</summary>
    private static string Scientific(double value) =>
        double.IsFinite(value) ? value.ToString("0.000E+00", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
