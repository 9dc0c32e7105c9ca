using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Tests;

/// <summary>The reference study's case (cases/paper-8, issue 16): its inheritance from ring-33, Case 2 and Case 2′, and level 0.</summary>
public sealed class PaperCaseTests
{
    private static readonly StudyCase Paper = CaseLoader.Load("paper-8");

    [Fact]
    public void The_default_case_is_paper_8()
    {
        Assert.Equal("paper-8", CaseLoader.Load((string?)null).Name);
    }

    [Fact]
    public void Paper_8_keeps_ring_33_roads_and_feeder_and_sets_its_own_limits_and_levels()
    {
        var ring = CaseLoader.Load("ring-33");
        // Inherited tables (case.json "base": "ring-33").
        Assert.Equal(ring.Links.Select(l => l.Id), Paper.Links.Select(l => l.Id));
        Assert.Equal(ring.Branches.Select(b => (b.From, b.To, b.ROhm)), Paper.Branches.Select(b => (b.From, b.To, b.ROhm)));
        // Own values (cases/paper-8/README.md): GB/T 12325's ±7 % at every bus, 1.05 p.u. at the substation.
        Assert.All(Paper.Buses, b => Assert.Equal((0.93, 1.07), (b.VMinPu, b.VMaxPu)));
        Assert.Equal(1.05, Paper.Parameters.SubstationVoltage);
        Assert.All(Paper.Stations, s => Assert.Equal([0, 60, 90, 120, 180, 240, 350], s.LevelsKw));
        Assert.All(Paper.Stations, s => Assert.Equal(2, s.Units));
    }

    [Fact]
    public void Case_2_of_paper_8_is_the_allowed_level_180_kW_at_every_station()
    {
        // The average of the levels above 0, (60+90+120+180+240+350)/6 = 173.3 kW, is not buildable; the case's
        // uniform_kw picks the allowed level nearest it, 180 kW (|180 − 173.3| = 6.7 < |120 − 173.3| = 53.3).
        Assert.Equal(173.333, Paper.Stations[0].AverageLevelKw, 3);
        var plan = ChargingPlan.Uniform(Paper);
        Assert.All(plan.PowerKw, kw => Assert.Equal(180, kw));
        Assert.All(Paper.Stations, s => Assert.Contains(180.0, s.LevelsKw));
    }

    [Fact]
    public void A_uniform_kw_that_is_not_an_allowed_level_is_refused_naming_the_station()
    {
        var study = CaseOverrides.Apply(Paper, ["uniform_kw=100"]);
        var e = Assert.Throws<InputError>(() => ChargingPlan.Uniform(study));
        Assert.Contains("uniform_kw = 100 kW (Case 2) is not an allowed level of station S1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_uniform_kw_Case_2_stays_the_average_of_the_levels_above_0()
    {
        // ring-33 sets no uniform_kw: its Case 2 stays (60+90+120+180+240+350)/6 = 173.33 kW; on paper-8 with
        // uniform_kw = 0 the 0 level ("not built") does not lower the average.
        Assert.All(ChargingPlan.Uniform(CaseLoader.Load("ring-33")).PowerKw, kw => Assert.Equal(520.0 / 3, kw, 9));
        var study = CaseOverrides.Apply(Paper, ["uniform_kw=0"]);
        Assert.All(ChargingPlan.Uniform(study).PowerKw, kw => Assert.Equal(520.0 / 3, kw, 9));
    }

    [Theory]
    // 16 units in paper-8. Target 2,100 kW: 120 kW gives 1,920 (180 short), 180 kW gives 2,880 (780 over) → 120.
    [InlineData(2100, 120)]
    // Target 2,400 kW: 1,920 and 2,880 are both 480 away → the lower level, 120.
    [InlineData(2400, 120)]
    // Target 5,000 kW: 350 kW gives 5,600 (600 over), 240 kW gives 3,840 (1,160 short) → 350.
    [InlineData(5000, 350)]
    // Target 0: the smallest level above 0 (a uniform plan with nothing built is no plan), 60 kW.
    [InlineData(0, 60)]
    public void Case_2_prime_is_the_uniform_level_with_the_nearest_installed_power(double targetKw, double expectedKw)
    {
        var plan = ChargingPlan.UniformWithInstalledPower(Paper, targetKw);
        Assert.NotNull(plan);
        Assert.All(plan.PowerKw, kw => Assert.Equal(expectedKw, kw));
        Assert.Equal(16 * expectedKw, plan.InstalledKw(Paper), 9);
    }

    [Fact]
    public void A_station_at_level_0_costs_nothing_and_takes_no_charging_flow()
    {
        // S5 not built, the other seven at 180 kW: capital = 500 USD/kW · 2 units · 180 kW · 7 = 1,260,000 plus the fixed
        // costs of the seven built stations (cases/paper-8/stations.csv: S1, S2, S4, S6 150k; S3, S8 120k; S7 180k)
        // = 1,020,000 → 2,280,000 USD; S5's 120,000 USD of fixed cost is not paid.
        var plan = new ChargingPlan([180, 180, 180, 180, 0, 180, 180, 180]);
        Assert.Equal(2_280_000, Economics.CapitalCost(Paper, plan), 6);

        var result = new CoupledEvaluator(Paper, new CouplingOptions(PricingMode.Tou, Threads: 1)).Evaluate(plan);
        Assert.Equal(SolveStatus.Converged, result.Status);
        var s5 = result.Stations.Where(h => h.Station == "S5").ToList();
        Assert.Equal(24, s5.Count);
        Assert.All(s5, h => Assert.Equal(0, h.Flow));
        Assert.All(s5, h => Assert.Equal(0, h.TimeAtStationH));
        // The charging EVs all charge elsewhere: the day's charges are those of the case, Σ_t f_t · trips · EV share · φ.
        var charges = result.Stations.Sum(h => h.Flow);
        var expected = Paper.Profile.Sum(h => h.DemandShare) * Paper.TotalTripsPerDay
            * Paper.Classes.Where(c => c.Kind == VehicleKind.Ev).Sum(c => c.Share * c.ChargingShare);
        Assert.Equal(expected, charges, 3);
        Assert.Empty(StationUse.Unused(Paper, result));
    }

    [Fact]
    public void A_built_station_without_charging_is_flagged_unused()
    {
        var plan = new ChargingPlan([180, 180, 180, 180, 0, 180, 180, 180]);
        var result = new CoupledEvaluator(Paper, new CouplingOptions(PricingMode.Tou, Threads: 1)).Evaluate(plan);
        // Take S3's charging away by hand: built (180 kW) and 0 kWh over the day → flagged; S5 (not built, 0 kWh) is not.
        var emptied = result with
        {
            Stations = result.Stations.Select(h => h.Station == "S3" ? h with { Flow = 0, LoadKw = 0, LoadKvar = 0 } : h).ToList(),
        };
        Assert.Equal(["S3"], StationUse.Unused(Paper, emptied));
    }
}
