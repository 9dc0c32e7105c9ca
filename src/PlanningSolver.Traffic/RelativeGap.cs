namespace PlanningSolver.Traffic;

/// <summary>The relative gap (TSTT − SPTT) / SPTT (Boyles, Lownes and Unnikrishnan, "Transportation Network Analysis",
/// §6.2), per class and in total: 0 without demand, +∞ when cost is spent but no path is priced.</summary>
internal static class RelativeGap
{
    public static double Of(double tstt, double sptt) => sptt > 0 ? (tstt - sptt) / sptt : (tstt > 0 ? double.PositiveInfinity : 0);

    /// <summary>The largest class gap: the total gap is their SPTT-weighted mean, so a small class (charging EVs) can be
    /// far from its own equilibrium while the total is tiny; a solve stops only when every class meets the target.</summary>
    public static double WorstClass(double[] classTstt, double[] classSptt)
    {
        var worst = 0.0;
        for (var k = 0; k < classTstt.Length; k++)
        {
            worst = Math.Max(worst, Of(classTstt[k], classSptt[k]));
        }

        return worst;
    }
}
