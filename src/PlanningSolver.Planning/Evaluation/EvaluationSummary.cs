using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Power;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>
/// Turns the 24 settled hours of one plan into an <see cref="EvaluationResult"/>: the hourly tables (stations, buses,
/// links, feeder, branches, generators, coupling log), the social cost by component (design.md §5), and the budget,
/// revenue and grid checks, each in its own step.
/// </summary>
internal static class EvaluationSummary
{
    private const double KwPerMw = 1000.0;
    private const double GridTolerancePu = 1e-6;
    private const double RevenueTolerance = 1e-7;
    private const double BindingTolerance = 1e-6;

    public static EvaluationResult Build(
        CaseNetworks networks, CouplingOptions options, double penaltyPerMwh, ChargingPlan plan, CoupledHourResult[] hours,
        IReadOnlyList<double> gridCostWithoutEv, double seconds)
    {
        var study = networks.Study;
        var complete = hours.All(h => h.Grid is not null);
        var components = complete ? Costs(networks, plan, hours, penaltyPerMwh) : new CostBreakdown(0, 0, 0, Economics.InvestmentPerDay(study, plan), 0);
        var revenue = 0.0;
        for (var t = 0; complete && t < hours.Length; t++)
        {
            for (var s = 0; s < study.Stations.Count; s++)
            {
                revenue += Price(hours[t], s, study) * networks.EnergyPerChargeKwh * hours[t].Assignment.StationFlows[s];
            }
        }

        var opfs = complete ? hours.Select(h => h.Grid!.Opf).ToArray() : [];
        var unservedKwh = opfs.Sum(g => g.UnservedMw * KwPerMw);
        var increase = components.GridOperation - gridCostWithoutEv.Sum();
        var capital = Economics.CapitalCost(study, plan);
        var failedHour = Array.FindIndex(hours, h => h.Status is SolveStatus.Failed or SolveStatus.Infeasible);
        var unsettledHour = Array.FindIndex(hours, h => h.Status != SolveStatus.Converged);
        var status = failedHour >= 0 ? hours[failedHour].Status : unsettledHour >= 0 ? hours[unsettledHour].Status : SolveStatus.Converged;
        var messageHour = failedHour >= 0 ? failedHour : unsettledHour;
        var gridProblem = failedHour >= 0 && hours[failedHour].Grid is null && hours[failedHour].Assignment.Status is not (SolveStatus.Failed or SolveStatus.Infeasible)
                ? hours[failedHour].Message
            : !complete ? "not evaluated"
            : unservedKwh > GridTolerancePu * KwPerMw ? $"{Kwh(unservedKwh)} kWh of load cannot be served within the voltage and current limits{UnservedByFeeder(networks, opfs)}"
            : null;
        var voltages = opfs.SelectMany(g => g.Buses).Select(b => b.VPu).ToArray();
        return new EvaluationResult
        {
            Status = status,
            Message = messageHour >= 0 ? $"hour {messageHour}: {hours[messageHour].Message}" : null,
            Pricing = options.Pricing,
            Plan = plan,
            Components = components,
            ChargingRevenue = revenue,
            GridCostIncrease = increase,
            CapitalCost = capital,
            BudgetOk = capital <= study.Parameters.Budget,
            // The OPFs solve to ~1e-9 relative; an increase within that noise of zero is no increase.
            RevenueOk = revenue >= increase - (RevenueTolerance * Math.Abs(components.GridOperation)),
            GridOk = gridProblem is null,
            GridProblem = gridProblem,
            MaxVoltageDeviation = voltages.Length == 0 ? 0 : voltages.Max(v => Math.Abs(v - 1)),
            VoltageDeviationLimit = study.Buses.Min(b => Math.Min(1 - b.VMinPu, b.VMaxPu - 1)),
            MinVoltagePu = voltages.Length == 0 ? double.PositiveInfinity : voltages.Min(),
            UnservedKwh = unservedKwh,
            PeakSubstationKw = opfs.Length == 0 ? 0 : opfs.Max(g => g.SubstationMw * KwPerMw),
            AverageStationDlmpPerMwh = complete
                ? KwPerMw * hours.Average(h => Enumerable.Range(0, study.Stations.Count).Average(s => h.Subgradient.Sum(p => p.Weight * p.Cut.EnergyPerKwh[s])))
                : 0,
            CouplingIterations = hours.Max(h => h.Log.Count),
            CouplingGap = options.Pricing == PricingMode.Tou ? 0 : hours.Max(h => double.IsNaN(h.RelativeGap) ? double.PositiveInfinity : h.RelativeGap),
            AssignmentIterations = hours.Sum(h => h.AssignmentEffort.Iterations),
            AssignmentShifts = hours.Sum(h => h.AssignmentEffort.Shifts),
            AssignmentClasses = networks.Assignment.Classes.Select(c => c.Name).ToList(),
            Log = hours.SelectMany((h, t) => h.Log.Select(r => new CouplingLogRow(t, r))).ToList(),
            Stations = StationRows(networks, plan, hours),
            Buses = complete ? BusRows(networks, hours) : [],
            Links = LinkRows(networks, hours),
            Feeder = FeederRows(networks, hours, penaltyPerMwh),
            Branches = complete ? BranchRows(networks, hours) : [],
            Generators = complete ? GeneratorRows(networks, hours) : [],
            WallSeconds = seconds,
        };
    }

