using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Optimization;

/// <summary>
/// Case 1 (the optimized plan) against Case 2 (the uniform plan at the case's uniform level) and Case 2′ (the uniform plan
/// whose installed power is nearest Case 1's, <see cref="ChargingPlan.UniformWithInstalledPower"/>). Case 2 − Case 2′ is
/// what the amount of installed power changes ("how much"), Case 2′ − Case 1 what its placement changes ("where").
/// </summary>
public sealed record PlanComparison(EvaluationResult Best, EvaluationResult Uniform, EvaluationResult? EqualPower)
{
    /// <summary>Case 2's social cost minus Case 1's (USD/day): positive when optimizing saves.</summary>
    public double Saving => Uniform.SocialCost - Best.SocialCost;

    /// <summary>The costs a plan moves directly (USD/day): charging time + investment + grid operation. Travel time and fuel
    /// move only through the EVs' detours, and dwarf the rest (design.md §5).</summary>
    public static double PlanDependent(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = result.Components;
        return c.ChargingTime + c.Investment + c.GridOperation;
    }

    /// <summary>The saving as a share (0..1) of Case 2's plan-dependent costs; NaN when those are not positive.</summary>
    public double SavingShareOfPlanDependent => PlanDependent(Uniform) is var reference && double.IsFinite(reference) && reference > 0
        ? Saving / reference
        : double.NaN;

    /// <summary>Case 2 − Case 2′ (USD/day): the saving of installing Case 1's amount of power, spread uniformly; NaN without Case 2′.</summary>
    public double HowMuch => EqualPower is null ? double.NaN : Uniform.SocialCost - EqualPower.SocialCost;

    /// <summary>Case 2′ − Case 1 (USD/day): the saving of placing that power where Case 1 does; NaN without Case 2′.</summary>
    public double Where => EqualPower is null ? double.NaN : EqualPower.SocialCost - Best.SocialCost;
}
