using System.Text.Json;
using PlanningSolver.Cli;
using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

/// <summary>The <c>pf</c> and <c>opf</c> commands, run in-process.</summary>
public sealed class CommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Keys(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    [SharedDataFact(Case33.File)]
    public void Pf_json_has_the_documented_keys_and_reference_values()
    {
        var (code, output, _) = Run("pf", Case33.Path, "--json");
        Assert.Equal(0, code);
        Assert.Equal(["status", "losses_kw", "losses_kvar", "vmin_pu", "vmin_bus", "substation_kw", "substation_kvar", "iterations"], Keys(output));
        using var doc = JsonDocument.Parse(output);
        // MATPOWER runpf reference (../shared/data/matpower/README.md).
        Assert.Equal(202.677, doc.RootElement.GetProperty("losses_kw").GetDouble(), 0.005);
        Assert.Equal(18, doc.RootElement.GetProperty("vmin_bus").GetInt32());
    }

    [SharedDataFact(Case33.File)]
    public void Pf_out_writes_the_bus_table_and_never_replaces_an_input_or_an_existing_file()
    {
        var folder = Directory.CreateTempSubdirectory("ps-pf-").FullName;
        var file = Path.Combine(folder, "pf.csv");
        var (code, output, err) = Run("pf", Case33.Path, "--json", "--out", file, "-q");
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(file);
        Assert.Equal("bus,v_pu,angle_deg,p_load_kw,q_load_kvar", lines[0]);
        Assert.Equal(1 + 33, lines.Length);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        // The lowest voltage in the file is the one --json reports (bus 18; MATPOWER runpf, ../shared/data/matpower/README.md).
        using var doc = JsonDocument.Parse(output);
        var lowest = lines.Skip(1).Select(l => l.Split(',')).MinBy(c => double.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture))!;
        Assert.Equal("18", lowest[0]);
        Assert.Equal(doc.RootElement.GetProperty("vmin_pu").GetDouble(), double.Parse(lowest[1], System.Globalization.CultureInfo.InvariantCulture));
        // Case33bw's total load is 3,715 kW (Baran & Wu 1989).
        Assert.Equal(3715, lines.Skip(1).Sum(l => double.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)), 1e-6);

        var before = File.ReadAllText(file);
        (code, _, err) = Run("pf", Case33.Path, "--out", file, "-q");
        Assert.Equal(2, code);
        Assert.Equal($"error: {file}: exists; choose another --out, or --force to replace it\n", err);
        Assert.Equal(before, File.ReadAllText(file));
        (code, _, err) = Run("pf", Case33.Path, "--out", file, "--force", "-q");
        Assert.True(code == 0, err);

        (code, _, err) = Run("pf", Case33.Path, "--out", Case33.Path, "--force", "-q");
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {Path.GetFullPath(Case33.Path)}: is an input of this run", err, StringComparison.Ordinal);
        (code, _, err) = Run("pf", Case33.Path, "--out", folder, "-q");
        Assert.Equal(2, code);
        Assert.Equal($"error: {folder}: is a folder; --out takes a file name here\n", err);
    }

    [SharedDataFact(Case33.File)]
    public void Pf_load_scale_raises_losses()
    {
        var (code, output, _) = Run("pf", Case33.Path, "--json", "--load-scale", "0");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(0.0, doc.RootElement.GetProperty("losses_kw").GetDouble(), 1e-12);
    }

    [SharedDataFact(Case33.File)]
    public void Opf_json_has_the_documented_keys_and_matpower_prices()
    {
        var (code, output, _) = Run("opf", Case33.Path, "--json");
        Assert.Equal(0, code);
        Assert.Equal(
            ["status", "objective_usd_per_h", "substation_kw", "losses_kw", "vmin_pu", "vmin_bus", "max_relaxation_gap_pu2", "dlmp_p_usd_per_mwh", "wall_seconds"],
            Keys(output));
        using var doc = JsonDocument.Parse(output);
        var dlmp = doc.RootElement.GetProperty("dlmp_p_usd_per_mwh");
        // MATPOWER AC OPF with the file's 20 $/MWh cost (issue 4).
        Assert.Equal(22.944, dlmp.GetProperty("18").GetDouble(), 0.01);
        Assert.Equal(22.531, dlmp.GetProperty("33").GetDouble(), 0.01);
        Assert.Equal(3917.68, doc.RootElement.GetProperty("substation_kw").GetDouble(), 0.01);
    }

    [SharedDataFact(Case33.File)]
    public void Opf_prints_money_in_usd_like_every_other_command()
    {
        // Issue 13: opf printed $/MWh where the rest print USD.
        var (code, output, _) = Run("opf", Case33.Path);
        Assert.Equal(0, code);
        Assert.Matches(@"objective +[\d.]+ USD/h", output);
        Assert.Matches(@"DLMP +[\d.]+ \(bus \d+\) \.\. [\d.]+ \(bus \d+\) USD/MWh", output);
        Assert.DoesNotContain("$", output, StringComparison.Ordinal);
    }

    [SharedDataFact(Case33.File)]
    public void Opf_with_a_tight_band_and_fixed_substation_exits_1_naming_the_floor()
    {
        // design.md §9: infeasible at base load with the substation at 1.0 and bounds 0.95–1.05.
        var (code, output, err) = Run("opf", Case33.Path, "--vmin", "0.95", "--vmax", "1.05", "--substation-voltage", "1.0", "--json");
        Assert.Equal(1, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith("error: OPF infeasible: cannot meet voltage floor 0.95 p.u. at ", err);
        Assert.Contains("buses: 18 (best 0.9131, 0.0369 short)", err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("infeasible", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("voltage_min", doc.RootElement.GetProperty("violations")[0].GetProperty("kind").GetString());
    }

    [SharedDataFact(Case33.File)]
    public void Opf_with_a_tight_band_is_infeasible_with_the_files_own_substation_setting()
    {
        // The file fixes bus 1 at 1.0 p.u. (Vmin = Vmax = 1), so no substation option is needed (design.md §9).
        var (code, _, err) = Run("opf", Case33.Path, "--vmin", "0.95", "--vmax", "1.05");
        Assert.Equal(1, code);
        Assert.StartsWith("error: OPF infeasible: cannot meet voltage floor 0.95 p.u. at ", err);
    }

    [SharedDataFact(Case33.File)]
    public void Opf_out_writes_bus_and_branch_tables()
    {
        var dir = Path.Combine(Path.GetTempPath(), "opf-out-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, _) = Run("opf", Case33.Path, "--out", dir);
            Assert.Equal(0, code);
            var buses = File.ReadAllLines(Path.Combine(dir, "buses.csv"));
            Assert.Equal("bus,v_pu,p_load_kw,q_load_kvar,dlmp_p_usd_per_mwh,dlmp_q_usd_per_mvarh,unserved_kw", buses[0]);
            Assert.Equal(34, buses.Length);
            var branches = File.ReadAllLines(Path.Combine(dir, "branches.csv"));
            Assert.StartsWith("from,to,p_kw,q_kvar,loss_kw", branches[0]);
            Assert.Equal(33, branches.Length);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [SharedDataFact(Case33.File)]
    public void Opf_rejects_both_substation_voltage_options()
    {
        var (code, _, err) = Run("opf", Case33.Path, "--substation-voltage", "1", "--substation-voltage-range", "0.95,1.05");
        Assert.Equal(2, code);
        Assert.Equal("error: give either --substation-voltage or --substation-voltage-range, not both\n", err);
    }

    [Fact]
    public void A_missing_feeder_file_is_one_line_and_exit_2()
    {
        var (code, _, err) = Run("pf", "no-such-feeder.m");
        Assert.Equal(2, code);
        Assert.Equal("error: no-such-feeder.m: file not found\n", err);
    }

    [Fact]
    public void A_bad_feeder_file_names_line_and_column()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.m");
        File.WriteAllText(path, "mpc.baseMVA = 10;\nmpc.bus = [\n1 3 0 0 0 0 1 1 0 12.66 1 1 x;\n];\nmpc.branch = [\n];\n");
        try
        {
            var (code, _, err) = Run("opf", path);
            Assert.Equal(2, code);
            Assert.Equal($"error: {path}:3: column 'Vmin': 'x' is not a number\n", err);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
