using PlanningSolver.Core;

namespace PlanningSolver.Planning.Output;

/// <summary>
/// The names of the result quantities that several files and commands write: one name per quantity, its unit as the
/// name's suffix (docs/outputs.md, "Naming rule"). evaluate, plan, sweep and v2g take the names from here.
/// </summary>
public static class OutputNames
{
    public const string SocialCost = "social_cost_usd_per_day";
    public const string TravelTime = "travel_time_usd_per_day";
    public const string ChargingTime = "charging_time_usd_per_day";
    public const string Fuel = "fuel_usd_per_day";
    public const string Investment = "investment_usd_per_day";
    public const string GridOperation = "grid_operation_usd_per_day";
    public const string ChargingRevenue = "charging_revenue_usd_per_day";
    public const string GridCostIncrease = "grid_cost_increase_usd_per_day";
    public const string GridCost = "grid_cost_usd_per_day";
    public const string CapitalCost = "capital_cost_usd";
    public const string Penalty = "penalty_usd_per_day";
    public const string Merit = "merit_usd_per_day";
    public const string MaxVoltageDeviation = "max_voltage_deviation_pu";
    public const string VoltageDeviationLimit = "voltage_deviation_limit_pu";

    /// <summary>The plan, kW per charging unit at each station (an object in JSON, <c>S1=…;S2=…</c> text in results.csv).</summary>
    public const string Capacities = "capacities_kw";

    /// <summary>The parts of the social cost, in the order every file writes them.</summary>
    public static IReadOnlyList<string> Components { get; } = [TravelTime, ChargingTime, Fuel, Investment, GridOperation];

    /// <summary>The columns of evaluations.csv and results.csv before their names carried the unit (issue 13), and their names now.</summary>
    public static IReadOnlyDictionary<string, string> Renamed { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["social_cost"] = SocialCost,
        ["travel_time"] = TravelTime,
        ["charging_time"] = ChargingTime,
        ["fuel"] = Fuel,
        ["investment"] = Investment,
        ["grid_operation"] = GridOperation,
        ["charging_revenue"] = ChargingRevenue,
        ["grid_cost_increase"] = GridCostIncrease,
        ["capital_cost"] = CapitalCost,
        ["penalty"] = Penalty,
        ["merit"] = Merit,
        ["capacities"] = Capacities,
    };

    /// <summary>
    /// Refuses a results table (<paramref name="path"/>) written before the renaming, with one line that says so; the
    /// reader's own check would only name a missing column. Such a file is not read (not converted): <paramref name="what"/>
    /// tells the user what to do instead.
    /// </summary>
    public static void RefuseOldNames(string path, string what)
    {
        var headerLine = File.ReadLines(path).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        if (headerLine is null)
        {
            return;
        }

        var header = headerLine.Split(',').Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal);
        var old = header.FirstOrDefault(c => Renamed.TryGetValue(c, out var now) && !header.Contains(now));
        if (old is not null)
        {
            throw new InputError(path, 1, old,
                $"written by an earlier version, whose cost columns carried no unit ('{old}' is now '{Renamed[old]}', docs/outputs.md); {what}");
        }
    }
}
