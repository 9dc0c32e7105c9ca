using System.Globalization;

namespace PlanningSolver.Cli.Tests.Reliability;

/// <summary>
/// How many hostile inputs each target gets. CI (no environment) runs the fast subset with fixed seeds; the full run,
/// <c>tests/scripts/hostile-inputs.sh N</c>, sets <c>PS_HOSTILE_INPUTS=N</c> (shared among the targets by weight),
/// <c>PS_HOSTILE_SEED</c> (another fixed set of inputs) and <c>PS_HOSTILE_REPORT</c> (a file that gets one line per target).
/// </summary>
internal static class HostileBudget
{
    private static int? Total =>
        int.TryParse(Environment.GetEnvironmentVariable("PS_HOSTILE_INPUTS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static ulong Offset =>
        ulong.TryParse(Environment.GetEnvironmentVariable("PS_HOSTILE_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s * 1000 : 0;

    /// <summary>How many usage errors of the argument suite are re-run through the real executable (PS_HOSTILE_PROCESS; CI: 3).</summary>
    public static int ProcessChecks =>
        int.TryParse(Environment.GetEnvironmentVariable("PS_HOSTILE_PROCESS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 3;

    /// <summary>The CI count, or the target's share of the full run.</summary>
    public static int Count(int ci, double share) => Total is { } n ? Math.Max(1, (int)Math.Round(n * share)) : ci;

    public static ulong Seed(ulong ci) => ci + Offset;

    /// <summary>Appends "target tried accepted rejected failures" to the report file of the full run.</summary>
    public static void Record(string target, int tried, int accepted, int rejected, int stopped, int failures)
    {
        if (Environment.GetEnvironmentVariable("PS_HOSTILE_REPORT") is { Length: > 0 } path)
        {
            lock (typeof(HostileBudget))
            {
                File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture,
                    $"{target.Replace(' ', '_')}\t{tried}\t{accepted}\t{rejected}\t{stopped}\t{failures}\n"));
            }
        }
    }
}
