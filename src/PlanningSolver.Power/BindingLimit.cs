using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>A load that can grow, for <see cref="BindingLimit.At"/>: one unit draws <paramref name="Mw"/> and
/// <paramref name="Mvar"/> at bus index <paramref name="Bus"/>.</summary>
public readonly record struct LoadUnit(int Bus, double Mw, double Mvar);

/// <summary>
/// A voltage or current limit that binds at an OPF point, with how fast each of some loads uses up its slack:
/// <c>∂g/∂y_s</c> for g = v_min² − v² (a floor), v² − v_max² (a ceiling) or ℓ − ℓ_max (a branch's squared current), per
/// unit of load s. Where the limit binds with multiplier μ ≥ 0, the marginal costs of the loads carry μ·∂g/∂y_s on top of
/// their smooth part (the OPF's KKT conditions), so the rows are the directions of the grid cost's subgradients at a kink.
/// </summary>
/// <param name="Name">What binds, e.g. <c>v_min at bus 17</c>.</param>
/// <param name="PerUnit">∂g/∂y_s for each load of the call (p.u.² per unit of load).</param>
/// <param name="Excess">g at a power flow: how far it exceeds the limit (p.u.²; positive: violated).</param>
public sealed record BindingLimit(string Name, double[] PerUnit, Func<PowerFlowResult, double> Excess)
{
    /// <summary>A voltage within this (p.u.) of its limit, or a squared current within this fraction of its limit, binds.</summary>
    public const double Tolerance = 1e-7;

    /// <summary>Load step (MW-equivalent per unit) of the central differences.</summary>
    private const double StepMw = 1e-4;

    /// <summary>
    /// The limits that bind at an OPF result of <paramref name="feeder"/> (not the substations' own voltage bounds), with
    /// their rows for <paramref name="loads"/>: central differences of the exact AC power flow (backward/forward sweep) at
    /// the OPF's operating point (its served loads, generator outputs and substation voltages). On a radial feeder whose
    /// relaxation is exact that is the DistFlow OPF's own sensitivity, losses included (LinDistFlow, which drops them, was
    /// 10–15 % off on case33bw).
    /// </summary>
    public static IReadOnlyList<BindingLimit> At(Feeder feeder, OpfResult opf, IReadOnlyList<LoadUnit> loads)
    {
        ArgumentNullException.ThrowIfNull(feeder);
        ArgumentNullException.ThrowIfNull(opf);
        ArgumentNullException.ThrowIfNull(loads);
        var n = feeder.BusCount;
        if (opf.Buses.Count != n || opf.Branches.Count != feeder.BranchCount)
        {
            return [];
        }

        var binding = new List<(string Name, Func<PowerFlowResult, double> Excess)>();
        for (var i = 0; i < n; i++)
        {
            if (feeder.IsRoot(i))
            {
                continue;
            }

            var bus = i;
            var v = opf.Buses[i].VPu;
            var (vmin, vmax) = (feeder.VMin[i] * feeder.VMin[i], feeder.VMax[i] * feeder.VMax[i]);
            if (Math.Abs(v - feeder.VMin[i]) <= Tolerance)
            {
                binding.Add(($"v_min at bus {feeder.Ids[i]}", r => vmin - (r.Buses[bus].VPu * r.Buses[bus].VPu)));
            }
            else if (Math.Abs(v - feeder.VMax[i]) <= Tolerance)
            {
                binding.Add(($"v_max at bus {feeder.Ids[i]}", r => (r.Buses[bus].VPu * r.Buses[bus].VPu) - vmax));
            }

            var lmax = feeder.MaxCurrentSquared[i];
            var slot = feeder.BranchSlot(i);
            var current = opf.Branches[slot].CurrentPu;
            if (double.IsFinite(lmax) && lmax > 0 && Math.Abs((current * current) - lmax) <= Tolerance * lmax)
            {
                binding.Add(($"current of branch {feeder.Ids[feeder.Parent(i)]}-{feeder.Ids[i]}", r => (r.Branches[slot].CurrentPu * r.Branches[slot].CurrentPu) - lmax));
            }
        }

        if (binding.Count == 0)
        {
            return [];
        }

        var (p, q) = NetLoads(feeder, opf, [.. opf.Buses.Select(b => b.PLoadMw - b.UnservedMw)], [.. opf.Buses.Select(b => b.QLoadMvar)]);
        var substation = feeder.Roots.Select(r => opf.Buses[r].VPu).ToArray();
        var rows = binding.Select(_ => new double[loads.Count]).ToArray();
        var stop = Stop;
        for (var s = 0; s < loads.Count; s++)
        {
            var load = loads[s];
            var largest = Math.Max(Math.Abs(load.Mw), Math.Abs(load.Mvar));
            if (!(largest > 0))
            {
                continue;
            }

            var h = StepMw / largest;
            var (p0, q0) = (p[load.Bus], q[load.Bus]);
            p[load.Bus] = p0 + (h * load.Mw / feeder.BaseMva);
            q[load.Bus] = q0 + (h * load.Mvar / feeder.BaseMva);
            var up = PowerFlow.Solve(feeder, p, q, substation, stop);
            p[load.Bus] = p0 - (h * load.Mw / feeder.BaseMva);
            q[load.Bus] = q0 - (h * load.Mvar / feeder.BaseMva);
            var down = PowerFlow.Solve(feeder, p, q, substation, stop);
            (p[load.Bus], q[load.Bus]) = (p0, q0);
            for (var j = 0; j < binding.Count; j++)
            {
                rows[j][s] = (binding[j].Excess(up) - binding[j].Excess(down)) / (2 * h);
            }
        }

        return [.. binding.Select((b, j) => new BindingLimit(b.Name, rows[j], b.Excess))];
    }

    /// <summary>
    /// The power flow at other bus loads (MW, Mvar, bus index order) with the generators and substation voltages of the
    /// OPF point <paramref name="opf"/>, whose limits' <see cref="Excess"/> it is read for.
    /// </summary>
    public static PowerFlowResult PowerFlowAt(Feeder feeder, OpfResult opf, ReadOnlySpan<double> pMw, ReadOnlySpan<double> qMvar)
    {
        ArgumentNullException.ThrowIfNull(feeder);
        ArgumentNullException.ThrowIfNull(opf);
        var (p, q) = NetLoads(feeder, opf, pMw, qMvar);
        return PowerFlow.Solve(feeder, p, q, [.. feeder.Roots.Select(r => opf.Buses[r].VPu)], Stop);
    }

    private static StopCriteria Stop { get; } = new(1e-13, 200);

    /// <summary>Loads net of the OPF point's generator outputs, p.u.</summary>
    private static (double[] P, double[] Q) NetLoads(Feeder feeder, OpfResult opf, ReadOnlySpan<double> pMw, ReadOnlySpan<double> qMvar)
    {
        var p = new double[feeder.BusCount];
        var q = new double[feeder.BusCount];
        for (var j = 0; j < p.Length; j++)
        {
            p[j] = pMw[j] / feeder.BaseMva;
            q[j] = qMvar[j] / feeder.BaseMva;
        }

        foreach (var g in opf.Generators)
        {
            var j = feeder.IndexOf(g.BusId);
            p[j] -= g.PMw / feeder.BaseMva;
            q[j] -= g.QMvar / feeder.BaseMva;
        }

        return (p, q);
    }
}
