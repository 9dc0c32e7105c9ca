using PlanningSolver.Core;
using PlanningSolver.Planning.Cases;
using PlanningSolver.Planning.Settings;

namespace PlanningSolver.Planning.Studies;

/// <summary>
/// One swept parameter and its values, from <c>--set name=v1,v2,…</c>: a case parameter (values are numbers, kept in
/// round-trip text) or a run setting of <see cref="SweptSettings"/> such as <c>pricing</c> (values as given).
/// </summary>
public sealed record SweepAxis(string Name, IReadOnlyList<string> Values)
{
    /// <summary>True for a run setting, false for a case parameter.</summary>
    public bool IsSetting => SweptSettings.IsKnown(Name);
}

/// <summary>One point of a sweep: its 0-based index in the full cartesian product and its axis values.</summary>
public sealed record SweepPoint(int Index, IReadOnlyList<(string Name, string Value)> Settings)
{
    /// <summary>A stable key of the settings ("name=value;…"), used to match rows across shards and resumed runs.</summary>
    public string Key => string.Join(";", Settings.Select(s => $"{s.Name}={s.Value}"));

    /// <summary>The point's case: <paramref name="baseCase"/> with the point's case-parameter values.</summary>
    public StudyCase Case(StudyCase baseCase) =>
        Settings.Where(s => !SweptSettings.IsKnown(s.Name)).Aggregate(baseCase, (c, s) => CaseOverrides.Apply(c, s.Name, Invariant.Parse(s.Value)));

    /// <summary>The point's settings: <paramref name="baseSettings"/> with the point's setting values.</summary>
    public RunSettings RunSettings(RunSettings baseSettings) =>
        Settings.Where(s => SweptSettings.IsKnown(s.Name)).Aggregate(baseSettings, (r, s) => SweptSettings.Apply(r, s.Name, s.Value));
}

/// <summary>Which points of a sweep this process runs: every <c>Count</c>-th point starting at <c>Index</c>.</summary>
public sealed record SweepShard(int Index, int Count)
{
    public static SweepShard All { get; } = new(0, 1);

    public bool Contains(SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point.Index % Count == Index;
    }

    /// <summary>
    /// Parses "I/N". When only "/N" or nothing but a count is known, the index comes from the scheduler's environment:
    /// <c>SLURM_ARRAY_TASK_ID</c> (Slurm job arrays) or <c>JOB_COMPLETION_INDEX</c> (Kubernetes Indexed Jobs).
    /// </summary>
    public static SweepShard Parse(string? text, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        const string Source = "--shard";
        if (string.IsNullOrWhiteSpace(text))
        {
            return All;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !Invariant.TryParseInt(text.AsSpan(slash + 1), out var count) || count < 1)
        {
            throw new InputError(Source, null, null, $"'{text}' is not of the form I/N with N >= 1");
        }

        int index;
        if (slash == 0)
        {
            var fromEnvironment = environment("SLURM_ARRAY_TASK_ID") ?? environment("JOB_COMPLETION_INDEX");
            if (fromEnvironment is null || !Invariant.TryParseInt(fromEnvironment, out index))
            {
                throw new InputError(Source, null, null,
                    $"'{text}' has no shard index and neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX holds one");
            }
        }
        else if (!Invariant.TryParseInt(text.AsSpan(0, slash), out index))
        {
            throw new InputError(Source, null, null, $"'{text}' is not of the form I/N");
        }

        return index < 0 || index >= count
            ? throw new InputError(Source, null, null, $"shard index {index} is outside 0..{count - 1}")
            : new SweepShard(index, count);
    }
}

/// <summary>A sweep: the cartesian product of its axes, first axis slowest, in a fixed order.</summary>
public sealed class SweepSpec
{
    public SweepSpec(IReadOnlyList<SweepAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Count == 0)
        {
            throw new InputError("--set", null, null, "a sweep needs at least one --set name=v1,v2,…");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var axis in axes)
        {
            if (!names.Add(axis.Name))
            {
                throw new InputError("--set", null, axis.Name, "parameter swept twice");
            }

            if (axis.Name != CaseParameters.EvShare && !CaseParameters.IsKnown(axis.Name) && !SweptSettings.IsKnown(axis.Name))
            {
                throw new InputError("--set", null, axis.Name, $"unknown parameter or setting '{axis.Name}' (settings: {string.Join(", ", SweptSettings.Names)})");
            }
        }

        Axes = axes;
    }

    public IReadOnlyList<SweepAxis> Axes { get; }

    public int Count => Axes.Aggregate(1, (n, a) => checked(n * a.Values.Count));

    /// <summary>
    /// Checks every value of every axis before anything is computed: case parameters against <paramref name="baseCase"/>
    /// (range, and for <c>ev_share</c> the classes it needs), settings against their allowed values; a search setting
    /// is refused when the points are single evaluations (<paramref name="searches"/> false), where it would change
    /// nothing. The first bad value is an <see cref="InputError"/> naming the parameter or setting.
    /// </summary>
    public void Validate(StudyCase baseCase, RunSettings baseSettings, bool searches)
    {
        ArgumentNullException.ThrowIfNull(baseCase);
        ArgumentNullException.ThrowIfNull(baseSettings);
        foreach (var axis in Axes)
        {
            if (axis.IsSetting && SweptSettings.IsSearch(axis.Name) && !searches)
            {
                throw new InputError(CaseOverrides.Source, null, axis.Name, $"'{axis.Name}' is a search setting: it changes results only with --mode plan");
            }

            foreach (var value in axis.Values)
            {
                try
                {
                    _ = axis.IsSetting
                        ? SweptSettings.Apply(baseSettings, axis.Name, value)
                        : (object)CaseOverrides.Apply(baseCase, axis.Name, Invariant.Parse(value));
                }
                catch (InputError e)
                {
                    throw new InputError(CaseOverrides.Source, null, axis.Name, axis.IsSetting ? e.Problem : $"{value}: {e.Problem}");
                }
            }
        }
    }

    /// <summary>Parses the <c>--set name=v1,v2,…</c> options of a sweep.</summary>
    public static SweepSpec Parse(IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var axes = new List<SweepAxis>();
        foreach (var assignment in assignments)
        {
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InputError("--set", null, null, $"'{assignment}' is not of the form name=v1,v2,…");
            }

            var name = assignment[..eq].Trim();
            var values = new List<string>();
            foreach (var part in assignment[(eq + 1)..].Split(','))
            {
                if (SweptSettings.IsKnown(name))
                {
                    values.Add(part.Trim());
                }
                else if (Invariant.TryParseFinite(part, out var value))
                {
                    values.Add(Invariant.Format(value));
                }
                else
                {
                    throw new InputError("--set", null, name, $"'{part}' is not a finite number");
                }
            }

            axes.Add(new SweepAxis(name, values));
        }

        return new SweepSpec(axes);
    }

    public IEnumerable<SweepPoint> Points()
    {
        var count = Count;
        for (var index = 0; index < count; index++)
        {
            var settings = new (string, string)[Axes.Count];
            var rest = index;
            for (var a = Axes.Count - 1; a >= 0; a--)
            {
                settings[a] = (Axes[a].Name, Axes[a].Values[rest % Axes[a].Values.Count]);
                rest /= Axes[a].Values.Count;
            }

            yield return new SweepPoint(index, settings);
        }
    }
}
