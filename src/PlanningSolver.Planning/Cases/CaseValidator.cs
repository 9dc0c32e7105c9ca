using PlanningSolver.Core;
using PlanningSolver.Power;

namespace PlanningSolver.Planning.Cases;

/// <summary>
/// Cross-table checks of a parsed case: unique ids, known references, complete hours, shares that add up, a radial
/// feeder per feeder id (a tree rooted at its one substation), and a road path for every OD pair with trips.
/// </summary>
public static class CaseValidator
{
    private const double ShareTolerance = 1e-6;

    public static void Validate(StudyCase study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var f = study.TableFiles;

        var nodes = Unique(study.Nodes, n => n.Id, n => n.Line, f["nodes"], "node");
        Unique(study.Links, l => l.Id, l => l.Line, f["links"], "link");
        foreach (var link in study.Links)
        {
            Known(nodes, link.From, f["links"], link.Line, "from", "node", "nodes");
            Known(nodes, link.To, f["links"], link.Line, "to", "node", "nodes");
            if (link.From == link.To)
            {
                throw new InputError(f["links"], link.Line, "to", "a link must join two different nodes");
            }
        }

        var zones = Unique(study.Zones, z => z.Id, z => z.Line, f["zones"], "zone");
        foreach (var zone in study.Zones)
        {
            Known(nodes, zone.Node, f["zones"], zone.Line, "node", "node", "nodes");
        }

        if (study.Zones.SkipWhile(z => z.NoThroughTraffic).FirstOrDefault(z => z.NoThroughTraffic) is { } late)
        {
            throw new InputError(f["zones"], late.Line, "through_traffic", "zones without through traffic must come before the others (they are numbered below the first through node)");
        }

        var pairs = new HashSet<(string, string)>();
        foreach (var od in study.Demand)
        {
            Known(zones, od.Origin, f["od"], od.Line, "origin", "zone", "zones");
            Known(zones, od.Destination, f["od"], od.Line, "destination", "zone", "zones");
            if (!pairs.Add((od.Origin, od.Destination)))
            {
                throw new InputError(f["od"], od.Line, "destination", $"OD pair {od.Origin}→{od.Destination} appears twice");
            }

            if (od.Origin == od.Destination && od.TripsPerDay > 0)
            {
                throw new InputError(f["od"], od.Line, "destination", "intra-zonal trips are not assigned; remove the row or set trips_per_day to 0");
            }
        }

        if (study.TotalTripsPerDay <= 0)
        {
            throw new InputError(f["od"], null, "trips_per_day", "the OD matrix has no trips");
        }

        CompleteHours(study.Profile, p => p.Hour, p => p.Line, f["profile"]);
        var shareSum = study.Profile.Sum(p => p.DemandShare);
        if (Math.Abs(shareSum - 1) > 1e-3)
        {
            throw new InputError(f["profile"], null, "demand_share", $"hourly shares add up to {Invariant.Format(shareSum, 6)}, expected 1");
        }

        CompleteHours(study.Tariff, t => t.Hour, t => t.Line, f["tariff"]);
        ValidateClasses(study, f["classes"]);

        var buses = Unique(study.Buses, b => b.Id, b => b.Line, f["buses"], "bus");
        ValidateFeeders(study);

        foreach (var bus in study.Buses.Where(b => b.VMaxPu <= b.VMinPu))
        {
            throw new InputError(f["buses"], bus.Line, "vmax_pu", "must be greater than vmin_pu");
        }

        foreach (var branch in study.Branches)
        {
            Known(buses, branch.From, f["branches"], branch.Line, "from", "bus", "buses");
            Known(buses, branch.To, f["branches"], branch.Line, "to", "bus", "buses");
        }

        var busById = study.Buses.ToDictionary(b => b.Id, StringComparer.Ordinal);
        foreach (var branch in study.Branches)
        {
            var (from, to) = (busById[branch.From], busById[branch.To]);
            if (from.FeederId != to.FeederId)
            {
                throw new InputError(f["branches"], branch.Line, "to",
                    $"branch {branch.From}–{branch.To} joins feeder '{from.FeederId}' to feeder '{to.FeederId}': each feeder is its own radial tree");
            }
        }

        CheckRadial(study, f["branches"]);

        Unique(study.Generators, g => g.Id, g => g.Line, f["generators"], "generator");
        foreach (var generator in study.Generators)
        {
            Known(buses, generator.Bus, f["generators"], generator.Line, "bus", "bus", "buses");
        }

        Unique(study.Stations, s => s.Id, s => s.Line, f["stations"], "station");
        if (study.Stations.Count == 0)
        {
            throw new InputError(f["stations"], null, "station", "the case has no candidate station");
        }

        var centroids = study.Zones.Where(z => z.NoThroughTraffic).ToDictionary(z => z.Node, z => z.Id, StringComparer.Ordinal);
        foreach (var station in study.Stations)
        {
            Known(nodes, station.Node, f["stations"], station.Line, "node", "node", "nodes");
            if (centroids.TryGetValue(station.Node, out var centroid))
            {
                throw new InputError(f["stations"], station.Line, "node", $"node '{station.Node}' is zone {centroid}'s centroid (through_traffic = no): routes cannot pass it to charge; put the station on a through node");
            }

            if (!buses.Contains(station.Bus))
            {
                throw new InputError(f["stations"], station.Line, "bus", $"bus '{station.Bus}' is not in the feeder ({f["buses"]})");
            }

            if (station.Feeder is { } named && named != busById[station.Bus].FeederId)
            {
                throw new InputError(f["stations"], station.Line, "feeder",
                    $"bus '{station.Bus}' is on feeder '{busById[station.Bus].FeederId}', not '{named}'");
            }

            if (busById[station.Bus].Kind == BusKind.Substation)
            {
                throw new InputError(f["stations"], station.Line, "bus", $"bus '{station.Bus}' is the substation; a station must sit at a load bus");
            }

            if (station.LevelsKw.All(level => level == 0))
            {
                throw new InputError(f["stations"], station.Line, "levels_kw", "needs at least one level above 0 kW");
            }

            var uniform = study.Parameters.UniformKw;
            if (uniform > 0 && !station.LevelsKw.Contains(uniform))
            {
                throw new InputError(f["stations"], station.Line, "levels_kw",
                    $"{CaseParameters.UniformKwName} = {Invariant.Format(uniform)} kW (Case 2) is not an allowed level of station {station.Id}");
            }
        }

        CheckOdPaths(study, f["od"]);
    }

