using PlanningSolver.Core;
using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

public sealed class PowerFlowTests
{
    // Reference: MATPOWER 8.1.1-dev runpf under Octave and an independent Python sweep
    // (../shared/data/matpower/README.md, design.md §9): 202.677126 kW, 135.140971 kvar, vmin 0.91309048 at bus 18,
    // substation 3917.68 kW / 2435.14 kvar.
    [SharedDataFact(Case33.File)]
    public void Case33bw_matches_matpower_runpf()
    {
        var pf = PowerFlow.Solve(Case33.Feeder);
        Assert.Equal(SolveStatus.Converged, pf.Status);
        Assert.Equal(202.677, pf.LossesMw * 1000, 0.005);
        Assert.Equal(135.141, pf.LossesMvar * 1000, 0.005);
        Assert.Equal(0.91309, pf.VMinPu, 0.000005);
        Assert.Equal(18, pf.VMinBus);
        Assert.Equal(3917.68, pf.SubstationMw * 1000, 0.01);
        Assert.Equal(2435.14, pf.SubstationMvar * 1000, 0.01);
    }

    [SharedDataFact(Case33.File)]
    public void Power_balance_closes_load_plus_losses()
    {
        // Conservation (independent of any reference): import = total load (3715 kW, README) + losses.
        var pf = PowerFlow.Solve(Case33.Feeder);
        Assert.Equal(3.715 + pf.LossesMw, pf.SubstationMw, 1e-9);
        Assert.Equal(2.300 + pf.LossesMvar, pf.SubstationMvar, 1e-9);
    }

    [Fact]
    public void Two_bus_feeder_matches_the_closed_form()
    {
        // One branch r + jx feeding P + jQ at the far end: V2 solves V2^4 + (2(rP + xQ) − V1²)V2² + (r² + x²)(P² + Q²) = 0
        // (Baran & Wu 1989, eq. for a single branch); the sweep must reproduce the larger root.
        const double r = 0.01, x = 0.02, p = 0.5, q = 0.2;
        var feeder = Feeder.Build(new FeederData("two", 1, 1, 1.0, 1.0, 1.0, 0,
            [new FeederBus(1, 0, 0, 0.9, 1.1), new FeederBus(2, p, q, 0.9, 1.1)], [new FeederBranch(1, 2, r, x)], []));
        var b = (2 * ((r * p) + (x * q))) - 1;
        var c = ((r * r) + (x * x)) * ((p * p) + (q * q));
        var v2 = Math.Sqrt((-b + Math.Sqrt((b * b) - (4 * c))) / 2);
        var pf = PowerFlow.Solve(feeder);
        Assert.Equal(v2, pf.Buses[1].VPu, 1e-10);
    }
}
