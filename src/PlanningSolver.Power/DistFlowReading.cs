using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>
/// Reads one period of a solved DistFlow model into an <see cref="OpfResult"/>: voltages, DLMPs (duals of the balance
/// rows, $/MWh), branch flows, losses and the relaxation gap ℓ·v − P² − Q², shared by the per-period OPF and the
/// storage-coupled model.
/// </summary>
internal static class DistFlowReading
{
    /// <param name="pLoad">Active load per bus index, p.u.</param>
    /// <param name="qLoad">Reactive load per bus index, p.u.</param>
    /// <param name="objective">The period's objective, $/h.</param>
    public static OpfResult Read(
        Feeder feeder, DistFlowPeriod h, ConicSolution solution, ReadOnlySpan<double> pLoad, ReadOnlySpan<double> qLoad,
        OpfBackend backend, double objective, IReadOnlyList<LimitViolation> violations, double gapWarning, double seconds)
    {
        var n = feeder.BusCount;
        var baseMva = feeder.BaseMva;
        var x = solution.Values;
        var duals = solution.RowDuals;
        var buses = new OpfBus[n];
        var vmin = double.PositiveInfinity;
        var vminBus = feeder.Ids[0];
        double unserved = 0;
        for (var j = 0; j < n; j++)
        {
            var v = Math.Sqrt(Math.Max(0, x[h.V[j]]));
            var u = h.Unserved[j] >= 0 ? x[h.Unserved[j]] * baseMva : 0;
            unserved += u;
            buses[j] = new OpfBus(feeder.Ids[j], v, pLoad[j] * baseMva, qLoad[j] * baseMva, duals[h.PBalance[j]] / baseMva, duals[h.QBalance[j]] / baseMva, u);
            if (v < vmin)
            {
                vmin = v;
                vminBus = feeder.Ids[j];
            }
        }

        var branches = new OpfBranch[n - 1];
        double lossP = 0, lossQ = 0, gap = 0;
        for (var j = 1; j < n; j++)
        {
            var i = feeder.Parent(j);
            var p = x[h.P[j]];
            var q = x[h.Q[j]];
            var vi = x[h.V[i]];
            var l = x[h.L[j]];
            double g;
            if (feeder.R[j] == 0)
            {
                // Zero resistance: ℓ has no cost in the relaxation and may sit anywhere above (P² + Q²)/v; recover it.
                l = vi > 0 ? ((p * p) + (q * q)) / vi : l;
                g = 0;
            }
            else
            {
                g = (l * vi) - (p * p) - (q * q);
            }

            gap = Math.Max(gap, g);
            lossP += feeder.R[j] * l;
            lossQ += feeder.X[j] * l;
            branches[j - 1] = new OpfBranch(
                feeder.Ids[i], feeder.Ids[j], p * baseMva, q * baseMva, feeder.R[j] * l * baseMva, feeder.X[j] * l * baseMva, Math.Sqrt(Math.Max(0, l)), g);
        }

        var generators = new OpfGenerator[h.GeneratorP.Length];
        for (var g = 0; g < generators.Length; g++)
        {
            generators[g] = new OpfGenerator(feeder.Ids[feeder.Generators[g].Bus], x[h.GeneratorP[g]] * baseMva, x[h.GeneratorQ[g]] * baseMva);
        }

        return new OpfResult(
            solution.Status, backend, objective, x[h.SubstationP] * baseMva, x[h.SubstationQ] * baseMva, lossP * baseMva, lossQ * baseMva,
            vmin, vminBus, gap, unserved, buses, branches, violations, solution.Log, seconds)
        {
            RelaxationInexact = gap > gapWarning,
            Generators = generators,
        };
    }
}