    private static void ValidateClasses(StudyCase study, string file)
    {
        var ids = Unique(study.Classes, c => c.Id, c => c.Line, file, "class");
        if (ids.Count == 0)
        {
            throw new InputError(file, null, "class", "the case has no vehicle class");
        }

        var sum = study.Classes.Sum(c => c.Share);
        if (Math.Abs(sum - 1) > ShareTolerance)
        {
            throw new InputError(file, null, "share", $"class shares add up to {Invariant.Format(sum, 6)}, expected 1");
        }

        foreach (var c in study.Classes)
        {
            if (c.Kind == VehicleKind.Icev && c.ChargingShare > 0)
            {
                throw new InputError(file, c.Line, "charging_share", "an icev class cannot charge; set 0");
            }

            if (c.Kind == VehicleKind.Ev && c.ChargingShare > 0 && c.EnergyPerChargeKwh <= 0)
            {
                throw new InputError(file, c.Line, "energy_per_charge_kwh", "must be > 0 for an EV class that charges");
            }
        }

        // One charging link per station: every charging class charges the same E. And the coupled hour is the minimum of
        // one convex function only when every charging class has one VOT (design.md §4); with several it is a
        // variational inequality without a potential, which the coupling does not solve.
        var charging = study.Classes.Where(c => c.ChargingShare > 0).ToList();
        if (charging.FirstOrDefault(c => c.EnergyPerChargeKwh != charging[0].EnergyPerChargeKwh) is { } otherEnergy)
        {
            throw new InputError(file, otherEnergy.Line, "energy_per_charge_kwh",
                $"every charging class must charge the same energy E ({Invariant.Format(charging[0].EnergyPerChargeKwh)} kWh for '{charging[0].Id}'; one charging link per station)");
        }

        if (charging.FirstOrDefault(c => c.ValueOfTimePerHour != charging[0].ValueOfTimePerHour) is { } otherVot)
        {
            throw new InputError(file, otherVot.Line, "vot_per_h",
                $"every charging class must have the same value of time ({Invariant.Format(charging[0].ValueOfTimePerHour)} USD/h for '{charging[0].Id}'): the coupled equilibrium is the minimum of one convex function only then");
        }
    }

    /// <summary>feeders.csv (when present) lists each feeder of buses.csv once, and each feeder has one substation.</summary>
    private static void ValidateFeeders(StudyCase study)
    {
        var f = study.TableFiles;
        var used = study.Buses.Select(b => b.FeederId).ToHashSet(StringComparer.Ordinal);
        if (study.FeederSpecs.Count > 0)
        {
            var listed = Unique(study.FeederSpecs, s => s.Id, s => s.Line, f["feeders"], "feeder");
            if (study.FeederSpecs.FirstOrDefault(s => !used.Contains(s.Id)) is { } empty)
            {
                throw new InputError(f["feeders"], empty.Line, "feeder", $"feeder '{empty.Id}' has no bus in {f["buses"]}");
            }

            if (study.Buses.FirstOrDefault(b => !listed.Contains(b.FeederId)) is { } stray)
            {
                throw new InputError(f["buses"], stray.Line, "feeder",
                    $"feeder '{stray.FeederId}' is not in {f["feeders"]}{(stray.Feeder is null ? " (the bus names no feeder; with several feeders every bus names its own)" : "")}");
            }
        }

        foreach (var feeder in study.FeederIds)
        {
            var substations = study.Buses.Where(b => b.Kind == BusKind.Substation && b.FeederId == feeder).ToList();
            if (substations.Count != 1)
            {
                var where = study.FeederIds.Count > 1 ? $" (feeder '{feeder}')" : "";
                var line = substations.Count > 1 ? substations[1].Line : study.FeederIds.Count > 1 ? study.Buses.First(b => b.FeederId == feeder).Line : (int?)null;
                throw new InputError(f["buses"], line, "kind",
                    $"a radial feeder needs exactly one substation bus, found {substations.Count}{where}");
            }
        }
    }

