using PlanningSolver.Core;
using PlanningSolver.Power;

namespace PlanningSolver.Planning.Output;

/// <summary>The files of <c>opf --out DIR</c>: buses.csv and branches.csv, one row per bus / branch, full precision.</summary>
public static class OpfFiles
{
    public const string BusesFile = "buses.csv";

    public const string BranchesFile = "branches.csv";

    /// <summary>Every file <c>opf --out</c> writes.</summary>
    public static IReadOnlyList<string> Names { get; } = [BusesFile, BranchesFile];

    /// <summary>
    /// The checks before anything is solved: <paramref name="folder"/> is not a file, not a case folder, holds no input
    /// (<see cref="RunFolder.CheckPlace"/>), and holds no earlier buses.csv or branches.csv unless
    /// <paramref name="replace"/>. Returns the full path, or throws an <see cref="InputError"/> naming it.
    /// </summary>
    public static string CheckFolder(string folder, string feeder, bool replace)
    {
        var path = RunFolder.CheckPlace(folder, [feeder]);
        foreach (var name in Names)
        {
            OutputFile.Check(Path.Combine(path, name), [feeder], replace);
        }

        return path;
    }

    public static void Write(string folder, OpfResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        AtomicFile.Write(Path.Combine(folder, BusesFile), w =>
        {
            var csv = new CsvText(w, "bus", "v_pu", "p_load_kw", "q_load_kvar", "dlmp_p_usd_per_mwh", "dlmp_q_usd_per_mvarh", "unserved_kw");
            foreach (var b in result.Buses.OrderBy(b => b.BusId))
            {
                csv.Field(b.BusId).Field(b.VPu).Field(b.PLoadMw * 1000).Field(b.QLoadMvar * 1000).Field(b.DlmpPPerMwh).Field(b.DlmpQPerMvarh).Field(b.UnservedMw * 1000);
                csv.EndRow();
            }
        });
        AtomicFile.Write(Path.Combine(folder, BranchesFile), w =>
        {
            var csv = new CsvText(w, "from", "to", "p_kw", "q_kvar", "loss_kw", "loss_kvar", "current_pu", "relaxation_gap_pu2");
            foreach (var b in result.Branches.OrderBy(b => b.ToBus))
            {
                csv.Field(b.FromBus).Field(b.ToBus).Field(b.PMw * 1000).Field(b.QMvar * 1000).Field(b.LossMw * 1000).Field(b.LossMvar * 1000).Field(b.CurrentPu).Field(b.RelaxationGap);
                csv.EndRow();
            }
        });
    }
}
