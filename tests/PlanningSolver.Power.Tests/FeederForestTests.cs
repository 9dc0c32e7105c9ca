using PlanningSolver.Core;
using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

/// <summary>
/// Several radial feeders as one grid (<see cref="Feeder.Build(IReadOnlyList{FeederData})"/>): electrically independent,
/// so an OPF or power flow of the grid is each feeder's own. The second method throughout is the same solver on each
/// feeder alone.
/// </summary>
public sealed class FeederForestTests
{
    private const string Case69File = "matpower/case69.m";

    /// <summary>case33bw, and case69 with its bus ids moved past 33's (ids must differ across the feeders), its
    /// substation at 1.02 p.u. and its loads at 1.3 times: two feeders unlike each other.</summary>
    private static (FeederData A, FeederData B) Pair()
    {
        var a = Case33.Feeder.Data;
        var b69 = MatpowerReader.Read(SharedData.Path(Case69File));
        const int Shift = 100;
        var b = b69 with
        {
            Name = "case69",
            SubstationBus = b69.SubstationBus + Shift,
            SubstationVoltagePu = 1.02,
            SubstationVMinPu = 1.02,
            SubstationVMaxPu = 1.02,
            Buses = [.. b69.Buses.Select(x => x with { Id = x.Id + Shift, PLoadMw = x.PLoadMw * 1.3, QLoadMvar = x.QLoadMvar * 1.3 })],
            Branches = [.. b69.Branches.Select(x => x with { FromBus = x.FromBus + Shift, ToBus = x.ToBus + Shift })],
            Generators = [.. b69.Generators.Select(g => g with { Bus = g.Bus + Shift })],
        };
        return (a, b);
    }

    [SharedDataFact(Case33.File, Case69File)]
    public void Each_feeder_of_a_grid_gets_its_own_opf()
    {
        var (a, b) = Pair();
        var grid = Feeder.Build([a, b]);
        Assert.Equal([0, 33], grid.Roots);
        Assert.Equal(33 + 69 - 2, grid.BranchCount);
        using var both = new OpfSolver(grid);
        var joint = both.Solve();
        Assert.Equal(SolveStatus.Converged, joint.Status);
        Assert.Equal(2, joint.Feeders.Count);
        double objective = 0, import = 0;
        foreach (var (data, part) in new[] { a, b }.Zip(joint.Feeders))
        {
            var alone = Feeder.Build(data);
            using var single = new OpfSolver(alone);
            var own = single.Solve();
            Assert.Equal(SolveStatus.Converged, own.Status);
            // Cutting planes stop at a cone violation of 1e-9 p.u.², so the two solves agree to about that, not bit for bit.
            Assert.Equal(own.ObjectivePerHour, part.ObjectivePerHour, 1e-6 * Math.Abs(own.ObjectivePerHour));
            Assert.Equal(own.SubstationMw, part.SubstationMw, 1e-7);
            Assert.Equal(own.LossesMw, part.LossesMw, 1e-7);
            Assert.Equal(own.VMinBus, part.VMinBus);
            Assert.Equal(own.Buses.Select(x => x.BusId), part.Buses.Select(x => x.BusId));
            for (var j = 0; j < own.Buses.Count; j++)
            {
                Assert.Equal(own.Buses[j].VPu, part.Buses[j].VPu, 1e-7);
                Assert.Equal(own.Buses[j].DlmpPPerMwh, part.Buses[j].DlmpPPerMwh, 1e-4);
            }

            Assert.Equal(own.Branches.Select(x => (x.FromBus, x.ToBus)), part.Branches.Select(x => (x.FromBus, x.ToBus)));
            objective += part.ObjectivePerHour;
            import += part.SubstationMw;
        }

        // The grid's totals are the feeders' sums; its buses are the feeders' buses in turn.
        Assert.Equal(joint.ObjectivePerHour, objective, 1e-9 * Math.Abs(objective));
        Assert.Equal(joint.SubstationMw, import, 1e-12);
        Assert.Equal(joint.Feeders.SelectMany(f => f.Buses), joint.Buses);
        Assert.Equal(joint.Feeders.SelectMany(f => f.Branches), joint.Branches);
        Assert.Equal(joint.Feeders.Min(f => f.VMinPu), joint.VMinPu);
    }

    [SharedDataFact(Case33.File, Case69File)]
    public void A_power_flow_of_a_grid_is_each_feeders_own()
    {
        var (a, b) = Pair();
        var grid = Feeder.Build([a, b]);
        var joint = PowerFlow.Solve(grid);
        Assert.Equal(SolveStatus.Converged, joint.Status);
        var alone = new[] { a, b }.Select(d => PowerFlow.Solve(Feeder.Build(d))).ToArray();
        // The sweep of each feeder is the same arithmetic in both cases; only the stop test sees the other feeder's change.
        Assert.Equal(alone.Sum(r => r.LossesMw), joint.LossesMw, 1e-9);
        Assert.Equal(alone.Sum(r => r.SubstationMw), joint.SubstationMw, 1e-9);
        var buses = alone.SelectMany(r => r.Buses).ToArray();
        Assert.Equal(buses.Select(x => x.BusId), joint.Buses.Select(x => x.BusId));
        for (var j = 0; j < buses.Length; j++)
        {
            Assert.Equal(buses[j].VPu, joint.Buses[j].VPu, 1e-9);
        }

        Assert.Equal(1.02, joint.Buses[grid.Roots[1]].VPu, 12);
        Assert.Equal(alone.SelectMany(r => r.Branches).Select(x => (x.FromBus, x.ToBus)), joint.Branches.Select(x => (x.FromBus, x.ToBus)));
    }

    [SharedDataFact(Case33.File, Case69File)]
    public void Feeders_of_one_grid_need_distinct_bus_ids_and_one_power_base()
    {
        var (a, b) = Pair();
        var clash = Assert.Throws<FeederTopologyException>(() => Feeder.Build([a, a with { Name = "again" }]));
        Assert.Contains("bus 1 of feeder 'again' is also a bus of feeder", clash.Message, StringComparison.Ordinal);
        var bases = Assert.Throws<FeederTopologyException>(() => Feeder.Build([a, b with { BaseMva = 100 }]));
        Assert.Contains("share a power base", bases.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Feeder.Build([a, b]).Data);
    }
}
