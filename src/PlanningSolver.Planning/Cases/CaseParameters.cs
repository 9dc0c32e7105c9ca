using PlanningSolver.Core;

namespace PlanningSolver.Planning.Cases;

/// <summary>A named scalar parameter of a case, with its unit, default and admissible range.</summary>
public sealed record ParameterDefinition(string Name, string Unit, double Default, double Min, double Max, bool MinExclusive, string Description)
{
    public string? Check(double value)
    {
        if (!double.IsFinite(value))
        {
            return "must be a finite number";
        }

        if (MinExclusive ? value <= Min : value < Min)
        {
            return $"must be {(MinExclusive ? ">" : ">=")} {Invariant.Format(Min)}";
        }

        return value > Max ? $"must be <= {Invariant.Format(Max)}" : null;
    }
}

/// <summary>
/// The scalar parameters of a case (economics and model constants): the "parameters" object of case.json, overridable
/// by name with <c>--set name=value</c>. Every name, unit and range is listed in <see cref="Definitions"/> and in
/// docs/case-format.md.
/// </summary>
public sealed class CaseParameters
{
    /// <summary>The parameter that rescales the EV classes' shares (ICEV classes take the rest); not stored in case.json.</summary>
    public const string EvShare = "ev_share";

    public static IReadOnlyList<ParameterDefinition> Definitions { get; } =
    [
        new("demand_scale", "-", 1.0, 0, 100, true, "Multiplier on every OD trip count."),
        new("charging_efficiency", "-", 0.92, 0, 1, true, "Charger efficiency η: delivered energy per energy drawn; service time E/(η P)."),
        new("queue_alpha", "-", 1.0, 0, 100, false, "α_q of the station-time congestion term τ = E/(ηP)·(1 + α_q (y/μ)^β_q)."),
        new("queue_beta", "-", 4.0, 0, 16, false, "β_q of the station-time congestion term."),
        new("ev_power_factor", "-", 0.95, 0, 1, true, "Power factor of charging load (reactive = P·tan(acos pf))."),
        new("base_kv", "kV", 12.66, 0, 1000, true, "Line-to-line voltage base of the feeder (converts ohms and amperes to p.u.)."),
        new("base_mva", "MVA", 10.0, 0, 10000, true, "Power base of the feeder."),
        new("substation_voltage", "p.u.", 1.0, 0.5, 1.5, true, "Voltage magnitude held at the substation bus."),
        new("cost_per_kw", "USD/kW", 500.0, 0, 1e6, false, "c_kW: capital cost per kW of charging power (per unit: c_kW · m_s · P_s)."),
        new("discount_rate", "1/year", 0.08, 0, 1, false, "Discount rate of the capital recovery factor."),
        new("lifetime_years", "year", 10.0, 0, 100, true, "Economic lifetime of a station."),
        new("budget", "USD", 8.0e6, 0, 1e12, false, "Capital budget: Σ (c_kW m_s P_s + fixed cost of built stations) must not exceed it."),
        new("service_fee_per_kwh", "USD/kWh", 0.15, 0, 100, false, "Operator's service fee on top of the energy price."),
        new(UniformKwName, "kW", 0, 0, 1e5, false, "Case 2 (the uniform plan): power per unit at every station, an allowed level of each; 0 = the average of each station's allowed levels above 0."),
    ];

    /// <summary>The parameter that fixes Case 2's level.</summary>
    public const string UniformKwName = "uniform_kw";

    private static readonly Dictionary<string, ParameterDefinition> ByName =
        Definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);

    private readonly Dictionary<string, double> _values;

    private CaseParameters(Dictionary<string, double> values) => _values = values;

    /// <summary>Every parameter at its default.</summary>
    public static CaseParameters Defaults() => new(Definitions.ToDictionary(d => d.Name, d => d.Default, StringComparer.Ordinal));

    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    public static ParameterDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    public double this[string name] => _values.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"unknown parameter '{name}'");

    /// <summary>A copy with one value changed; returns the range problem instead when the value is not admissible.</summary>
    public CaseParameters With(string name, double value, out string? problem)
    {
        if (!ByName.TryGetValue(name, out var definition))
        {
            problem = $"unknown parameter '{name}' (known: {string.Join(", ", Definitions.Select(d => d.Name).Append(EvShare))})";
            return this;
        }

        problem = definition.Check(value);
        if (problem is not null)
        {
            return this;
        }

        var copy = new Dictionary<string, double>(_values, StringComparer.Ordinal) { [name] = value };
        return new CaseParameters(copy);
    }

    public IEnumerable<(string Name, double Value)> All() => Definitions.Select(d => (d.Name, _values[d.Name]));

    public double DemandScale => this["demand_scale"];

    public double ChargingEfficiency => this["charging_efficiency"];

    public double QueueAlpha => this["queue_alpha"];

    public double QueueBeta => this["queue_beta"];

    public double EvPowerFactor => this["ev_power_factor"];

    public double BaseKv => this["base_kv"];

    public double BaseMva => this["base_mva"];

    public double SubstationVoltage => this["substation_voltage"];

    public double CostPerKw => this["cost_per_kw"];

    public double DiscountRate => this["discount_rate"];

    public double LifetimeYears => this["lifetime_years"];

    public double Budget => this["budget"];

    public double ServiceFeePerKwh => this["service_fee_per_kwh"];

    /// <summary>Case 2's power per unit (kW); 0 = the average of each station's allowed levels above 0.</summary>
    public double UniformKw => this[UniformKwName];
}