    /// <summary>Every non-substation bus must be reached from its feeder's substation by exactly one path: n − 1
    /// branches per feeder, connected, no loop (branches between feeders were refused before).</summary>
    private static void CheckRadial(StudyCase study, string file)
    {
        foreach (var feeder in study.FeederIds)
        {
            CheckRadial(study, file, feeder);
        }
    }

    private static void CheckRadial(StudyCase study, string file, string feeder)
    {
        var own = study.Buses.Where(b => b.FeederId == feeder).ToList();
        var index = own.Select((b, i) => (b.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var branches = study.Branches.Where(b => index.ContainsKey(b.From)).ToList();
        var ends = branches.Select(b => (index[b.From], index[b.To])).ToArray();
        switch (RadialTopology.Check(own.Count, index[study.SubstationOf(feeder).Id], ends))
        {
            case { Kind: TopologyDefectKind.SelfLoop } self:
                throw new InputError(file, branches[self.Branch].Line, "to", "a branch must join two different buses");
            case { Kind: TopologyDefectKind.Loop } loop:
                var branch = branches[loop.Branch];
                throw new InputError(file, branch.Line, "to",
                    $"branch {branch.From}–{branch.To} closes a loop: the feeder must be radial (open the tie switch by removing the row)");
            case { } island:
                var bus = own[island.Bus];
                throw new InputError(study.TableFiles["buses"], bus.Line, "bus",
                    $"bus '{bus.Id}' is not connected to the substation{(study.FeederIds.Count > 1 ? $" of feeder '{feeder}'" : "")} (an island): the feeder must be one tree");
        }
    }

    /// <summary>Breadth-first reachability on the road graph from each origin with trips; routes do not pass zone
    /// centroids (<see cref="TrafficZone.NoThroughTraffic"/>), as in the assignment.</summary>
    private static void CheckOdPaths(StudyCase study, string file)
    {
        var index = study.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var adjacency = study.Nodes.Select(_ => new List<int>()).ToArray();
        foreach (var link in study.Links)
        {
            adjacency[index[link.From]].Add(index[link.To]);
        }

        var zoneNode = study.Zones.ToDictionary(z => z.Id, z => index[z.Node], StringComparer.Ordinal);
        var noThrough = new bool[index.Count];
        foreach (var zone in study.Zones.Where(z => z.NoThroughTraffic))
        {
            noThrough[index[zone.Node]] = true;
        }

        var reached = new Dictionary<int, bool[]>();
        foreach (var od in study.Demand.Where(d => d.TripsPerDay > 0))
        {
            var origin = zoneNode[od.Origin];
            if (!reached.TryGetValue(origin, out var seen))
            {
                seen = new bool[index.Count];
                var queue = new Queue<int>();
                seen[origin] = true;
                queue.Enqueue(origin);
                while (queue.TryDequeue(out var n))
                {
                    if (noThrough[n] && n != origin)
                    {
                        continue; // a centroid ends routes, it does not pass them on
                    }

                    foreach (var m in adjacency[n].Where(m => !seen[m]))
                    {
                        seen[m] = true;
                        queue.Enqueue(m);
                    }
                }

                reached[origin] = seen;
            }

            if (!seen[zoneNode[od.Destination]])
            {
                throw new InputError(file, od.Line, "destination",
                    $"no road path from zone {od.Origin} to zone {od.Destination} (disconnected OD pair{(noThrough.Any(b => b) ? ", zones without through traffic not passed" : "")})");
            }
        }
    }

    private static HashSet<string> Unique<T>(IEnumerable<T> items, Func<T, string> id, Func<T, int> line, string file, string column)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.Add(id(item)))
            {
                throw new InputError(file, line(item), column, $"duplicate id '{id(item)}'");
            }
        }

        return seen;
    }

    private static void Known(HashSet<string> ids, string id, string file, int line, string column, string what, string table)
    {
        if (!ids.Contains(id))
        {
            throw new InputError(file, line, column, $"unknown {what} '{id}' (not in {table} table)");
        }
    }

    private static void CompleteHours<T>(IReadOnlyList<T> rows, Func<T, int> hour, Func<T, int> line, string file)
    {
        var seen = new bool[StudyCase.Hours];
        foreach (var row in rows)
        {
            if (seen[hour(row)])
            {
                throw new InputError(file, line(row), "hour", $"hour {hour(row)} appears twice");
            }

            seen[hour(row)] = true;
        }

        var missing = Enumerable.Range(0, StudyCase.Hours).Where(h => !seen[h]).ToList();
        if (missing.Count > 0)
        {
            throw new InputError(file, null, "hour", $"hours {string.Join(",", missing)} are missing (need one row for each of 0..23)");
        }
    }
}
