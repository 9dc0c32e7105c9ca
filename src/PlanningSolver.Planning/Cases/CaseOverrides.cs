using PlanningSolver.Core;

namespace PlanningSolver.Planning.Cases;

/// <summary>
/// <c>--set name=value</c> overrides of a case's parameters, validated like case.json. <c>ev_share</c> rescales the
/// class shares: EV classes together get the new share (in their old proportions, equally when they had none), ICEV
/// classes the rest.
/// </summary>
public static class CaseOverrides
{
    public const string Source = "--set";

    /// <summary>Parses "name=value" into its parts; errors name the option.</summary>
    public static (string Name, double Value) Parse(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new InputError(Source, null, null, $"'{assignment}' is not of the form name=value");
        }

        var name = assignment[..eq].Trim();
        if (!Invariant.TryParseFinite(assignment.AsSpan(eq + 1), out var value))
        {
            throw new InputError(Source, null, name, $"'{assignment[(eq + 1)..]}' is not a finite number");
        }

        return (name, value);
    }

    public static StudyCase Apply(StudyCase study, IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        foreach (var assignment in assignments)
        {
            var (name, value) = Parse(assignment);
            study = Apply(study, name, value);
        }

        return study;
    }

    public static StudyCase Apply(StudyCase study, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (name == CaseParameters.EvShare)
        {
            return WithEvShare(study, value);
        }

        var parameters = study.Parameters.With(name, value, out var problem);
        return problem is null ? study with { Parameters = parameters } : throw new InputError(Source, null, name, problem);
    }

    private static StudyCase WithEvShare(StudyCase study, double share)
    {
        if (!(share >= 0 && share <= 1))
        {
            throw new InputError(Source, null, CaseParameters.EvShare, "must be within [0, 1]");
        }

        var ev = study.Classes.Where(c => c.Kind == VehicleKind.Ev).ToList();
        var icev = study.Classes.Where(c => c.Kind == VehicleKind.Icev).ToList();
        if ((share > 0 && ev.Count == 0) || (share < 1 && icev.Count == 0))
        {
            throw new InputError(Source, null, CaseParameters.EvShare,
                $"the case has no {(ev.Count == 0 ? "ev" : "icev")} class to give that share to");
        }

        double evTotal = ev.Sum(c => c.Share), icevTotal = icev.Sum(c => c.Share);
        var classes = study.Classes.Select(c => c.Kind == VehicleKind.Ev
            ? c with { Share = share * (evTotal > 0 ? c.Share / evTotal : 1.0 / ev.Count) }
            : c with { Share = (1 - share) * (icevTotal > 0 ? c.Share / icevTotal : 1.0 / icev.Count) }).ToList();
        return study with { Classes = classes };
    }
}
