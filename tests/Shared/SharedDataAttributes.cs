namespace PlanningSolver.Testing;

/// <summary>A fact that needs files from <c>../shared/data</c>; skipped with a clear message when any is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(params string[] files)
    {
        var missing = files.FirstOrDefault(f => !SharedData.Has(f));
        if (missing is not null)
        {
            Skip = SharedData.SkipReason(missing);
        }
    }
}

/// <summary>A theory that needs files from <c>../shared/data</c>; skipped with a clear message when any is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute(params string[] files)
    {
        var missing = files.FirstOrDefault(f => !SharedData.Has(f));
        if (missing is not null)
        {
            Skip = SharedData.SkipReason(missing);
        }
    }
}
