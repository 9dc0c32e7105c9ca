using PlanningSolver.Core;
using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

/// <summary>The 69-bus feeder from ../shared/data/matpower (read in place).</summary>
internal static class Case69
{
    public const string File = "matpower/case69.m";

    /// <summary>
    /// case69 with two dispatchable generators (issue 12: "case69 feeder with two dispatchable generators"): bus 27 at
    /// 50 $/MWh (below every energy price of the sequence) and bus 61 at 200 $/MWh (inside the price range), 1 MW and
    /// ±0.6 Mvar each; file voltage bounds (0.9–1.1 p.u., substation fixed at 1.0).
    /// </summary>
    public static Feeder WithTwoGenerators()
    {
        var data = MatpowerReader.Read(SharedData.Path(File));
        return Feeder.Build(data with
        {
            Generators = [new FeederGenerator(27, 0, 1.0, -0.6, 0.6, 50), new FeederGenerator(61, 0, 1.0, -0.6, 0.6, 200)],
        });
    }
}

public sealed class ReusedOpfTests
{
    // The coupled evaluator keeps one OpfSolver per hour and re-solves it at every coupling iteration (new station
    // loads, same price), with soft load at 10,000 $/MWh. Before the fix this replay (case69, two generators) failed at
    // step 9: the reused solver's polish LP, warm-started from a basis of the rewritten cut rows, ended GLOP ABNORMAL
    // (status failed, "OPF failed at hour H" in an evaluation) while the fresh solve converged; at steps 30-39 the cut
    // rounds stalled (iteration_limit) in the reused and/or the fresh solver.
    // Second method: a fresh OpfSolver built for each step's inputs alone (what the standalone `opf` command solves).
    [SharedDataFact(Case69.File)]
    public void Reused_solver_over_a_coupling_sequence_equals_a_fresh_solver_at_every_step()
    {
        var feeder = Case69.WithTwoGenerators();
        var options = new OpfOptions(SoftLoad: true, UnservedPenaltyPerMwh: 10_000, DiagnoseInfeasibility: true);
        int[] stations = [feeder.IndexOf(12), feeder.IndexOf(29), feeder.IndexOf(50), feeder.IndexOf(65)];
        using var reused = new OpfSolver(feeder, options);
        var step = 0;
        foreach (var (p, q, price) in CouplingSequence(feeder, stations, seed: 4, hours: 4, iterations: 10))
        {
            reused.SetLoads(p, q);
            reused.SetPrice(price);
            var a = reused.Solve();
            using var fresh = new OpfSolver(feeder, options);
            fresh.SetLoads(p, q);
            fresh.SetPrice(price);
            var b = fresh.Solve();
            Assert.True(b.Status == SolveStatus.Converged, $"step {step}: fresh solve {b.Status.ToText()}");
            Assert.True(a.Status == SolveStatus.Converged, $"step {step}: reused solve {a.Status.ToText()} where the fresh one converged");
            Assert.True(Math.Abs(a.ObjectivePerHour - b.ObjectivePerHour) <= 1e-9 * Math.Abs(b.ObjectivePerHour),
                $"step {step}: objective {a.ObjectivePerHour:R} (reused) vs {b.ObjectivePerHour:R} (fresh)");
            Assert.Equal(b.UnservedMw, a.UnservedMw, 1e-7);
            for (var j = 0; j < feeder.BusCount; j++)
            {
                Assert.True(Math.Abs(a.Buses[j].VPu - b.Buses[j].VPu) <= 1e-6, $"step {step}, bus {feeder.Ids[j]}: v {a.Buses[j].VPu:R} vs {b.Buses[j].VPu:R}");
            }

            foreach (var s in stations)
            {
                // The prices the evaluator charges at the stations (active and reactive DLMPs).
                var dp = Math.Abs(a.Buses[s].DlmpPPerMwh - b.Buses[s].DlmpPPerMwh);
                var dq = Math.Abs(a.Buses[s].DlmpQPerMvarh - b.Buses[s].DlmpQPerMvarh);
                Assert.True(dp <= 1e-6 * Math.Max(price, Math.Abs(b.Buses[s].DlmpPPerMwh)) && dq <= 1e-6 * Math.Max(price, Math.Abs(b.Buses[s].DlmpPPerMwh)),
                    $"step {step}, bus {feeder.Ids[s]}: DLMP {a.Buses[s].DlmpPPerMwh:R}/{a.Buses[s].DlmpQPerMvarh:R} vs {b.Buses[s].DlmpPPerMwh:R}/{b.Buses[s].DlmpQPerMvarh:R}");
            }

            step++;
        }

        Assert.Equal(40, step);
    }

    /// <summary>
    /// What a coupling loop feeds one hourly solver, for several hours: per hour a base-load factor (0.5–1.3) and an
    /// energy price (60–250 $/MWh), then <paramref name="iterations"/> load vectors in which the charging loads at the
    /// station buses (0–3 MW each, power factor 0.95) move by up to ±0.3 MW between iterations. SplitMix64, so the
    /// sequence does not depend on the runtime's <see cref="Random"/>.
    /// </summary>
    private static IEnumerable<(double[] P, double[] Q, double Price)> CouplingSequence(Feeder feeder, int[] stations, int seed, int hours, int iterations)
    {
        var state = (ulong)seed;
        double Next()
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (z ^ (z >> 31)) / (double)ulong.MaxValue;
        }

        var tanPhi = Math.Tan(Math.Acos(0.95));
        var extra = new double[stations.Length];
        for (var h = 0; h < hours; h++)
        {
            var factor = 0.5 + (0.8 * Next());
            var price = 60 + (190 * Next());
            for (var s = 0; s < extra.Length; s++)
            {
                extra[s] = 3 * Next();
            }

            for (var k = 0; k < iterations; k++)
            {
                var p = new double[feeder.BusCount];
                var q = new double[feeder.BusCount];
                for (var j = 0; j < feeder.BusCount; j++)
                {
                    p[j] = feeder.PLoad[j] * feeder.BaseMva * factor;
                    q[j] = feeder.QLoad[j] * feeder.BaseMva * factor;
                }

                for (var s = 0; s < stations.Length; s++)
                {
                    p[stations[s]] += extra[s];
                    q[stations[s]] += extra[s] * tanPhi;
                }

                yield return (p, q, price);
                for (var s = 0; s < extra.Length; s++)
                {
                    extra[s] = Math.Clamp(extra[s] + (0.6 * (Next() - 0.5)), 0, 3);
                }
            }
        }
    }
}
