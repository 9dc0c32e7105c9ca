namespace PlanningSolver.Power.Tests;

/// <summary><see cref="RadialTopology"/> on hand-drawn graphs (the expected defect is read off the drawing).</summary>
public sealed class RadialTopologyTests
{
    [Fact]
    public void A_spanning_tree_has_no_defect()
    {
        // 0 ─ 1 ─ 2, 1 ─ 3 ─ 4
        Assert.Null(RadialTopology.Check(5, 0, [(0, 1), (1, 2), (1, 3), (3, 4)]));
    }

    [Fact]
    public void A_tree_listed_leaf_first_has_no_defect()
    {
        Assert.Null(RadialTopology.Check(4, 2, [(3, 1), (1, 0), (0, 2)]));
    }

    [Fact]
    public void A_loop_names_the_first_branch_in_input_order_that_closes_it()
    {
        // 0 ─ 1 ─ 2 ─ 3 plus the tie 3 ─ 0 (branch 3) and a later leaf 3 ─ 4.
        var defect = RadialTopology.Check(5, 0, [(0, 1), (1, 2), (2, 3), (3, 0), (3, 4)]);
        Assert.Equal(new TopologyDefect(TopologyDefectKind.Loop, Branch: 3), defect);
    }

    [Fact]
    public void Parallel_branches_are_a_loop()
    {
        Assert.Equal(new TopologyDefect(TopologyDefectKind.Loop, Branch: 2), RadialTopology.Check(3, 0, [(0, 1), (1, 2), (2, 1)]));
    }

    [Fact]
    public void A_self_loop_is_named()
    {
        Assert.Equal(new TopologyDefect(TopologyDefectKind.SelfLoop, Branch: 1), RadialTopology.Check(3, 0, [(0, 1), (2, 2), (1, 2)]));
    }

    [Fact]
    public void An_island_names_its_first_bus_and_counts_every_cut_off_bus()
    {
        // 0 ─ 1 and 2 ─ 3 (cut off), 4 alone (cut off): three buses without a path to 0, the first is bus 2.
        Assert.Equal(new TopologyDefect(TopologyDefectKind.Island, Bus: 2, IslandBuses: 3), RadialTopology.Check(5, 0, [(0, 1), (2, 3)]));
    }

    [Fact]
    public void The_island_is_relative_to_the_root()
    {
        // Same graph, rooted at 3: buses 0, 1 and 4 are cut off, the first is 0.
        Assert.Equal(new TopologyDefect(TopologyDefectKind.Island, Bus: 0, IslandBuses: 3), RadialTopology.Check(5, 3, [(0, 1), (2, 3)]));
    }

    [Fact]
    public void A_single_bus_is_a_tree()
    {
        Assert.Null(RadialTopology.Check(1, 0, []));
    }
}
