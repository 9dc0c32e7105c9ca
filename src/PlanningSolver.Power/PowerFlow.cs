using System.Diagnostics;
using System.Numerics;
using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>Per-bus result of a power flow.</summary>
/// <param name="BusId">Bus id.</param>
/// <param name="VPu">Voltage magnitude, p.u.</param>
/// <param name="AngleDeg">Voltage angle, degrees (substation = 0).</param>
/// <param name="PLoadMw">Active load served, MW.</param>
/// <param name="QLoadMvar">Reactive load served, Mvar.</param>
public sealed record PowerFlowBus(int BusId, double VPu, double AngleDeg, double PLoadMw, double QLoadMvar);

/// <summary>Per-branch result of a power flow (sending end = parent side).</summary>
public sealed record PowerFlowBranch(int FromBus, int ToBus, double PMw, double QMvar, double LossMw, double LossMvar, double CurrentPu);

/// <summary>The outcome of <see cref="PowerFlow.Solve"/>.</summary>
public sealed record PowerFlowResult(
    SolveStatus Status,
    int Iterations,
    double SubstationMw,
    double SubstationMvar,
    double LossesMw,
    double LossesMvar,
    double VMinPu,
    int VMinBus,
    IReadOnlyList<PowerFlowBus> Buses,
    IReadOnlyList<PowerFlowBranch> Branches,
    ConvergenceLog Log);

/// <summary>
/// Backward/forward sweep power flow: the exact AC solution on a radial feeder with constant-power loads
/// (current summation backward, voltage drop forward; Shirmohammadi et al. 1988, Baran &amp; Wu 1989). It is the
/// reference point for reports and the seed of the OPF cutting planes. Several feeders in one <see cref="Feeder"/> are
/// swept together, each from its own substation; the result's substation import and losses are their sums,
/// <see cref="PowerFlowResult.Branches"/> lists the branches in bus index order (<see cref="Feeder.BranchSlot"/>).
/// </summary>
public static class PowerFlow
{
    /// <summary>The default stop rule: largest voltage change below 1e-10 p.u., at most 100 sweeps.</summary>
    public static StopCriteria DefaultStop { get; } = new(1e-10, 100);

    /// <summary>Solves at the feeder's base loads times <paramref name="loadScale"/>.</summary>
    public static PowerFlowResult Solve(Feeder feeder, double loadScale = 1.0, StopCriteria? stop = null)
    {
        ArgumentNullException.ThrowIfNull(feeder);
        var p = feeder.PLoad.Select(x => x * loadScale).ToArray();
        var q = feeder.QLoad.Select(x => x * loadScale).ToArray();
        return Solve(feeder, p, q, feeder.SubstationVoltages(), stop);
    }

    /// <summary>Solves for given per-bus loads (p.u., bus index order) and substation voltage (p.u., at every substation).</summary>
    public static PowerFlowResult Solve(Feeder feeder, ReadOnlySpan<double> pLoad, ReadOnlySpan<double> qLoad, double substationVoltage, StopCriteria? stop = null)
    {
        ArgumentNullException.ThrowIfNull(feeder);
        return Solve(feeder, pLoad, qLoad, [.. Enumerable.Repeat(substationVoltage, feeder.Trees.Count)], stop);
    }

    /// <summary>Solves for given per-bus loads (p.u., bus index order) and each feeder's substation voltage (p.u., order
    /// of <see cref="Feeder.Trees"/>).</summary>
    public static PowerFlowResult Solve(
        Feeder feeder, ReadOnlySpan<double> pLoad, ReadOnlySpan<double> qLoad, IReadOnlyList<double> substationVoltages, StopCriteria? stop = null)
    {
        ArgumentNullException.ThrowIfNull(feeder);
        ArgumentNullException.ThrowIfNull(substationVoltages);
        if (substationVoltages.Count != feeder.Trees.Count)
        {
            throw new ArgumentException($"need one substation voltage per feeder ({feeder.Trees.Count}), got {substationVoltages.Count}", nameof(substationVoltages));
        }

        var n = feeder.BusCount;
        if (pLoad.Length != n || qLoad.Length != n)
        {
            throw new ArgumentException($"load vectors must have {n} entries (one per bus)");
        }

        stop = (stop ?? DefaultStop).Validated();
        var clock = Stopwatch.StartNew();
        var net = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            net[i] = new Complex(pLoad[i], qLoad[i]);
        }

