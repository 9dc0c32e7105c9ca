using PlanningSolver.Core;
using PlanningSolver.Power;

namespace PlanningSolver.Cli.Commands;

/// <summary>The FEEDER argument shared by <c>pf</c> and <c>opf</c>: one place that turns a path into feeder data.</summary>
internal static class FeederInput
{
    public const string Description = "The feeder: a radial MATPOWER case (.m file).";

    /// <summary>
    /// Reads the feeder (no topology check yet), so options can adjust limits before <see cref="FeederSource.Build"/>
    /// indexes it and reports topology problems by file line. The one place to add other feeder formats (case folders).
    /// </summary>
    public static FeederSource Read(FileInfo path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path.FullName))
        {
            throw new UsageError($"{path}: case folders are not supported by this command yet; give a MATPOWER .m file");
        }

        if (!path.Exists)
        {
            throw new InputError(path.ToString(), null, null, "file not found");
        }

        if (!path.Extension.Equals(".m", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageError($"{path}: expected a MATPOWER .m file");
        }

        var matpower = MatpowerReader.ReadCase(path.ToString());
        return new FeederSource(matpower.Data, data => matpower.Build(data));
    }

    public static double ParseLoadScale(double scale) =>
        double.IsFinite(scale) && scale >= 0 ? scale : throw new UsageError($"--load-scale must be a finite number >= 0, got {scale}");
}

/// <summary>Feeder data as read, and the way to index (possibly adjusted) data with errors mapped to the source file.</summary>
internal sealed record FeederSource(FeederData Data, Func<FeederData, Feeder> Index)
{
    public Feeder Build(FeederData? data = null) => Index(data ?? Data);
}
