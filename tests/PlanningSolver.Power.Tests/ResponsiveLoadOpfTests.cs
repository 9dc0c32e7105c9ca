using PlanningSolver.Core;
using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

/// <summary>
/// The market-clearing OPF with a linear demand. Each test checks the two conditions that define the clearing point with
/// independent means: the demand equation y* = y₀ + J(p − p₀) at the reported price p = marginal cost + added price
/// (arithmetic on the inputs), and that the reported marginal cost is the grid's — a fresh fixed-load OPF at the reported
/// loads gives the same DLMPs where the grid cost is smooth, and at a binding limit the price lies between the one-sided
/// derivatives of the fixed-load OPF cost (finite differences of fresh solves), i.e. it is a subgradient.
/// </summary>
public sealed class ResponsiveLoadOpfTests
{
    private const double TanPhi = 0.32868410517886206; // power factor 0.95
    private const double UnitMw = 0.1;
    private const double DemandTolerance = 2e-3;

    [SharedDataFact(Case33.File)]
    public void Smooth_clearing_point_meets_the_demand_and_the_fixed_load_opf_prices()
    {
        var feeder = Feeder.Build(Case33.Feeder.Data with
        {
            Buses = [.. Case33.Feeder.Data.Buses.Select(b => b.Id == Case33.Feeder.Data.SubstationBus ? b : b with { VMinPu = 0.8, VMaxPu = 1.1 })],
        });
        int[] buses = [feeder.IndexOf(18), feeder.IndexOf(33)];
        var demand = new LinearDemand([3, 3], [6, 6], new double[,] { { -2, 0.5 }, { 0.5, -1 } }, [0.2, 0.2], [0, 0], [100, 100]);
        var (result, _) = Clear(feeder, buses, demand);

        AssertDemandEquation(demand, result);
        var fixedLoad = FixedLoadOpf(feeder, buses, result.Units);
        for (var s = 0; s < buses.Length; s++)
        {
            var bus = fixedLoad.Buses[buses[s]];
            var marginal = (bus.DlmpPPerMwh * UnitMw) + (bus.DlmpQPerMvarh * UnitMw * TanPhi);
            Assert.True(Math.Abs(marginal - result.MarginalCostPerUnit[s]) <= 1e-6 * Math.Abs(marginal),
                $"load {s}: clearing marginal cost {result.MarginalCostPerUnit[s]:R} vs fixed-load OPF {marginal:R}");
        }

        Assert.Equal(fixedLoad.ObjectivePerHour, result.GridCostPerHour, 1e-6 * Math.Abs(fixedLoad.ObjectivePerHour));
        for (var j = 0; j < feeder.BusCount; j++)
        {
            Assert.Equal(fixedLoad.Buses[j].VPu, result.Opf.Buses[j].VPu, 1e-7);
        }
    }

    [SharedDataFact(Case33.File)]
    public void At_a_binding_voltage_floor_the_price_is_a_subgradient_the_demand_selects()
    {
        // The demand at p₀ = 30 $/unit would draw ~25 units (2.5 MW) at bus 18, far below what the 0.9 p.u. floor allows:
        // the clearing point sits on the floor and the price rises above the smooth marginal cost.
        var feeder = Feeder.Build(Case33.Feeder.Data with
        {
            Buses = [.. Case33.Feeder.Data.Buses.Select(b => b.Id == Case33.Feeder.Data.SubstationBus ? b : b with { VMinPu = 0.9, VMaxPu = 1.1 })],
        });
        int[] buses = [feeder.IndexOf(18), feeder.IndexOf(25)];
        var demand = new LinearDemand([1, 1], [30, 30], new double[,] { { -1, 0 }, { 0, -0.05 } }, [0, 0], [0, 0], [100, 100]);
        var (result, _) = Clear(feeder, buses, demand);

        AssertDemandEquation(demand, result);
        Assert.True(result.Opf.VMinPu <= 0.9 + 1e-7, $"vmin {result.Opf.VMinPu:R}: the floor does not bind; the test needs it to");
        var cost = FixedLoadOpf(feeder, buses, result.Units).ObjectivePerHour;
        const double H = 1e-4;
        for (var s = 0; s < buses.Length; s++)
        {
            var up = (double[])result.Units.Clone();
            up[s] += H;
            var down = (double[])result.Units.Clone();
            down[s] -= H;
            var right = (FixedLoadOpf(feeder, buses, up, allowUnserved: true).ObjectivePerHour - cost) / H;
            var left = (cost - FixedLoadOpf(feeder, buses, down).ObjectivePerHour) / H;
            var price = result.MarginalCostPerUnit[s];
            Assert.True(price >= left - 1e-4 && price <= right + 1e-4, $"load {s}: price {price:R} outside [{left:R}, {right:R}]");
        }
    }

