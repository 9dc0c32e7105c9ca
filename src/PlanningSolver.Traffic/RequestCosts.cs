namespace PlanningSolver.Traffic;

/// <summary>
/// What a request sets on the expanded network, shared by every assignment algorithm: the request checked against the
/// model, each station's delay (a BPR-shaped queue at its service rate, or closed) and each class's fixed arc costs
/// (road costs on both layers, the charging price on its charging links in the class's time units).
/// </summary>
internal static class RequestCosts
{
    /// <summary>A rising price this far below zero at zero flow (relative to the price) is round-off of the caller's
    /// bound λ + fee ≥ ρ y° (the coupling adds the fee to a multiplier held at ρ y° − fee).</summary>
    private const double NegativePriceRoundOff = 1e-12;

    /// <summary>Checks <paramref name="request"/> and writes the station delays into <paramref name="delay"/> (entries
    /// links..links+sites−1) and the fixed costs into <paramref name="fixedCost"/> (class-major, <see cref="AssignmentModel.ArcCount"/>
    /// per class). Throws <see cref="ArgumentException"/> for a request that does not fit the model.</summary>
    public static void Apply(AssignmentModel model, AssignmentRequest request, VolumeDelayFunction?[] delay, double[] fixedCost)
    {
        var classes = model.Classes.Count;
        var zones = model.Network.ZoneCount;
        var links = model.Network.LinkCount;
        var arcs = model.ArcCount;
        var sites = model.HasChargingClass ? model.Sites.Count : 0;
        if (request.Demand.Count != classes)
        {
            throw new ArgumentException($"{request.Demand.Count} demand matrices for {classes} classes", nameof(request));
        }

        foreach (var d in request.Demand)
        {
            if (d.Zones != zones)
            {
                throw new ArgumentException($"a demand matrix has {d.Zones} zones, the network {zones}", nameof(request));
            }
        }

        var stations = request.Stations;
        if (sites > 0 && (stations is null || stations.Count != sites))
        {
            throw new ArgumentException($"{sites} station states are needed (one per charging site), got {stations?.Count ?? 0}", nameof(request));
        }

        var hoursPerUnit = model.Settings.HoursPerTimeUnit;
        var charging = model.Charging;
        var chargingVot = model.Classes.FirstOrDefault(c => c.Charging)?.ValueOfTime ?? 1;
        for (var s = 0; s < sites; s++)
        {
            var state = stations![s];
            if (!double.IsFinite(state.PricePerKwh) || !double.IsFinite(state.PowerKw) || state.PowerKw < 0 || state.Units < 0
                || !(state.PriceSlopePerKwh >= 0) || !double.IsFinite(state.PriceSlopePerKwh) || !double.IsFinite(state.PriceSlopeCenter))
            {
                throw new ArgumentException($"station {s}: power must be finite and >= 0, units >= 0, price finite, price slope finite and >= 0", nameof(request));
            }

            if (state.PriceSlopePerKwh > 0 && state.PricePerKwh - (state.PriceSlopePerKwh * state.PriceSlopeCenter) < -NegativePriceRoundOff * Math.Max(1, Math.Abs(state.PricePerKwh)))
            {
                // The rising price must not fall below zero at zero flow (beyond round-off): the shortest paths need costs ≥ 0.
                throw new ArgumentException(
                    $"station {s}: the rising price is negative at zero flow (price {state.PricePerKwh}, slope {state.PriceSlopePerKwh}, centre {state.PriceSlopeCenter})", nameof(request));
            }

            delay[model.StationTerm(s)] = StationDelay.Of(charging!, state, hoursPerUnit, chargingVot);
        }

        for (var k = 0; k < classes; k++)
        {
            var offset = k * arcs;
            var road = model.FixedRoadCost[k];
            Array.Copy(road, 0, fixedCost, offset, links);
            if (model.HasChargingClass)
            {
                Array.Copy(road, 0, fixedCost, offset + links, links);
                var vot = model.Classes[k].ValueOfTime;
                var chargingClass = model.Classes[k].Charging;
                for (var s = 0; s < sites; s++)
                {
                    fixedCost[offset + model.ChargingArc(s)] = chargingClass
                        ? StationDelay.PriceAsTime(charging!, stations![s], vot, hoursPerUnit)
                        : 0;
                }
            }
        }
    }
}
