using PlanningSolver.Planning.Cases;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>Investment side of the social cost (design.md §5).</summary>
public static class Economics
{
    public const double DaysPerYear = 365.0;

    /// <summary>Capital recovery factor CRF = r(1+r)^n / ((1+r)^n − 1); 1/n when r = 0 (straight-line).</summary>
    public static double CapitalRecoveryFactor(double rate, double years)
    {
        if (rate == 0)
        {
            return 1.0 / years;
        }

        var growth = Math.Pow(1 + rate, years);
        return rate * growth / (growth - 1);
    }

    /// <summary>Capital cost Σ_s (c_kW · m_s · P_s + c_fix,s) over built stations (USD).</summary>
    public static double CapitalCost(StudyCase study, ChargingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(plan);
        var total = 0.0;
        for (var s = 0; s < study.Stations.Count; s++)
        {
            if (plan.IsBuilt(s))
            {
                total += (study.Parameters.CostPerKw * study.Stations[s].Units * plan.PowerKw[s]) + study.Stations[s].FixedCost;
            }
        }

        return total;
    }

    /// <summary>Investment per day: capital cost × CRF / 365 (USD/day).</summary>
    public static double InvestmentPerDay(StudyCase study, ChargingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(study);
        return CapitalCost(study, plan) * CapitalRecoveryFactor(study.Parameters.DiscountRate, study.Parameters.LifetimeYears) / DaysPerYear;
    }
}
