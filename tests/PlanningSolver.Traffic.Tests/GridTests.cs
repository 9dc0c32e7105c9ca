using PlanningSolver.Core;

namespace PlanningSolver.Traffic.Tests;

/// <summary>Properties on a generated grid with three classes and charging sites (no external reference needed).</summary>
public sealed class GridTests
{
    private static (AssignmentModel Model, AssignmentRequest Request) ChargingGrid()
    {
        var (data, demand) = GridNetworkGenerator.Create(10, 10, 12, seed: 5, demandPerZone: 1500);
        var model = new AssignmentModel(
            RoadNetwork.FromTntp(data),
            [new VehicleClass("ICEV", 15, 0.12), new VehicleClass("EV", 15), new VehicleClass("EV-charging", 15, Charging: true)],
            [new ChargingSite("a", 20), new ChargingSite("b", 45), new ChargingSite("c", 77), new ChargingSite("closed", 90)],
            new ChargingParameters(25, 0.92),
            new AssignmentSettings(HoursPerTimeUnit: 1.0 / 60));
        var request = new AssignmentRequest([demand.Scaled(0.7), demand.Scaled(0.29), demand.Scaled(0.01)])
        {
            Stations = [new StationState(150, 10, 0.4), new StationState(50, 8, 0.3), new StationState(350, 10, 0.6), new StationState(0, 0, 0.4)],
            Stop = new StopCriteria(1e-7, 3000),
        };
        return (model, request);
    }

    [Fact]
    public void Charging_grid_converges_conserves_charging_demand_and_is_thread_count_independent()
    {
        var (model, request) = ChargingGrid();
        var one = new AssignmentSolver(model, 1).Solve(request);
        var two = new AssignmentSolver(model, 2).Solve(request);
        Assert.Equal(SolveStatus.Converged, one.Status);
        Assert.Equal(request.Demand[2].Total, one.StationFlows.Sum(), 6);
        Assert.Equal(0, one.StationFlows[3]);
        Assert.All(one.StationFlows.Take(3), y => Assert.True(y > 0));
        Assert.Equal(one.Iterations, two.Iterations);
        Assert.Equal(one.LinkFlows, two.LinkFlows);
        Assert.Equal(one.StationFlows, two.StationFlows);
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(one.ClassLinkFlows[k], two.ClassLinkFlows[k]);
        }

        // Generalized cost identity: TSTT = SPTT (1 + gap).
        Assert.Equal(one.Tstt, one.Sptt * (1 + one.RelativeGap), 1e-9 * one.Tstt);
    }

    /// <summary>
    /// Algorithm B's bushes keep their stored form through cold and warm solves (<see cref="BushAssignmentSolver.FindInvalidBush"/>:
    /// origin first, in-slots consecutive, every tail at an earlier position, flows ≥ 0). Rebuilds re-sort a bush only when
    /// an added arc runs against its order (docs/algorithm-b.md, "Rebuilds that keep the order"), so a wrong tail position
    /// in the order-keeping path would break the order silently; here both paths run (three classes, charging sites,
    /// prices moved between the solves).
    /// </summary>
    [Fact]
    public void Algorithm_b_bushes_stay_topologically_ordered_through_cold_and_warm_solves()
    {
        var (model, request) = ChargingGrid();
        var solver = new BushAssignmentSolver(model);
        var cold = solver.Solve(request with { Stop = new StopCriteria(1e-10, 3000) });
        Assert.Equal(SolveStatus.Converged, cold.Status);
        Assert.Null(solver.FindInvalidBush());
        var moved = request with
        {
            Stations = [new StationState(150, 10, 0.55), new StationState(50, 8, 0.2), new StationState(350, 10, 0.6), new StationState(0, 0, 0.4)],
            Stop = new StopCriteria(1e-10, 3000),
        };
        var warm = solver.Solve(moved);
        Assert.Equal(SolveStatus.Converged, warm.Status);
        Assert.True(warm.WarmStarted, "the second solve starts from the first one's bushes");
        Assert.Null(solver.FindInvalidBush());
    }

    [Fact]
    public void More_origins_than_one_block_still_give_thread_count_independent_flows()
    {
        // 2 classes × 45 zones = 90 (class, origin) trees, more than the 64 held at once.
        var (data, demand) = GridNetworkGenerator.Create(12, 12, 45, seed: 9, demandPerZone: 800);
        var model = new AssignmentModel(RoadNetwork.FromTntp(data), [new VehicleClass("a", 10, 0.1), new VehicleClass("b", 30)]);
        var request = new AssignmentRequest([demand.Scaled(0.5), demand.Scaled(0.5)]) { Stop = new StopCriteria(1e-5, 300) };
        var one = new AssignmentSolver(model, 1).Solve(request);
        var two = new AssignmentSolver(model, 2).Solve(request);
        Assert.Equal(one.Iterations, two.Iterations);
        Assert.Equal(one.ClassLinkFlows[0], two.ClassLinkFlows[0]);
        Assert.Equal(one.ClassLinkFlows[1], two.ClassLinkFlows[1]);
        Assert.Equal(one.Sptt, two.Sptt);
    }

    [Fact]
    public void Iterations_allocate_nothing_on_one_thread()
    {
        var (model, request) = ChargingGrid();
        var solver = new AssignmentSolver(model, 1);
        long Allocated(int iterations)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            solver.Solve(request with { Stop = new StopCriteria(0, iterations) });
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Allocated(5);
        var few = Allocated(10);
        var many = Allocated(110);

        // 100 more iterations may only grow the convergence log (40-byte records in a doubling list), not per-iteration arrays
        // (one flow vector of this model is 8 × 3 classes × ~400 arcs ≈ 10 KB).
        Assert.True(many - few < 16 * 1024, $"{many - few} bytes for 100 iterations");
    }
}
