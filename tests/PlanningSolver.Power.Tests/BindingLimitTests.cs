using PlanningSolver.Power;
using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

/// <summary>
/// <see cref="BindingLimit"/>'s rows are the directions in which a binding limit moves the DLMPs. Second method: the
/// OPF's own duals. At the same served loads, the DLMPs of the OPF with the limit minus those of the OPF without it are
/// μ·∂g/∂(load) at every bus for one multiplier μ (the KKT conditions of the branch-flow OPF, whose loss terms are the
/// same at the same operating point), so their ratio to the rows is one constant across the feeder.
/// </summary>
public sealed class BindingLimitTests
{
    [SharedDataFact(Case33.File)]
    public void A_binding_voltage_floor_moves_every_dlmp_along_its_row()
    {
        // case33bw at base load reaches 0.9131 p.u. at bus 18 (MATPOWER runpf, ../shared/data/matpower/README.md): a floor
        // of 0.92 binds there, and the OPF meets it by shedding load.
        var data = Case33.Feeder.Data;
        var limited = Feeder.Build(data with { Buses = [.. data.Buses.Select(b => b.Id == data.SubstationBus ? b : b with { VMinPu = 0.92 })] });
        var free = Feeder.Build(data with { Buses = [.. data.Buses.Select(b => b.Id == data.SubstationBus ? b : b with { VMinPu = 0.5 })] });
        CheckRows(limited, free, "v_min at bus 18");
    }

    [SharedDataFact(Case33.File)]
    public void A_binding_current_limit_moves_every_dlmp_along_its_row()
    {
        // The branch 3-4 carries 2.6 MVA at base load (power flow); a limit below that binds.
        var data = Case33.Feeder.Data;
        var pf = PowerFlow.Solve(Case33.Feeder);
        var current = pf.Branches[Case33.Feeder.BranchSlot(Case33.Feeder.IndexOf(4))].CurrentPu;
        var limited = Feeder.Build(data with
        {
            Branches = [.. data.Branches.Select(b => (b.FromBus, b.ToBus) == (3, 4) ? b with { MaxCurrentPu = 0.9 * current } : b)],
        });
        CheckRows(limited, Case33.Feeder, "current of branch 3-4");
    }

    private static void CheckRows(Feeder limited, Feeder free, string name)
    {
        using var opf = new OpfSolver(limited, new OpfOptions(SoftLoad: true));
        var result = opf.Solve();
        Assert.True(result.UnservedMw > 0, "the limit binds");
        var buses = Enumerable.Range(0, limited.BusCount).Where(j => !limited.IsRoot(j)).ToArray();
        var active = BindingLimit.At(limited, result, [.. buses.Select(j => new LoadUnit(j, 1, 0))]);
        var reactive = BindingLimit.At(limited, result, [.. buses.Select(j => new LoadUnit(j, 0, 1))]);
        Assert.Contains(name, active.Select(l => l.Name));

        using var reference = new OpfSolver(free, new OpfOptions(SoftLoad: true));
        reference.SetLoads([.. result.Buses.Select(b => b.PLoadMw - b.UnservedMw)], [.. result.Buses.Select(b => b.QLoadMvar)]);
        var without = reference.Solve();
        Assert.Equal(0, without.UnservedMw, 9);

        // The multipliers by least squares on the active DLMPs (normal equations; one row per binding limit), then every
        // bus's active and reactive DLMP against μ·rows.
        var m = active.Count;
        var moved = buses.Select(j => result.Buses[j].DlmpPPerMwh - without.Buses[j].DlmpPPerMwh).ToArray();
        var normal = new double[m, m + 1];
        for (var a = 0; a < m; a++)
        {
            for (var k = 0; k < buses.Length; k++)
            {
                for (var b = 0; b < m; b++)
                {
                    normal[a, b] += active[a].PerUnit[k] * active[b].PerUnit[k];
                }

                normal[a, m] += active[a].PerUnit[k] * moved[k];
            }
        }

        var mu = Solve(normal, m);
        Assert.All(mu, x => Assert.True(x > 0, $"multipliers {string.Join(", ", mu)}"));
        var scale = moved.Max(Math.Abs);
        for (var k = 0; k < buses.Length; k++)
        {
            var j = buses[k];
            var p = Enumerable.Range(0, m).Sum(a => mu[a] * active[a].PerUnit[k]);
            var q = Enumerable.Range(0, m).Sum(a => mu[a] * reactive[a].PerUnit[k]);
            Assert.True(Math.Abs(moved[k] - p) <= 1e-4 * scale, $"bus {limited.Ids[j]}: DLMP_p moved by {moved[k]}, μ·rows {p}");
            var movedQ = result.Buses[j].DlmpQPerMvarh - without.Buses[j].DlmpQPerMvarh;
            Assert.True(Math.Abs(movedQ - q) <= 1e-4 * scale, $"bus {limited.Ids[j]}: DLMP_q moved by {movedQ}, μ·rows {q}");
        }
    }

    /// <summary>Gaussian elimination with partial pivoting of an m × (m + 1) augmented system.</summary>
    private static double[] Solve(double[,] a, int m)
    {
        for (var c = 0; c < m; c++)
        {
            var pivot = Enumerable.Range(c, m - c).MaxBy(r => Math.Abs(a[r, c]));
            for (var k = 0; k <= m; k++)
            {
                (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            }

            for (var r = 0; r < m; r++)
            {
                if (r != c)
                {
                    var f = a[r, c] / a[c, c];
                    for (var k = 0; k <= m; k++)
                    {
                        a[r, k] -= f * a[c, k];
                    }
                }
            }
        }

        return [.. Enumerable.Range(0, m).Select(r => a[r, m] / a[r, r])];
    }
}
