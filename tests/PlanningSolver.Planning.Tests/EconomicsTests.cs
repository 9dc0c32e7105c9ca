using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Tests;

public sealed class EconomicsTests
{
    [Fact]
    public void Capital_recovery_factor_matches_the_published_annuity_table()
    {
        // Standard compound-interest tables (capital recovery factor A/P): 8 %, 10 years = 0.14903; 5 %, 20 years = 0.08024.
        Assert.Equal(0.14903, Economics.CapitalRecoveryFactor(0.08, 10), 5);
        Assert.Equal(0.08024, Economics.CapitalRecoveryFactor(0.05, 20), 5);
        Assert.Equal(0.1, Economics.CapitalRecoveryFactor(0, 10), 12);
    }

    [Fact]
    public void Investment_of_the_uniform_ring_33_plan_matches_a_hand_computation()
    {
        // Hand computation from cases/ring-33: 44 units in all (6+6+4+6+4+6+8+4) at the average level
        // (60+90+120+180+240+350)/6 = 173.333 kW and 500 USD/kW → 3,813,333.33 USD; fixed costs
        // 4×150k + 3×120k + 180k = 1,140,000 USD; capital 4,953,333.33 USD; per day × 0.1490295 / 365 = 2,022.45 USD.
        var study = CaseLoader.Load("ring-33");
        var plan = ChargingPlan.Uniform(study);
        Assert.Equal(4_953_333.33, Economics.CapitalCost(study, plan), 2);
        Assert.Equal(2_022.45, Economics.InvestmentPerDay(study, plan), 2);
    }

    [Fact]
    public void A_station_not_built_costs_nothing()
    {
        var study = CaseLoader.Load("ring-33");
        var plan = new ChargingPlan([0, 0, 0, 0, 0, 0, 0, 60]);
        // S8: 4 units × 60 kW × 500 USD/kW + 120,000 fixed.
        Assert.Equal((4 * 60 * 500) + 120_000, Economics.CapitalCost(study, plan), 9);
    }
}

public sealed class ChargingPlanTests
{
    [Fact]
    public void Parses_every_station_in_case_order()
    {
        var study = CaseLoader.Load("ring-33");
        var plan = ChargingPlan.Parse(study, "S8=60,S1=350,S2=120,S3=90,S4=180,S5=240,S6=60,S7=350");
        Assert.Equal([350, 120, 90, 180, 240, 60, 350, 60], plan.PowerKw);
        Assert.Equal("S1=350,S2=120,S3=90,S4=180,S5=240,S6=60,S7=350,S8=60", plan.Format(study));
    }

    [Theory]
    [InlineData("S1=350", "--capacities: no power given for S2, S3, S4, S5, S6, S7, S8")]
    [InlineData("S1=100,S2=60,S3=60,S4=60,S5=60,S6=60,S7=60,S8=60", "--capacities: column 'S1': 100 kW is not an allowed level (60;90;120;180;240;350)")]
    [InlineData("S9=60", "--capacities: column 'S9': unknown station")]
    [InlineData("S1=60,S1=90", "--capacities: column 'S1': station given twice")]
    [InlineData("S1", "--capacities: 'S1' is not of the form STATION=KW")]
    public void Bad_capacities_name_the_station(string text, string message)
    {
        var study = CaseLoader.Load("ring-33");
        var e = Assert.Throws<InputError>(() => ChargingPlan.Parse(study, text));
        Assert.StartsWith(message, e.Message);
    }
}