        foreach (var g in feeder.Generators)
        {
            net[g.Bus] -= new Complex(g.PSetpoint, g.QSetpoint);
        }

        var v = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = new Complex(substationVoltages[feeder.TreeOf(i)], 0);
        }

        var current = new Complex[n];
        var parent = feeder.ParentArray;
        var children = feeder.ChildrenArray;
        var z = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            z[i] = new Complex(feeder.RArray[i], feeder.XArray[i]);
        }

        var log = new ConvergenceLog();
        var status = SolveStatus.IterationLimit;
        var iteration = 0;
        while (true)
        {
            iteration++;
            // Backward sweep: branch current = own load current + children's branch currents.
            for (var i = n - 1; i >= 0; i--)
            {
                if (parent[i] < 0)
                {
                    continue;
                }

                var total = Complex.Conjugate(net[i] / v[i]);
                foreach (var c in children[i])
                {
                    total += current[c];
                }

                current[i] = total;
            }

            // Forward sweep: voltage drop along each branch from the substation outwards.
            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (parent[i] < 0)
                {
                    continue;
                }

                var updated = v[parent[i]] - (z[i] * current[i]);
                change = Math.Max(change, (updated - v[i]).Magnitude);
                v[i] = updated;
            }

            if (!double.IsFinite(change))
            {
                status = SolveStatus.Failed;
                break;
            }

            log.Add(new IterationRecord(iteration, change, double.NaN, double.NaN, clock.Elapsed.TotalSeconds));
            if (stop.Check(change, iteration, clock.Elapsed.TotalSeconds) is { } s)
            {
                status = s;
                break;
            }
        }

        return Report(feeder, net, pLoad, qLoad, v, current, status, iteration, log);
    }

    private static PowerFlowResult Report(
        Feeder feeder, Complex[] net, ReadOnlySpan<double> pLoad, ReadOnlySpan<double> qLoad, Complex[] v, Complex[] current, SolveStatus status, int iteration, ConvergenceLog log)
    {
        var n = feeder.BusCount;
        var baseMva = feeder.BaseMva;
        var buses = new PowerFlowBus[n];
        var vmin = double.PositiveInfinity;
        var vminBus = feeder.Ids[0];
        for (var i = 0; i < n; i++)
        {
            var magnitude = v[i].Magnitude;
            buses[i] = new PowerFlowBus(feeder.Ids[i], magnitude, v[i].Phase * 180 / Math.PI, pLoad[i] * baseMva, qLoad[i] * baseMva);
            if (magnitude < vmin)
            {
                vmin = magnitude;
                vminBus = feeder.Ids[i];
            }
        }

        var branches = new PowerFlowBranch[feeder.BranchCount];
        double lossP = 0, lossQ = 0;
        for (var i = 0; i < n; i++)
        {
            if (feeder.IsRoot(i))
            {
                continue;
            }

            var sending = v[feeder.Parent(i)] * Complex.Conjugate(current[i]);
            var i2 = current[i].Magnitude * current[i].Magnitude;
            var lp = feeder.R[i] * i2;
            var lq = feeder.X[i] * i2;
            lossP += lp;
            lossQ += lq;
            branches[feeder.BranchSlot(i)] = new PowerFlowBranch(
                feeder.Ids[feeder.Parent(i)], feeder.Ids[i], sending.Real * baseMva, sending.Imaginary * baseMva, lp * baseMva, lq * baseMva, current[i].Magnitude);
        }

        var root = Complex.Zero;
        foreach (var r in feeder.Roots)
        {
            root += net[r];
            foreach (var c in feeder.Children(r))
            {
                root += v[r] * Complex.Conjugate(current[c]);
            }
        }

        return new PowerFlowResult(
            status, iteration, root.Real * baseMva, root.Imaginary * baseMva, lossP * baseMva, lossQ * baseMva, vmin, vminBus, buses, branches, log);
    }
}
