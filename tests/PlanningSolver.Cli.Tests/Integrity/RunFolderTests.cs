using System.Globalization;
using PlanningSolver.Testing;

namespace PlanningSolver.Cli.Tests.Integrity;

/// <summary>
/// Issue 13, "never mix or destroy": a run folder records its fingerprint (run.json) and a run with other settings, an
/// edited case or another sweep never adds to it; results are never written into a case folder; exported cases are not
/// overwritten; two runs never share a folder. Each test reproduces a defect seen on the main branch before the fix.
/// </summary>
public sealed class RunFolderTests
{
    /// <summary>TOU pricing keeps an evaluation to one coupling pass; nothing tested here depends on the pricing.</summary>
    private static readonly string[] Plan = ["plan", "ring-33", "--evaluations", "2", "--pricing", "tou", "--threads", "2", "-q"];

    private static string NewFolder() => Path.Combine(Directory.CreateTempSubdirectory("ps-integrity-").FullName, "out");

    [Fact]
    public void A_run_with_other_settings_is_refused_by_a_folder_that_holds_a_run_and_names_the_difference()
    {
        var folder = NewFolder();
        var (code, _, err) = Cli.Run([.. Plan, "--out", folder]);
        Assert.True(code == 0, err);
        var before = File.ReadAllText(Path.Combine(folder, "evaluations.csv"));

        // run.json holds the whole settings record: the defaults with exactly the options given.
        var recorded = Planning.Settings.RunSettings.FromJson(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "run.json")))!["settings"]!);
        var defaults = Planning.Settings.RunSettings.Defaults;
        Assert.Equal(defaults with
        {
            Coupling = defaults.Coupling with { Pricing = Planning.Evaluation.PricingMode.Tou },
            Search = defaults.Search with { Evaluations = 2 },
        }, recorded);

        // Before: "2 reused" and the old run's best reported for another EV share, and old rows kept under another seed.
        (code, _, err) = Cli.Run([.. Plan, "--set", "ev_share=0.5", "--out", folder]);
        Assert.Equal(2, code);
        Assert.Contains("--set: none in the folder, ev_share=0.5 now", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
        (code, _, err) = Cli.Run([.. Plan, "--seed", "7", "--out", folder]);
        Assert.Equal(2, code);
        Assert.Contains("seed: 1 in the folder, 7 now", err, StringComparison.Ordinal);
        Assert.Contains("--force", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(folder, "evaluations.csv")));

        // The thread count is not a result-affecting setting: the same run on one thread continues the folder.
        (code, _, err) = Cli.Run(["plan", "ring-33", "--evaluations", "2", "--pricing", "tou", "--threads", "1", "-q", "--out", folder, "--json"]);
        Assert.True(code == 0, err);

        // --force replaces the earlier run: the folder then holds only the new one.
        (code, var output, err) = Cli.Run([.. Plan, "--seed", "7", "--out", folder, "--force", "--json"]);
        Assert.True(code == 0, err);
        Assert.Equal(2, System.Text.Json.Nodes.JsonNode.Parse(output)!["new_evaluations"]!.GetValue<int>());
        Assert.Equal(2, CliProcess.CheckedRows(Path.Combine(folder, "evaluations.csv")));
    }

    [Fact]
    public void A_folder_written_by_another_program_version_is_neither_continued_nor_resumed()
    {
        // The fingerprint covers the program version (issue 13): another version may compute other results.
        var folder = NewFolder();
        var (code, _, err) = Cli.Run([.. Plan, "--out", folder]);
        Assert.True(code == 0, err);
        var runJson = Path.Combine(folder, "run.json");
        var record = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(runJson))!;
        Assert.Equal(CliApp.Version, record["version"]!.GetValue<string>());
        record["version"] = "0.0.9";
        File.WriteAllText(runJson, record.ToJsonString());

        (code, _, err) = Cli.Run([.. Plan, "--out", folder]);
        Assert.Equal(2, code);
        Assert.Contains($"version: 0.0.9 in the folder, {CliApp.Version} now", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("plan", "--resume", folder, "-q");
        Assert.Equal(2, code);
        Assert.Contains("cannot resume: version: 0.0.9 in the folder", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_refuses_an_edited_case_and_other_settings_and_extends_a_larger_budget()
    {
        var caseFolder = Reliability.BadCaseTests.ExportedCase("od.csv", _ => { });
        var folder = NewFolder();
        var (code, _, err) = Cli.Run(["plan", caseFolder, "--evaluations", "2", "--pricing", "tou", "-q", "--out", folder]);
        Assert.True(code == 0, err);

        // Before: --resume silently ignored an edited od.csv and a different seed, pricing or --set.
        var od = Path.Combine(caseFolder, "od.csv");
        var original = File.ReadAllLines(od);
        var edited = original.ToArray();
        var row = edited[1].Split(',');
        row[2] = (double.Parse(row[2], CultureInfo.InvariantCulture) * 1.5).ToString("R", CultureInfo.InvariantCulture);
        edited[1] = string.Join(',', row);
        File.WriteAllLines(od, edited);
        (code, _, err) = Cli.Run("plan", "--resume", folder, "-q");
        Assert.Equal(2, code);
        Assert.Contains("case od", err, StringComparison.Ordinal);
        File.WriteAllLines(od, original);

        foreach (var (option, value, shown) in new[] { ("--seed", "5", "seed"), ("--pricing", "dlmp", "pricing"), ("--batch", "1", "batch_size"), ("--evaluations", "1", "evaluations") })
        {
            (code, _, err) = Cli.Run("plan", "--resume", folder, option, value, "-q");
            Assert.True(code == 2, $"{option} {value}: exit {code}, {err}");
            Assert.Contains(shown + ":", err, StringComparison.Ordinal);
        }

        // Another case named on --resume (here the built-in ring-33-s4 instead of the exported folder).
        (code, _, err) = Cli.Run("plan", "ring-33-s4", "--resume", folder, "-q");
        Assert.Equal(2, code);
        Assert.Contains($"cannot resume: case: {caseFolder} in the folder, ring-33-s4 now", err, StringComparison.Ordinal);

        (code, _, err) = Cli.Run("plan", "--resume", folder, "--set", "ev_share=0.4", "-q");
        Assert.Equal(2, code);
        Assert.Contains("--set", err, StringComparison.Ordinal);

        // A larger budget extends the run: the two recorded evaluations are kept, one more is computed.
        (code, var output, err) = Cli.Run("plan", "--resume", folder, "--evaluations", "3", "-q", "--json");
        Assert.True(code == 0, err);
        Assert.Equal(1, System.Text.Json.Nodes.JsonNode.Parse(output)!["new_evaluations"]!.GetValue<int>());
        Assert.Equal(3, CliProcess.CheckedRows(Path.Combine(folder, "evaluations.csv")));
    }

    [Fact]
    public void A_sweep_with_other_non_axis_settings_is_refused_by_a_folder_that_holds_a_sweep()
    {
        var folder = NewFolder();
        string[] sweep = ["sweep", "ring-33", "--set", "ev_share=0.1,0.2", "--pricing", "tou", "-q", "--out", folder];
        var (code, _, err) = Cli.Run(sweep);
        Assert.True(code == 0, err);
        var before = File.ReadAllText(Path.Combine(folder, "results.csv"));

        // Before: each printed "0 points run" and kept the old results.
        foreach (var change in new[] { new[] { "--uniform", "120" }, ["--pricing", "dlmp"], ["ring-33-s4"] })
        {
            string[] changed = change[0] switch
            {
                "--pricing" => ["sweep", "ring-33", "--set", "ev_share=0.1,0.2", "--pricing", "dlmp", "-q", "--out", folder],
                "ring-33-s4" => ["sweep", "ring-33-s4", "--set", "ev_share=0.1,0.2", "--pricing", "tou", "-q", "--out", folder],
                _ => [.. sweep, .. change],
            };
            (code, _, err) = Cli.Run(changed);
            Assert.True(code == 2, $"{string.Join(" ", change)}: exit {code}, {err}");
            Assert.Contains("holds a sweep run with other settings", err, StringComparison.Ordinal);
        }

        Assert.Equal(before, File.ReadAllText(Path.Combine(folder, "results.csv")));
        (code, var output, err) = Cli.Run(sweep);
        Assert.True(code == 0, err);
        Assert.StartsWith("0 points run, 2 of 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_are_never_written_into_a_case_folder_or_next_to_their_inputs()
    {
        var caseFolder = Reliability.BadCaseTests.ExportedCase("stations.csv", _ => { });
        var stations = File.ReadAllText(Path.Combine(caseFolder, "stations.csv"));

        // Before: plan CASE --out CASE overwrote the case's stations.csv with results.
        var (code, _, err) = Cli.Run(["plan", caseFolder, "--evaluations", "2", "--pricing", "tou", "-q", "--out", caseFolder]);
        Assert.Equal(2, code);
        Assert.Contains("holds a case (case.json)", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run(["evaluate", caseFolder, "--uniform", "--pricing", "tou", "-q", "--out", caseFolder, "--force"]);
        Assert.Equal(2, code);
        Assert.Equal(stations, File.ReadAllText(Path.Combine(caseFolder, "stations.csv")));

        // An --archive file inside the output folder is an input: plan would overwrite it with its own evaluations.csv.
        var folder = NewFolder();
        (code, _, err) = Cli.Run([.. Plan, "--out", folder]);
        Assert.True(code == 0, err);
        var other = NewFolder();
        Directory.CreateDirectory(other);
        File.Copy(Path.Combine(folder, "evaluations.csv"), Path.Combine(other, "evaluations.csv"));
        (code, _, err) = Cli.Run([.. Plan, "--out", other, "--archive", Path.Combine(other, "evaluations.csv"), "--force"]);
        Assert.Equal(2, code);
        Assert.Contains("an input of this run", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Cases_export_refuses_a_folder_that_is_not_empty_unless_forced()
    {
        var folder = NewFolder();
        var (code, _, err) = Cli.Run("cases", "export", "ring-33", folder, "-q");
        Assert.True(code == 0, err);
        var od = Path.Combine(folder, "od.csv");
        File.AppendAllText(od, "# my edit\n");
        var edited = File.ReadAllText(od);

        // Before: a second export silently overwrote the user's edits.
        (code, _, err) = Cli.Run("cases", "export", "ring-33", folder, "-q");
        Assert.Equal(2, code);
        Assert.Contains("is not empty", err, StringComparison.Ordinal);
        Assert.Equal(edited, File.ReadAllText(od));

        (code, _, err) = Cli.Run("cases", "export", "ring-33", folder, "--force", "-q");
        Assert.True(code == 0, err);
        Assert.NotEqual(edited, File.ReadAllText(od));
    }

    [Fact]
    public void A_second_run_on_a_folder_in_use_exits_2_naming_the_holder()
    {
        var folder = NewFolder();
        string[] args = ["plan", "ring-33", "--evaluations", "40", "--pricing", "tou", "--threads", "1", "-q", "--out", folder];
        using var first = CliProcess.Start(args);
        try
        {
            CliProcess.WaitUntil(() => File.Exists(Path.Combine(folder, "run.json")), first);

            // Before: both runs "succeeded" and the folder kept whichever wrote last.
            var (code, _, err) = Cli.Run(args);
            Assert.Equal(2, code);
            Assert.Contains("in use by another run (process " + first.Id.ToString(CultureInfo.InvariantCulture), err, StringComparison.Ordinal);
            Assert.Single(err.Trim().Split('\n'));
        }
        finally
        {
            first.Kill();
            first.WaitForExit();
        }

        // A killed holder leaves its lock file, but not its lock: the next run takes the folder.
        var (next, _, nextErr) = Cli.Run([.. args[..3], "2", .. args[4..]]);
        Assert.Equal(2, next); // another budget: refused by the fingerprint, not by the lock
        Assert.Contains("other settings", nextErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_checks_its_output_folder_before_solving()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("ps-integrity-").FullName, "not-a-folder");
        File.WriteAllText(file, "x");

        // Before: the whole evaluation ran (its log line printed), then raw .NET text about the file.
        var (code, output, err) = Cli.Run("evaluate", "ring-33", "--uniform", "--pricing", "tou", "--out", file);
        Assert.Equal(2, code);
        Assert.Equal($"error: {file}: is a file; --out takes a folder", err.Trim());
        Assert.Empty(output);
    }

    [SharedDataFact("matpower/case33bw.m")]
    public void Opf_checks_its_output_folder_before_solving_and_never_replaces_a_case_or_earlier_results_unasked()
    {
        var feeder = SharedData.Path("matpower/case33bw.m");
        var caseFolder = Reliability.BadCaseTests.ExportedCase("od.csv", _ => { });
        var buses = Path.Combine(caseFolder, "buses.csv");
        var before = File.ReadAllText(buses);

        // Before: opf FEEDER --out CASE overwrote the case's buses.csv and branches.csv with the OPF's tables (exit 0).
        var (code, output, err) = Cli.Run("opf", feeder, "--out", caseFolder, "-q");
        Assert.Equal(2, code);
        Assert.Equal($"error: {caseFolder}: holds a case (case.json); results are never written into a case folder, choose another --out", err.Trim());
        Assert.Empty(output); // refused before solving: no result table printed
        Assert.Equal(before, File.ReadAllText(buses));

        // Before: the OPF was solved and printed, then exit 3 with .NET's "The file … already exists".
        var file = Path.Combine(Directory.CreateTempSubdirectory("ps-integrity-").FullName, "not-a-folder");
        File.WriteAllText(file, "x");
        (code, output, err) = Cli.Run("opf", feeder, "--out", file, "-q");
        Assert.Equal(2, code);
        Assert.Equal($"error: {file}: is a file; --out takes a folder", err.Trim());
        Assert.Empty(output);

        // Before: a second opf into the folder replaced the first one's tables without a word; now only with --force.
        var folder = NewFolder();
        Assert.Equal(0, Cli.Run("opf", feeder, "--out", folder, "-q").Code);
        (code, _, err) = Cli.Run("opf", feeder, "--load-scale", "1.1", "--out", folder, "-q");
        Assert.Equal(2, code);
        Assert.Contains("buses.csv: exists; choose another --out, or --force", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("opf", feeder, "--load-scale", "1.1", "--out", folder, "--force", "-q");
        Assert.True(code == 0, err);
    }

    [Fact]
    public void V2g_records_its_run_and_refuses_a_folder_that_holds_another()
    {
        // Before: v2g --out was no run folder (no run.json, no lock): a run with another discharge limit or plan replaced
        // the earlier run's v2g_hourly.csv without a word.
        string[] v2g = ["v2g", "ring-33-s4", "--uniform", "--pricing", "tou", "--threads", "1", "-q", "--out", NewFolder()];
        var (code, _, err) = Cli.Run(v2g);
        Assert.True(code == 0, err);
        var folder = v2g[^1];
        var hourly = File.ReadAllText(Path.Combine(folder, "v2g_hourly.csv"));
        var record = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "run.json")))!;
        Assert.Equal("v2g", record["command"]!.GetValue<string>());
        Assert.Equal("default", record["options"]!["discharge_limit_kw_per_unit"]!.GetValue<string>());

        (code, _, err) = Cli.Run([.. v2g, "--discharge-limit-kw", "10"]);
        Assert.Equal(2, code);
        Assert.Equal($"error: {folder}: holds a v2g run with other settings (discharge_limit_kw_per_unit: default in the folder, 10 now); choose another --out, or --force to replace it", err.Trim());
        // Case 2 of ring-33-s4 is the average of its levels 60;120;240;350 kW: 192.5.
        (code, _, err) = Cli.Run(["v2g", "ring-33-s4", "--capacities", "S2=60,S4=60,S5=60,S8=60", "--pricing", "tou", "-q", "--out", folder]);
        Assert.Equal(2, code);
        Assert.Contains("plan: S2=192.5,S4=192.5,S5=192.5,S8=192.5 in the folder, S2=60,S4=60,S5=60,S8=60 now", err, StringComparison.Ordinal);
        Assert.Equal(hourly, File.ReadAllText(Path.Combine(folder, "v2g_hourly.csv")));

        (code, _, err) = Cli.Run([.. v2g, "--discharge-limit-kw", "10", "--force"]);
        Assert.True(code == 0, err);
        Assert.NotEqual(hourly, File.ReadAllText(Path.Combine(folder, "v2g_hourly.csv")));
    }

    [Fact]
    public void Assign_checks_its_output_files_before_solving_and_never_replaces_its_inputs()
    {
        var root = Directory.CreateTempSubdirectory("ps-integrity-").FullName;
        var (network, demand) = Traffic.GridNetworkGenerator.Create(3, 3, 4, seed: 7, demandPerZone: 1_000);
        var net = Path.Combine(root, "grid_net.tntp");
        var trips = Path.Combine(root, "grid_trips.tntp");
        using (var w = new StreamWriter(net))
        {
            Traffic.Tntp.TntpWriter.WriteNetwork(w, network);
        }

        using (var w = new StreamWriter(trips))
        {
            Traffic.Tntp.TntpWriter.WriteTrips(w, demand);
        }

        var original = File.ReadAllText(net);

        // Before: --flows-out NET replaced the network file with the link flows (exit 0).
        var (code, output, err) = Cli.Run("assign", net, trips, "--flows-out", net, "-q");
        Assert.Equal(2, code);
        Assert.Equal($"error: {net}: is an input of this run; results never overwrite their inputs, choose another --flows-out", err.Trim());
        Assert.Empty(output); // refused before solving
        Assert.Equal(original, File.ReadAllText(net));

        // Before: solved and printed, then exit 3 with .NET's "Is a directory".
        (code, output, err) = Cli.Run("assign", net, trips, "--log-out", root, "-q");
        Assert.Equal(2, code);
        Assert.Equal($"error: {root}: is a folder; --log-out takes a file name here", err.Trim());
        Assert.Empty(output);

        // Before: an earlier run's flows were replaced without a word; now only with --force, and never one file for both.
        var flows = Path.Combine(root, "flows.csv");
        Assert.Equal(0, Cli.Run("assign", net, trips, "--flows-out", flows, "-q").Code);
        (code, _, err) = Cli.Run("assign", net, trips, "--flows-out", flows, "-q");
        Assert.Equal(2, code);
        Assert.Equal($"error: {flows}: exists; choose another --flows-out, or --force to replace it", err.Trim());
        (code, _, err) = Cli.Run("assign", net, trips, "--flows-out", flows, "--log-out", flows, "--force", "-q");
        Assert.Equal(2, code);
        Assert.Contains("both --flows-out and --log-out", err, StringComparison.Ordinal);
        (code, _, err) = Cli.Run("assign", net, trips, "--flows-out", flows, "--force", "-q");
        Assert.True(code == 0, err);
    }

    [Fact]
    public void Merge_never_writes_into_a_shard_or_over_earlier_results_unasked()
    {
        var root = Directory.CreateTempSubdirectory("ps-integrity-").FullName;
        var shard = Path.Combine(root, "shard");
        var (code, _, err) = Cli.Run("sweep", "ring-33-s4", "--set", "ev_share=0.1", "--pricing", "tou", "--threads", "1", "-q", "--out", shard);
        Assert.True(code == 0, err);
        var results = File.ReadAllText(Path.Combine(shard, "results.csv"));

        // Before: merge SHARD --out SHARD rewrote the shard's own results.csv and sweep.json (exit 0).
        (code, _, err) = Cli.Run("merge", shard, "--out", shard);
        Assert.Equal(2, code);
        Assert.Contains("an input of this run; results are never written next to their inputs", err, StringComparison.Ordinal);
        Assert.Equal(results, File.ReadAllText(Path.Combine(shard, "results.csv")));

        // Before: a second merge into a folder replaced the first one's results.csv without a word; now only with --force.
        var merged = Path.Combine(root, "merged");
        Assert.Equal(0, Cli.Run("merge", shard, "--out", merged).Code);
        (code, _, err) = Cli.Run("merge", shard, "--out", merged);
        Assert.Equal(2, code);
        Assert.Equal($"error: {Path.Combine(merged, "results.csv")}: exists; choose another --out, or --force to replace it", err.Trim());
        (code, _, err) = Cli.Run("merge", shard, "--out", merged, "--force");
        Assert.True(code == 0, err);
    }

    [Fact]
    public void A_sweep_checks_every_axis_value_before_computing_any_point()
    {
        var folder = NewFolder();

        // Before: point 0 (ev_share=0.1) was computed and written before 5 was rejected.
        var (code, _, err) = Cli.Run("sweep", "ring-33", "--set", "ev_share=0.1,5", "--pricing", "tou", "-q", "--out", folder);
        Assert.Equal(2, code);
        Assert.Equal("error: --set: column 'ev_share': 5: must be within [0, 1]", err.Trim());
        Assert.False(File.Exists(Path.Combine(folder, "results.csv")));
        (code, _, err) = Cli.Run("sweep", "ring-33", "--set", "demand_scale=1,1.1", "--set", "queue_beta=4,17", "--pricing", "tou", "-q", "--out", folder);
        Assert.Equal(2, code);
        Assert.Contains("queue_beta': 17: must be <= 16", err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "results.csv")));
    }

    [Fact]
    public void An_exhaustive_run_of_more_plans_than_max_plans_is_refused_before_anything_is_evaluated()
    {
        // ring-33 (stations.csv, case.json): 8 stations with 6 levels each = 6^8 = 1,679,616 plans; at least 4^8 = 65,536
        // of them (every station at 180 kW or less: 500 USD/kW × 180 kW × 44 units + 1.14 MUSD fixed = 5.1 MUSD) are
        // within the 7 MUSD budget, so far more than 1000.
        // Before: --exhaustive ignored --evaluations and started on all of them; a 60 s cancellation stands in for "hangs".
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(["plan", "ring-33", "--exhaustive", "--pricing", "tou", "-q", "--out", NewFolder()], output, error, timeout.Token);
        Assert.Equal(2, code);
        Assert.Contains("(1679616 in all), above --max-plans 1000", error.ToString(), StringComparison.Ordinal);

        // ring-33-s4: 4 stations with 4 levels = 256 plans, all within its 100 MUSD budget (docs/optimizer-study.md).
        var (s4, _, err) = Cli.Run("plan", "ring-33-s4", "--exhaustive", "--max-plans", "100", "--pricing", "tou", "-q", "--out", NewFolder());
        Assert.Equal(2, s4);
        Assert.Contains("more than 100 plans within the budget (256 in all)", err, StringComparison.Ordinal);
        (s4, _, err) = Cli.Run("plan", "ring-33-s4", "--exhaustive", "--evaluations", "4", "--pricing", "tou", "-q", "--out", NewFolder());
        Assert.Equal(2, s4);
        Assert.Contains("--evaluations does not apply", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_write_names_the_final_file_and_is_not_exit_code_2()
    {
        // A file-size limit (ulimit -f, SIGXFSZ ignored) makes every write past 16 KiB fail as on a full disk, without a
        // privileged mount. links_hourly.csv of ring-33 is larger than that, run.json and the lock file are not.
        var folder = NewFolder();
        using var process = CliProcess.Start(["evaluate", "ring-33", "--uniform", "--pricing", "tou", "-q", "--out", folder], shell: "ulimit -f 16; trap '' XFSZ;");
        var (code, _, err) = CliProcess.Finish(process);

        // Before: exit 2 (bad input) and the .NET message naming a temporary ".links_hourly.csv.PID.GUID.tmp".
        Assert.Equal(3, code);
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"error: cannot write {folder}{Path.DirectorySeparatorChar}", line, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    /// <summary>--log-file appends, so it never names a data file or a file in a case folder: before, `--log-file od.csv`
    /// appended the log to the case's demand table (exit 0).</summary>
    [Fact]
    public void The_log_file_is_never_a_data_file_or_in_a_case_folder()
    {
        var folder = Directory.CreateTempSubdirectory("ps-log-").FullName;
        var caseFolder = Path.Combine(folder, "case");
        Assert.Equal(0, Cli.Run("cases", "export", "ring-33", caseFolder).Code);
        var table = Path.Combine(caseFolder, "od.csv");
        var before = File.ReadAllText(table);
        foreach (var log in new[] { table, Path.Combine(caseFolder, "run.log"), caseFolder })
        {
            var (code, _, err) = Cli.Run("validate", "ring-33", "--log-file", log);
            Assert.Equal(2, code);
            Assert.Single(err.Trim().Split('\n'));
            Assert.Contains("--log-file", err, StringComparison.Ordinal);
        }

        Assert.Equal(before, File.ReadAllText(table));
        Assert.False(File.Exists(Path.Combine(caseFolder, "run.log")));

        // A log beside, appended to by a second run.
        var good = Path.Combine(folder, "run.log");
        Assert.Equal(0, Cli.Run("validate", "ring-33", "--log-file", good).Code);
        var once = File.ReadAllText(good).Length;
        Assert.Equal(0, Cli.Run("validate", "ring-33", "--log-file", good).Code);
        Assert.True(File.ReadAllText(good).Length >= once);
    }
}
