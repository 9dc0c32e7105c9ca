using PlanningSolver.Planning.Cases;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>Which built stations a plan's evaluation leaves unused: capital spent on a station that serves nothing.</summary>
public static class StationUse
{
    /// <summary>A built station delivering less than this over the day (kWh) counts as unused: well under one charge of
    /// any case (a charge is E kWh, tens of kWh), above the assignment's numerical residue.</summary>
    public const double UnusedKwhPerDay = 1.0;

    /// <summary>Daily charging energy Σ_t E·y_s,t of each station (kWh/day), case order.</summary>
    public static double[] DailyEnergyKwh(StudyCase study, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(result);
        var index = study.Stations.Select((s, i) => (s.Id, i)).ToDictionary(t => t.Id, t => t.i, StringComparer.Ordinal);
        var energy = new double[study.Stations.Count];
        foreach (var hour in result.Stations)
        {
            energy[index[hour.Station]] += hour.LoadKw; // 1-hour periods: kW × 1 h = kWh
        }

        return energy;
    }

    /// <summary>The ids of the stations the plan builds (P_s &gt; 0) that deliver less than <see cref="UnusedKwhPerDay"/>.</summary>
    public static IReadOnlyList<string> Unused(StudyCase study, EvaluationResult result)
    {
        var energy = DailyEnergyKwh(study, result);
        return study.Stations.Where((_, i) => result.Plan.IsBuilt(i) && energy[i] < UnusedKwhPerDay).Select(s => s.Id).ToList();
    }
}