    /// <summary>Energy for a message: one decimal from 1 kWh, three significant digits below (the grid check fails from
    /// 0.001 kWh/day, which one decimal would print as 0.0).</summary>
    internal static string Kwh(double kwh) => kwh >= 1 ? Invariant.Format(kwh, 1) : Invariant.Significant(kwh, 3);

    /// <summary>With several feeders, where the unserved load is, e.g. <c> (north 6.2 kWh, south 231.5 kWh)</c>; empty for one.</summary>
    private static string UnservedByFeeder(CaseNetworks networks, OpfResult[] opfs)
    {
        if (networks.FeederIds.Count == 1)
        {
            return "";
        }

        var parts = networks.FeederIds.Select((id, k) => (id, Kwh: opfs.Sum(g => g.ByFeeder().Count > k ? g.ByFeeder()[k].UnservedMw * KwPerMw : 0)))
            .Where(p => p.Kwh > GridTolerancePu * KwPerMw)
            .Select(p => $"{p.id} {Kwh(p.Kwh)} kWh");
        return $" ({string.Join(", ", parts)})";
    }

    /// <summary>The charging price of station s in an hour (USD/kWh): the price the traffic settled at, plus the fee; the
    /// energy part + reactive part + fee where the hour has no other (<see cref="CoupledHourResult.TrafficPricePerKwh"/>).</summary>
    private static double Price(CoupledHourResult hour, int s, StudyCase study) =>
        (hour.TrafficPricePerKwh is { } traffic ? traffic[s] : hour.EnergyPricePerKwh[s] + hour.ReactivePricePerKwh[s]) + study.Parameters.ServiceFeePerKwh;

    /// <summary>Design.md §5: travel time and fuel per class, charging time, investment, grid operation (penalty excluded).</summary>
    private static CostBreakdown Costs(CaseNetworks networks, ChargingPlan plan, CoupledHourResult[] hours, double penaltyPerMwh)
    {
        double travel = 0, charging = 0, fuel = 0, grid = 0;
        foreach (var h in hours)
        {
            var a = h.Assignment;
            for (var k = 0; k < networks.Parts.Count; k++)
            {
                travel += networks.Parts[k].Class.ValueOfTimePerHour * a.ClassVehicleHours[k];
                fuel += networks.Parts[k].Class.CostPerKm * a.ClassVehicleKm[k];
            }

            for (var s = 0; s < a.StationFlows.Length; s++)
            {
                charging += networks.ChargingValueOfTime * a.StationFlows[s] * a.StationTimeHours[s];
            }

            grid += h.Grid!.Opf.CostWithoutPenalty(penaltyPerMwh);
        }

        return new CostBreakdown(travel, charging, fuel, Economics.InvestmentPerDay(networks.Study, plan), grid);
    }

    private static List<StationHour> StationRows(CaseNetworks networks, ChargingPlan plan, CoupledHourResult[] hours)
    {
        var study = networks.Study;
        var fee = study.Parameters.ServiceFeePerKwh;
        var rows = new List<StationHour>();
        for (var t = 0; t < hours.Length; t++)
        {
            var a = hours[t].Assignment;
            for (var s = 0; s < study.Stations.Count; s++)
            {
                var y = a.StationFlows.Length > s ? a.StationFlows[s] : 0;
                var kw = networks.EnergyPerChargeKwh * y;
                rows.Add(new StationHour(t, study.Stations[s].Id, y, kw, kw * networks.EvReactivePerActive, Price(hours[t], s, study),
                    hours[t].EnergyPricePerKwh[s], hours[t].ReactivePricePerKwh[s], fee, plan.IsBuilt(s) && a.StationTimeHours.Length > s ? a.StationTimeHours[s] : 0));
            }
        }

        return rows;
    }