    [SharedDataFact(Case33.File)]
    public void A_direction_without_response_keeps_its_total()
    {
        // J = −c (I − 11ᵀ/2): only the price difference moves the loads, so their sum stays at the anchor's.
        var feeder = Case33.Feeder;
        int[] buses = [feeder.IndexOf(18), feeder.IndexOf(33)];
        var demand = new LinearDemand([4, 2], [5, 5], new double[,] { { -1.5, 1.5 }, { 1.5, -1.5 } }, [0, 0], [0, 0], [100, 100]);
        var (result, _) = Clear(feeder, buses, demand);
        Assert.Equal(6, result.Units.Sum(), 1e-8);
        // Along the responding direction the demand equation holds: y₁ − y₂ moves by −3 (p₁ − p₂ − 0).
        var change = (result.Units[0] - 4) - (result.Units[1] - 2);
        Assert.Equal(-3 * (result.MarginalCostPerUnit[0] - result.MarginalCostPerUnit[1]), change, 1e-6);
    }

    private static (ResponsiveLoadResult Result, Feeder Feeder) Clear(Feeder feeder, int[] buses, LinearDemand demand)
    {
        var loads = buses.Select(b => new ResponsiveLoad(b, UnitMw, UnitMw * TanPhi)).ToArray();
        using var opf = new ResponsiveLoadOpf(feeder, loads, new OpfOptions(SoftLoad: true));
        opf.SetBaseLoads(feeder.PLoad.Select(p => p * feeder.BaseMva).ToArray(), feeder.QLoad.Select(q => q * feeder.BaseMva).ToArray());
        var result = opf.Solve(demand);
        Assert.True(result.Status == SolveStatus.Converged, $"{result.Status.ToText()}: {result.Message}");
        return (result, feeder);
    }

    private static void AssertDemandEquation(LinearDemand demand, ResponsiveLoadResult result)
    {
        var n = demand.AnchorUnits.Length;
        for (var r = 0; r < n; r++)
        {
            var expected = demand.AnchorUnits[r];
            for (var c = 0; c < n; c++)
            {
                expected += demand.Response[r, c] * (result.MarginalCostPerUnit[c] + demand.AddedPricePerUnit[c] - demand.AnchorPrices[c]);
            }

            Assert.True(Math.Abs(expected - result.Units[r]) <= DemandTolerance * Math.Max(1, Math.Abs(expected)),
                $"load {r}: y* = {result.Units[r]:R}, demand at the reported price {expected:R}");
        }
    }

    private static OpfResult FixedLoadOpf(Feeder feeder, int[] buses, double[] units, bool allowUnserved = false)
    {
        using var opf = new OpfSolver(feeder, new OpfOptions(SoftLoad: true));
        var p = feeder.PLoad.Select(v => v * feeder.BaseMva).ToArray();
        var q = feeder.QLoad.Select(v => v * feeder.BaseMva).ToArray();
        for (var s = 0; s < buses.Length; s++)
        {
            p[buses[s]] += UnitMw * units[s];
            q[buses[s]] += UnitMw * TanPhi * units[s];
        }

        opf.SetLoads(p, q);
        var result = opf.Solve();
        Assert.True(result.Status == SolveStatus.Converged, $"fixed-load OPF {result.Status.ToText()}");
        _ = allowUnserved;
        return result;
    }
}
