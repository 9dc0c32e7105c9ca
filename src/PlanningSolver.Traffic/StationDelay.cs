namespace PlanningSolver.Traffic;

/// <summary>
/// The time a charging vehicle spends at a station (design.md §2): <c>τ_s(y) = (E / (η P_s)) (1 + α_q (y / μ_s)^β_q)</c>
/// hours with the service rate <c>μ_s = m_s η P_s / E</c> vehicles per hour, a BPR-shaped queue on the station's flow y.
/// </summary>
internal static class StationDelay
{
    /// <summary>The station's delay in network time units, or null when the site is not built (its link is closed).</summary>
    /// <param name="charging">Model-wide station parameters (E, η, α_q, β_q).</param>
    /// <param name="state">The site's power per unit, units and price in this solve.</param>
    /// <param name="hoursPerTimeUnit">Hours in one network time unit.</param>
    /// <param name="chargingValueOfTime">VOT of the charging class (money per hour): converts a rising price
    /// (<see cref="StationState.PriceSlopePerKwh"/>) into the time units of the shared station term.</param>
    public static VolumeDelayFunction? Of(ChargingParameters charging, StationState state, double hoursPerTimeUnit, double chargingValueOfTime)
    {
        if (!state.IsAvailable)
        {
            return null;
        }

        var queue = new BprFunction(
            charging.EnergyPerChargeKwh / (charging.Efficiency * state.PowerKw) / hoursPerTimeUnit,
            state.Units * charging.Efficiency * state.PowerKw / charging.EnergyPerChargeKwh,
            charging.QueueAlpha,
            charging.QueueBeta);
        return state.PriceSlopePerKwh > 0
            ? new RisingPriceDelay(queue, state.PriceSlopePerKwh * charging.EnergyPerChargeKwh / (chargingValueOfTime * hoursPerTimeUnit), state.PriceSlopeCenter)
            : queue;
    }

    /// <summary>The charging price of one charge in the time units of a class with value of time <paramref name="valueOfTime"/>
    /// (money per hour): <c>π_s E / (VOT · hours per time unit)</c>.</summary>
    public static double PriceAsTime(ChargingParameters charging, StationState state, double valueOfTime, double hoursPerTimeUnit) =>
        state.PricePerKwh * charging.EnergyPerChargeKwh / (valueOfTime * hoursPerTimeUnit);
}
