using System.Globalization;

namespace PlanningSolver.Power;

/// <summary>
/// Writes feeder data as a MATPOWER case (format version 2) already in p.u. and MW, without conversion statements, so
/// <see cref="MatpowerReader"/> reads it back unchanged: the substation is the reference bus with the substation voltage
/// range as its Vmin..Vmax and its set point as the source's Vg; a current limit I (p.u.) is written as rateA = I·baseMVA
/// (the rating at 1 p.u. voltage); generator costs as linear <c>gencost</c> rows.
/// </summary>
public static class MatpowerWriter
{
    public static void Write(TextWriter writer, FeederData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);
        var baseKv = double.IsFinite(data.BaseKv) ? data.BaseKv : 0;
        writer.Write($"function mpc = {Identifier(data.Name)}\n%% written by planning-solver: values in p.u. and MW (no conversion statements)\nmpc.version = '2';\n");
        writer.Write($"mpc.baseMVA = {F(data.BaseMva)};\n\n%% bus_i type Pd Qd Gs Bs area Vm Va baseKV zone Vmax Vmin\nmpc.bus = [\n");
        foreach (var b in data.Buses)
        {
            var reference = b.Id == data.SubstationBus;
            var (vmin, vmax) = reference ? (data.SubstationVMinPu, data.SubstationVMaxPu) : (b.VMinPu, b.VMaxPu);
            writer.Write($"\t{b.Id}\t{(reference ? 3 : 1)}\t{F(b.PLoadMw)}\t{F(b.QLoadMvar)}\t0\t0\t1\t{F(reference ? data.SubstationVoltagePu : 1)}\t0\t{F(baseKv)}\t1\t{F(vmax)}\t{F(vmin)};\n");
        }

        writer.Write("];\n\n%% bus Pg Qg Qmax Qmin Vg mBase status Pmax Pmin\nmpc.gen = [\n");
        writer.Write($"\t{data.SubstationBus}\t0\t0\t{F(data.SubstationQMaxMvar)}\t{F(data.SubstationQMinMvar)}\t{F(data.SubstationVoltagePu)}\t{F(data.BaseMva)}\t1\t{F(data.SubstationPMaxMw)}\t{F(data.SubstationPMinMw)};\n");
        foreach (var g in data.Generators)
        {
            writer.Write($"\t{g.Bus}\t{F(g.PSetpointMw)}\t{F(g.QSetpointMvar)}\t{F(g.QMaxMvar)}\t{F(g.QMinMvar)}\t1\t{F(data.BaseMva)}\t1\t{F(g.PMaxMw)}\t{F(g.PMinMw)};\n");
        }

        writer.Write("];\n\n%% fbus tbus r x b rateA rateB rateC ratio angle status angmin angmax\nmpc.branch = [\n");
        foreach (var br in data.Branches)
        {
            var rate = br.MaxCurrentPu is { } i ? i * data.BaseMva : br.RateMva ?? 0;
            writer.Write($"\t{br.FromBus}\t{br.ToBus}\t{F(br.RPu)}\t{F(br.XPu)}\t0\t{F(rate)}\t0\t0\t0\t0\t1\t-360\t360;\n");
        }

        writer.Write("];\n\n%% 2 startup shutdown n c1 c0 (linear costs, $/MWh)\nmpc.gencost = [\n");
        writer.Write($"\t2\t0\t0\t2\t{F(data.EnergyPricePerMwh)}\t0;\n");
        foreach (var g in data.Generators)
        {
            writer.Write($"\t2\t0\t0\t2\t{F(g.CostPerMwh)}\t0;\n");
        }

        writer.Write("];\n");
    }

    private static string F(double value) => double.IsPositiveInfinity(value) ? "Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Identifier(string name)
    {
        var chars = name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray();
        return chars.Length > 0 && char.IsLetter(chars[0]) ? new string(chars) : "case_" + new string(chars);
    }
}