    /// <summary>Voltages of the OPF at the hour's flows; nodal prices = the settled subgradient Σ w_i DLMP_i.</summary>
    private static List<BusHour> BusRows(CaseNetworks networks, CoupledHourResult[] hours)
    {
        var rows = new List<BusHour>();
        var feeder = networks.Feeder;
        var order = Enumerable.Range(0, feeder.BusCount).OrderBy(j => feeder.Ids[j]).ToArray();
        for (var t = 0; t < hours.Length; t++)
        {
            var opf = hours[t].Grid!.Opf;
            foreach (var j in order)
            {
                double p = 0, q = 0;
                foreach (var (cut, w) in hours[t].Subgradient)
                {
                    p += w * cut.Opf.Buses[j].DlmpPPerMwh / KwPerMw;
                    q += w * cut.Opf.Buses[j].DlmpQPerMvarh / KwPerMw;
                }

                rows.Add(new BusHour(t, networks.CaseBusId(opf.Buses[j].BusId), opf.Buses[j].VPu, p, q) { Feeder = networks.FeederIds[feeder.TreeOf(j)] });
            }
        }

        return rows;
    }

    private static List<LinkHour> LinkRows(CaseNetworks networks, CoupledHourResult[] hours)
    {
        var study = networks.Study;
        var parts = networks.Parts;
        var rows = new List<LinkHour>();
        for (var t = 0; t < hours.Length; t++)
        {
            var a = hours[t].Assignment;
            if (a.ClassLinkFlows.Count == 0 || a.LinkTimes.Length == 0)
            {
                continue;
            }

            for (var l = 0; l < study.Links.Count; l++)
            {
                double icev = 0, ev = 0, before = 0, after = 0;
                for (var k = 0; k < parts.Count; k++)
                {
                    var flow = a.ClassLinkFlows[k][l];
                    if (parts[k].Charging)
                    {
                        after += a.ClassChargedLinkFlows[k][l];
                        before += flow - a.ClassChargedLinkFlows[k][l];
                    }
                    else if (parts[k].Class.Kind == VehicleKind.Icev)
                    {
                        icev += flow;
                    }
                    else
                    {
                        ev += flow;
                    }
                }

                rows.Add(new LinkHour(t, study.Links[l].Id, icev, ev, before, after, a.LinkTimes[l]));
            }
        }

        return rows;
    }

    /// <summary>One row per hour and feeder (feeder order of <see cref="CaseNetworks.FeederIds"/>).</summary>
    private static List<FeederHour> FeederRows(CaseNetworks networks, CoupledHourResult[] hours, double penaltyPerMwh)
    {
        var rows = new List<FeederHour>();
        var charging = networks.Parts.Select((p, k) => (p, k)).Where(x => x.p.Charging).Select(x => x.k).ToArray();
        var feeders = networks.FeederIds;
        for (var t = 0; t < hours.Length; t++)
        {
            var h = hours[t];
            var a = h.Assignment;
            var chargingGap = charging.Length == 0 || a.ClassRelativeGaps.Length == 0 ? 0 : charging.Max(k => a.ClassRelativeGaps[k]);
            var parts = h.Grid?.Opf.ByFeeder();
            for (var k = 0; k < feeders.Count; k++)
            {
                var evLoad = 0.0;
                for (var s = 0; s < a.StationFlows.Length; s++)
                {
                    evLoad += networks.StationFeeder[s] == k ? a.StationFlows[s] : 0;
                }

                evLoad *= networks.EnergyPerChargeKwh;
                if (parts is null || parts.Count != feeders.Count)
                {
                    rows.Add(new FeederHour(t, h.Status, 0, 0, 0, evLoad, 0, "", 0, 0, 0, "", h.RelativeGap, h.GridGapUsd, h.Log.Count,
                        h.AssignmentEffort.Iterations, h.AssignmentEffort.Shifts, a.RelativeGap, chargingGap)
                    {
                        Feeder = feeders[k],
                    });
                    continue;
                }

                var g = parts[k];
                rows.Add(new FeederHour(t, h.Status, g.SubstationMw * KwPerMw, g.SubstationMvar * KwPerMw, g.LossesMw * KwPerMw, evLoad, g.VMinPu,
                    networks.CaseBusId(g.VMinBus), g.UnservedMw * KwPerMw, g.CostWithoutPenalty(penaltyPerMwh), g.MaxRelaxationGap,
                    string.Join(" ", BindingLimits(networks, g, k)), h.RelativeGap, h.GridGapUsd, h.Log.Count, h.AssignmentEffort.Iterations,
                    h.AssignmentEffort.Shifts, a.RelativeGap, chargingGap)
                {
                    Feeder = feeders[k],
                });
            }
        }

        return rows;
    }

