namespace PlanningSolver.Traffic.Tests;

public sealed class StationDelayTests
{
    // Hand derivation (design.md §2): E = 40 kWh, η = 0.8, P = 50 kW, m = 2 units, α_q = 0.15, β_q = 4, minutes.
    // E/(ηP) = 40/40 = 1 h = 60 min; μ = mηP/E = 2·0.8·50/40 = 2 veh/h.
    // τ(2) = 60 (1 + 0.15·1⁴) = 69 min; τ(4) = 60 (1 + 0.15·2⁴) = 204 min; dτ/dy(4) = 60·0.15·4·2³/2 = 144 min per veh/h.
    private static readonly ChargingParameters Charging = new(40, 0.8, 0.15, 4);

    [Fact]
    public void Station_time_follows_the_queue_formula()
    {
        var delay = StationDelay.Of(Charging, new StationState(50, 2, 0.5), 1.0 / 60, chargingValueOfTime: 20);
        Assert.NotNull(delay);
        Assert.Equal(60, delay.Time(0), 12);
        Assert.Equal(69, delay.Time(2), 12);
        Assert.Equal(204, delay.Time(4), 12);
        Assert.Equal(144, delay.Derivative(4), 12);
    }

    [Fact]
    public void A_site_without_power_or_units_is_closed()
    {
        Assert.Null(StationDelay.Of(Charging, new StationState(0, 2, 0.5), 1.0 / 60, chargingValueOfTime: 20));
        Assert.Null(StationDelay.Of(Charging, new StationState(50, 0, 0.5), 1.0 / 60, chargingValueOfTime: 20));
    }

    // 0.5 $/kWh · 40 kWh = 20 $ per charge; at 20 $/h that is 1 h = 60 min.
    [Fact]
    public void The_price_of_a_charge_is_priced_in_the_class_time_units()
    {
        Assert.Equal(60, StationDelay.PriceAsTime(Charging, new StationState(50, 2, 0.5), 20, 1.0 / 60), 12);
    }

    // A rising price ρ = 0.01 $/kWh per veh/h about y° = 3 veh/h: 0.01 · 40 kWh = 0.4 $ per charge per veh/h, at 20 $/h
    // 0.02 h = 1.2 min per veh/h. τ(4) + 1.2 (4 − 3) = 205.2 min; slope 144 + 1.2 = 145.2; at y° the plain 60 (1 + 0.15 (3/2)⁴)
    // = 105.5625 min. Integral: the queue's ∫₀⁴ 60 (1 + 0.15 (u/2)⁴) du = 240 + 9 · 4⁵/(5 · 16) = 355.2, plus 1.2 (4²/2 − 3·4) = −4.8.
    [Fact]
    public void A_rising_price_adds_its_slope_about_its_center()
    {
        var delay = StationDelay.Of(Charging, new StationState(50, 2, 0.5) { PriceSlopePerKwh = 0.01, PriceSlopeCenter = 3 }, 1.0 / 60, chargingValueOfTime: 20);
        Assert.NotNull(delay);
        Assert.Equal(205.2, delay.Time(4), 10);
        Assert.Equal(145.2, delay.Derivative(4), 10);
        Assert.Equal(105.5625, delay.Time(3), 10);
        Assert.Equal(355.2 - 4.8, delay.Integral(4), 10);
        delay.TimeAndDerivative(4, out var time, out var derivative);
        Assert.Equal(205.2, time, 10);
        Assert.Equal(145.2, derivative, 10);
    }
}
