using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>An upper-level decision: power per charging unit P_s (kW) at each candidate station, in case order; 0 = not built.</summary>
public sealed record ChargingPlan
{
    public ChargingPlan(IReadOnlyList<double> powerKw) => PowerKw = powerKw;

    public IReadOnlyList<double> PowerKw { get; }

    public bool IsBuilt(int station) => PowerKw[station] > 0;

    /// <summary>Every station at the same power (Case 2); null = the case's <c>uniform_kw</c>, or where that is 0 the
    /// average of each station's allowed levels above 0 (which need not be an allowed level).</summary>
    public static ChargingPlan Uniform(StudyCase study, double? kw = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (kw is { } value && (!double.IsFinite(value) || value < 0))
        {
            throw new InputError("--uniform", null, null, $"power per unit must be a finite number >= 0 kW, got {Invariant.Format(value)}");
        }

        var caseLevel = study.Parameters.UniformKw;
        if (kw is null && caseLevel > 0 && study.Stations.FirstOrDefault(s => !s.LevelsKw.Contains(caseLevel)) is { } lacking)
        {
            throw new InputError(study.TableFiles["stations"], lacking.Line, "levels_kw",
                $"{CaseParameters.UniformKwName} = {Invariant.Format(caseLevel)} kW (Case 2) is not an allowed level of station {lacking.Id}");
        }

        return new ChargingPlan(study.Stations.Select(s => kw ?? (caseLevel > 0 ? caseLevel : s.AverageLevelKw)).ToArray());
    }

    /// <summary>
    /// The uniform plan with the installed power nearest to <paramref name="installedKw"/> (kW, Σ m_s P_s): one level
    /// above 0 allowed at every station, the one whose Σ_s m_s·P is closest to the target, the lower level on a tie.
    /// It separates "how much" power a plan installs from "where" (Case 1 against Case 2). Null when the stations share
    /// no level above 0.
    /// </summary>
    public static ChargingPlan? UniformWithInstalledPower(StudyCase study, double installedKw)
    {
        ArgumentNullException.ThrowIfNull(study);
        var common = study.Stations.Select(s => s.LevelsKw.Where(level => level > 0))
            .Aggregate((a, b) => a.Intersect(b)).Order().ToList();
        if (common.Count == 0)
        {
            return null;
        }

        var units = study.Stations.Sum(s => s.Units);
        var level = common.OrderBy(kw => Math.Abs((kw * units) - installedKw)).ThenBy(kw => kw).First();
        return new ChargingPlan(study.Stations.Select(_ => level).ToArray());
    }

    /// <summary>Σ_s m_s·P_s, the plan's installed charging power (kW).</summary>
    public double InstalledKw(StudyCase study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return study.Stations.Select((s, i) => s.Units * PowerKw[i]).Sum();
    }

    /// <summary>Parses "S1=350,S2=120,…"; every station must be named once, each value must be one of its allowed levels.</summary>
    public static ChargingPlan Parse(StudyCase study, string text)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(text);
        const string Source = "--capacities";
        var values = new double?[study.Stations.Count];
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InputError(Source, null, null, $"'{part}' is not of the form STATION=KW");
            }

            var id = part[..eq].Trim();
            var index = study.Stations.ToList().FindIndex(s => s.Id == id);
            if (index < 0)
            {
                throw new InputError(Source, null, id, $"unknown station (stations: {string.Join(", ", study.Stations.Select(s => s.Id))})");
            }

            if (values[index] is not null)
            {
                throw new InputError(Source, null, id, "station given twice");
            }

            if (!Invariant.TryParseFinite(part.AsSpan(eq + 1), out var kw))
            {
                throw new InputError(Source, null, id, $"'{part[(eq + 1)..]}' is not a finite number of kW");
            }

            var levels = study.Stations[index].LevelsKw;
            if (!levels.Contains(kw))
            {
                throw new InputError(Source, null, id, $"{Invariant.Format(kw)} kW is not an allowed level ({string.Join(";", levels.Select(l => Invariant.Format(l)))})");
            }

            values[index] = kw;
        }

        var missing = study.Stations.Where((_, i) => values[i] is null).Select(s => s.Id).ToList();
        return missing.Count > 0
            ? throw new InputError(Source, null, null, $"no power given for {string.Join(", ", missing)} (every station needs STATION=KW)")
            : new ChargingPlan(values.Select(v => v!.Value).ToArray());
    }

    /// <summary>"S1=350,S2=120,…" in case order.</summary>
    public string Format(StudyCase study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return string.Join(",", study.Stations.Select((s, i) => $"{s.Id}={Invariant.Format(PowerKw[i])}"));
    }

    public bool Equals(ChargingPlan? other) => other is not null && PowerKw.SequenceEqual(other.PowerKw);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var kw in PowerKw)
        {
            hash.Add(kw);
        }

        return hash.ToHashCode();
    }
}