    /// <summary>The limits at their bound in an OPF: <c>vmin@BUS</c>, <c>vmax@BUS</c>, <c>imax@FROM-TO</c>,
    /// <c>pmax@GEN</c>, <c>pmin@GEN</c>, <c>qmax@GEN</c>, <c>qmin@GEN</c>.</summary>
    /// <param name="g">One feeder's OPF result.</param>
    /// <param name="tree">The feeder's index.</param>
    private static IEnumerable<string> BindingLimits(CaseNetworks networks, OpfResult g, int tree)
    {
        var study = networks.Study;
        foreach (var b in g.Buses)
        {
            var bus = study.Buses[b.BusId - 1];
            if (bus.Kind == BusKind.Substation)
            {
                continue;
            }

            if (b.VPu <= bus.VMinPu + BindingTolerance)
            {
                yield return $"vmin@{bus.Id}";
            }
            else if (b.VPu >= bus.VMaxPu - BindingTolerance)
            {
                yield return $"vmax@{bus.Id}";
            }
        }

        foreach (var row in BranchRows(networks, g, 0).Where(r => r.Binding))
        {
            yield return $"imax@{row.From}-{row.To}";
        }

        var specs = networks.Generators.Where((_, i) => networks.Feeder.GeneratorTree[i] == tree).ToList();
        for (var i = 0; i < g.Generators.Count && i < specs.Count; i++)
        {
            var spec = specs[i];
            var (p, q) = (g.Generators[i].PMw * KwPerMw, g.Generators[i].QMvar * KwPerMw);
            var scale = Math.Max(1, Math.Max(Math.Abs(spec.PMaxKw), Math.Abs(spec.QMaxKvar)));
            if (spec.PMaxKw > spec.PMinKw && p >= spec.PMaxKw - (BindingTolerance * scale))
            {
                yield return $"pmax@{spec.Id}";
            }

            if (spec.QMaxKvar > spec.QMinKvar && q >= spec.QMaxKvar - (BindingTolerance * scale))
            {
                yield return $"qmax@{spec.Id}";
            }
            else if (spec.QMaxKvar > spec.QMinKvar && q <= spec.QMinKvar + (BindingTolerance * scale))
            {
                yield return $"qmin@{spec.Id}";
            }
        }
    }

    private static List<BranchHour> BranchRows(CaseNetworks networks, CoupledHourResult[] hours) =>
        hours.SelectMany((h, t) => BranchRows(networks, h.Grid!.Opf, t)).ToList();

    private static IEnumerable<BranchHour> BranchRows(CaseNetworks networks, OpfResult g, int hour)
    {
        var p = networks.Study.Parameters;
        var limits = networks.Study.Branches.ToDictionary(b => (b.From, b.To), b => b.MaxCurrentA);
        foreach (var b in g.Branches)
        {
            var feeder = networks.FeederIds[networks.Feeder.TreeOf(networks.Feeder.IndexOf(b.ToBus))];
            var ampsPerPu = p.BaseMva * 1000.0 / (Math.Sqrt(3) * networks.Study.BaseKvOf(feeder));
            var from = networks.CaseBusId(b.FromBus);
            var to = networks.CaseBusId(b.ToBus);
            var limit = (limits.TryGetValue((from, to), out var a) ? a : limits.GetValueOrDefault((to, from))) ?? double.NaN;
            var amps = b.CurrentPu * ampsPerPu;
            var loading = double.IsNaN(limit) ? double.NaN : amps / limit;
            yield return new BranchHour(hour, from, to, b.PMw * KwPerMw, b.QMvar * KwPerMw, amps, limit, loading, loading >= 1 - BindingTolerance) { Feeder = feeder };
        }
    }

    private static List<GeneratorHour> GeneratorRows(CaseNetworks networks, CoupledHourResult[] hours)
    {
        var rows = new List<GeneratorHour>();
        var specs = networks.Generators;
        for (var t = 0; t < hours.Length; t++)
        {
            var g = hours[t].Grid!.Opf;
            for (var i = 0; i < g.Generators.Count && i < specs.Count; i++)
            {
                rows.Add(new GeneratorHour(t, specs[i].Id, specs[i].Bus, g.Generators[i].PMw * KwPerMw, g.Generators[i].QMvar * KwPerMw)
                {
                    Feeder = networks.FeederIds[networks.Feeder.GeneratorTree[i]],
                });
            }
        }

        return rows;
    }
}
