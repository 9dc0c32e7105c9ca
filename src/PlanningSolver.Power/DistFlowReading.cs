using PlanningSolver.Core;

namespace PlanningSolver.Power;

/// <summary>
/// Reads one period of a solved DistFlow model into an <see cref="OpfResult"/>: voltages, DLMPs (duals of the balance
/// rows, $/MWh), branch flows, losses and the relaxation gap ℓ·v − P² − Q², shared by the per-period OPF and the
/// storage-coupled model. A grid of several feeders also gets each feeder's own result (<see cref="OpfResult.Feeders"/>).
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
        var whole = Read(feeder, h, solution, pLoad, qLoad, 0..feeder.BusCount, [.. Enumerable.Range(0, feeder.Trees.Count)], backend, objective, violations, gapWarning, seconds);
        if (feeder.Trees.Count == 1)
        {
            return whole;
        }

        var x = solution.Values;
        var parts = new OpfResult[feeder.Trees.Count];
        for (var k = 0; k < parts.Length; k++)
        {
            // The feeder's own share of the objective: its import at the price, its generators, its unserved-load penalty.
            var cost = h.PricePerMwh[k] * x[h.SubstationP[k]] * feeder.BaseMva;
            for (var g = 0; g < feeder.Generators.Count; g++)
            {
                if (feeder.GeneratorTree[g] == k)
                {
                    cost += feeder.Generators[g].CostPerMwh * x[h.GeneratorP[g]] * feeder.BaseMva;
                }
            }

            var range = feeder.TreeBuses(k);
            var (start, end) = (range.Start.Value, range.End.Value);
            for (var j = start; j < end; j++)
            {
                cost += h.Unserved[j] >= 0 ? h.UnservedPenaltyPerMwh * x[h.Unserved[j]] * feeder.BaseMva : 0;
            }

            var own = violations.Where(v => feeder.TryIndexOf(v.BusId, out var j) && feeder.TreeOf(j) == k).ToArray();
            parts[k] = Read(feeder, h, solution, pLoad, qLoad, range, [k], backend, cost, own, gapWarning, seconds);
        }

        return whole with { Feeders = parts };
    }

    private static OpfResult Read(
        Feeder feeder, DistFlowPeriod h, ConicSolution solution, ReadOnlySpan<double> pLoad, ReadOnlySpan<double> qLoad, Range range, int[] trees,
        OpfBackend backend, double objective, IReadOnlyList<LimitViolation> violations, double gapWarning, double seconds)
    {
        var (start, end) = (range.Start.Value, range.End.Value);
        var baseMva = feeder.BaseMva;
        var x = solution.Values;
        var duals = solution.RowDuals;
        var buses = new OpfBus[end - start];
        var vmin = double.PositiveInfinity;
        var vminBus = feeder.Ids[start];
        double unserved = 0;
        for (var j = start; j < end; j++)
        {
            var v = Math.Sqrt(Math.Max(0, x[h.V[j]]));
            var u = h.Unserved[j] >= 0 ? x[h.Unserved[j]] * baseMva : 0;
            unserved += u;
            buses[j - start] = new OpfBus(feeder.Ids[j], v, pLoad[j] * baseMva, qLoad[j] * baseMva, duals[h.PBalance[j]] / baseMva, duals[h.QBalance[j]] / baseMva, u);
            if (v < vmin)
            {
                vmin = v;
                vminBus = feeder.Ids[j];
            }
        }

        var branches = new List<OpfBranch>(end - start);
        double lossP = 0, lossQ = 0, gap = 0;
        for (var j = start; j < end; j++)
        {
            var i = feeder.Parent(j);
            if (i < 0)
            {
                continue;
            }

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
            branches.Add(new OpfBranch(
                feeder.Ids[i], feeder.Ids[j], p * baseMva, q * baseMva, feeder.R[j] * l * baseMva, feeder.X[j] * l * baseMva, Math.Sqrt(Math.Max(0, l)), g));
        }

        var generators = new List<OpfGenerator>(h.GeneratorP.Length);
        for (var g = 0; g < h.GeneratorP.Length; g++)
        {
            if (trees.Contains(feeder.GeneratorTree[g]))
            {
                generators.Add(new OpfGenerator(feeder.Ids[feeder.Generators[g].Bus], x[h.GeneratorP[g]] * baseMva, x[h.GeneratorQ[g]] * baseMva));
            }
        }

        double importP = 0, importQ = 0;
        foreach (var k in trees)
        {
            importP += x[h.SubstationP[k]] * baseMva;
            importQ += x[h.SubstationQ[k]] * baseMva;
        }

        return new OpfResult(
            solution.Status, backend, objective, importP, importQ, lossP * baseMva, lossQ * baseMva,
            vmin, vminBus, gap, unserved, buses, branches, violations, solution.Log, seconds)
        {
            RelaxationInexact = gap > gapWarning,
            Generators = generators,
        };
    }
}
