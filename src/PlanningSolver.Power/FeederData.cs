namespace PlanningSolver.Power;

/// <summary>One bus of a radial feeder, as read from a file.</summary>
/// <param name="Id">The bus number used in files and reports.</param>
/// <param name="PLoadMw">Base active load, MW.</param>
/// <param name="QLoadMvar">Base reactive load, Mvar.</param>
/// <param name="VMinPu">Lower voltage-magnitude limit, p.u.</param>
/// <param name="VMaxPu">Upper voltage-magnitude limit, p.u.</param>
public sealed record FeederBus(int Id, double PLoadMw, double QLoadMvar, double VMinPu, double VMaxPu);

/// <summary>One branch (line or closed switch) of a radial feeder.</summary>
/// <param name="FromBus">Bus id at one end.</param>
/// <param name="ToBus">Bus id at the other end (orientation is re-derived from the substation).</param>
/// <param name="RPu">Series resistance, p.u. on the feeder base.</param>
/// <param name="XPu">Series reactance, p.u. on the feeder base.</param>
/// <param name="MaxCurrentPu">Current-magnitude limit, p.u.; null for none.</param>
/// <param name="RateMva">Apparent-power rating, MVA (converted to a current limit at 1 p.u. voltage); null for none.</param>
public sealed record FeederBranch(int FromBus, int ToBus, double RPu, double XPu, double? MaxCurrentPu = null, double? RateMva = null);

/// <summary>A dispatchable generator at a feeder bus (linear cost).</summary>
/// <param name="Bus">Bus id.</param>
/// <param name="PMinMw">Lower active-power limit, MW.</param>
/// <param name="PMaxMw">Upper active-power limit, MW.</param>
/// <param name="QMinMvar">Lower reactive-power limit, Mvar.</param>
/// <param name="QMaxMvar">Upper reactive-power limit, Mvar.</param>
/// <param name="CostPerMwh">Linear energy cost, $/MWh.</param>
/// <param name="PSetpointMw">Output assumed by the power flow, MW.</param>
/// <param name="QSetpointMvar">Output assumed by the power flow, Mvar.</param>
public sealed record FeederGenerator(
    int Bus,
    double PMinMw,
    double PMaxMw,
    double QMinMvar,
    double QMaxMvar,
    double CostPerMwh,
    double PSetpointMw = 0,
    double QSetpointMvar = 0);

/// <summary>
/// A radial distribution feeder as data (immutable, as parsed). <see cref="Feeder.Build"/> turns it into the indexed
/// reference the algorithms use. Loads are in MW/Mvar, impedances in p.u. on <paramref name="BaseMva"/>.
/// </summary>
/// <param name="Name">A label for reports.</param>
/// <param name="BaseMva">System base, MVA.</param>
/// <param name="SubstationBus">Id of the substation (root) bus; its own load, if any, is served directly.</param>
/// <param name="SubstationVoltagePu">Voltage set point used by the power flow, p.u.</param>
/// <param name="SubstationVMinPu">Lowest substation voltage the OPF may choose (equal to the max for a fixed voltage).</param>
/// <param name="SubstationVMaxPu">Highest substation voltage the OPF may choose.</param>
/// <param name="EnergyPricePerMwh">Default price of energy imported at the substation, $/MWh.</param>
/// <param name="Buses">All buses, including the substation.</param>
/// <param name="Branches">In-service branches only (open switches are not part of the feeder).</param>
/// <param name="Generators">Dispatchable generators other than the substation source.</param>
public sealed record FeederData(
    string Name,
    double BaseMva,
    int SubstationBus,
    double SubstationVoltagePu,
    double SubstationVMinPu,
    double SubstationVMaxPu,
    double EnergyPricePerMwh,
    IReadOnlyList<FeederBus> Buses,
    IReadOnlyList<FeederBranch> Branches,
    IReadOnlyList<FeederGenerator> Generators)
{
    /// <summary>Substation import limits, MW (default unlimited both ways).</summary>
    public double SubstationPMinMw { get; init; } = double.NegativeInfinity;

    /// <summary>Substation import limit, MW.</summary>
    public double SubstationPMaxMw { get; init; } = double.PositiveInfinity;

    /// <summary>Substation reactive import limits, Mvar.</summary>
    public double SubstationQMinMvar { get; init; } = double.NegativeInfinity;

    /// <summary>Substation reactive import limit, Mvar.</summary>
    public double SubstationQMaxMvar { get; init; } = double.PositiveInfinity;

    /// <summary>Line-to-line voltage base, kV (MATPOWER's baseKV of the reference bus); NaN when the source has none.</summary>
    public double BaseKv { get; init; } = double.NaN;
}
