using PlanningSolver.Testing;

namespace PlanningSolver.Power.Tests;

/// <summary>The Baran &amp; Wu 33-bus feeder from ../shared/data/matpower (read in place, loaded once).</summary>
internal static class Case33
{
    public const string File = "matpower/case33bw.m";

    private static readonly Lazy<Feeder> Lazy = new(() => MatpowerReader.Load(SharedData.Path(File)));

    public static Feeder Feeder => Lazy.Value;

    public static string Path => SharedData.Path(File);
}
