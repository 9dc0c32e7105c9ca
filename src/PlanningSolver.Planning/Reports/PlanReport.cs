using System.Net;
using System.Text;
using PlanningSolver.Core;
using PlanningSolver.Planning.Evaluation;
using PlanningSolver.Planning.Output;
using PlanningSolver.Planning.Reports.Plots;

namespace PlanningSolver.Planning.Reports;

/// <summary>
/// The report of a plan run (design.md §7, issue 6): Case 1 (optimized) against Case 2 (uniform), the stations, the search
/// and the plots, as <c>report.md</c> (plots referenced by file name) and a self-contained <c>report.html</c> (plots
/// embedded as base64 data URIs, inline CSS, no external resource). Both are built from the same content, contain no
/// timestamps, and format every number with the invariant culture, so the same input gives the same text.
/// </summary>
public static class PlanReport
{
    public const string MarkdownFile = "report.md";
    public const string HtmlFile = "report.html";

    /// <summary>report.md; <paramref name="plotFiles"/> are the plot file names (relative to the report), in display order.</summary>
    public static string Markdown(PlanReportInput input, IReadOnlyList<string> plotFiles)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(plotFiles);
        var text = new StringBuilder();
        var figure = 0;
        foreach (var block in Content(input, plotFiles))
        {
            switch (block)
            {
                case Heading h:
                    text.Append('#', h.Level).Append(' ').Append(MdText(h.Text)).Append("\n\n");
                    break;
                case Paragraph p:
                    if (p.Lead is not null)
                    {
                        text.Append("**").Append(MdText(p.Lead)).Append("** ");
                    }

                    text.Append(MdText(p.Text)).Append("\n\n");
                    break;
                case Table t:
                    MdRow(text, t.Header, strong: false);
                    text.Append('|').AppendJoin('|', t.Header.Select((_, i) => i < t.TextColumns ? "---" : "---:")).Append("|\n");
                    foreach (var row in t.Rows)
                    {
                        MdRow(text, row.Cells, row.Strong);
                    }

                    text.Append('\n');
                    break;
                case Figure f:
                    figure++;
                    text.Append("![").Append(MdText(f.Caption)).Append("](").Append(UrlPath(f.File)).Append(")\n\n");
                    text.Append("*Figure ").Append(Invariant.Format(figure)).Append(". ").Append(MdText(f.Caption)).Append("*\n\n");
                    break;
                default:
                    throw new InvalidOperationException("unknown report block");
            }
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>report.html: the same content as the markdown, with each plot embedded as a base64 PNG data URI.</summary>
    public static string Html(PlanReportInput input, IReadOnlyList<(string Name, byte[] Png)> plots)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(plots);
        var images = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, png) in plots)
        {
            images[name] = png;
        }

        var text = new StringBuilder();
        text.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(HtmlText(Title(input))).Append("</title>\n")
            .Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");
        var figure = 0;
        foreach (var block in Content(input, plots.Select(p => p.Name).ToList()))
        {
            switch (block)
            {
                case Heading h:
                    var tag = "h" + Invariant.Format(Math.Clamp(h.Level, 1, 6));
                    text.Append('<').Append(tag).Append('>').Append(HtmlText(h.Text)).Append("</").Append(tag).Append(">\n");
                    break;
                case Paragraph p:
                    text.Append("<p>");
                    if (p.Lead is not null)
                    {
                        text.Append("<strong>").Append(HtmlText(p.Lead)).Append("</strong> ");
                    }

                    text.Append(HtmlText(p.Text)).Append("</p>\n");
                    break;
                case Table t:
                    text.Append("<table>\n<thead><tr>");
                    foreach (var (cell, i) in t.Header.Select((c, i) => (c, i)))
                    {
                        text.Append(i < t.TextColumns ? "<th>" : "<th class=\"num\">").Append(HtmlText(cell)).Append("</th>");
                    }

                    text.Append("</tr></thead>\n<tbody>\n");
                    foreach (var row in t.Rows)
                    {
                        text.Append(row.Strong ? "<tr class=\"strong\">" : "<tr>");
                        foreach (var (cell, i) in row.Cells.Select((c, i) => (c, i)))
                        {
                            text.Append(i < t.TextColumns ? "<td>" : "<td class=\"num\">").Append(HtmlText(cell)).Append("</td>");
                        }

                        text.Append("</tr>\n");
                    }

                    text.Append("</tbody>\n</table>\n");
                    break;
                case Figure f:
                    figure++;
                    text.Append("<figure>\n");
                    if (images.TryGetValue(f.File, out var png))
                    {
                        text.Append("<img src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\" alt=\"")
                            .Append(HtmlText(f.Caption)).Append("\">\n");
                    }

                    text.Append("<figcaption>Figure ").Append(Invariant.Format(figure)).Append(". ").Append(HtmlText(f.Caption))
                        .Append(" <span class=\"file\">(").Append(HtmlText(f.File)).Append(")</span></figcaption>\n</figure>\n");
                    break;
                default:
                    throw new InvalidOperationException("unknown report block");
            }
        }

        text.Append("</main>\n</body>\n</html>\n");
        return text.ToString();
    }

    /// <summary>Case 2 social cost minus Case 1 social cost (USD/day): positive when the optimized plan is cheaper.</summary>
    public static double Saving(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Uniform.SocialCost - input.Best.SocialCost;
    }

    /// <summary>The saving as a percentage of Case 2's social cost (NaN when that is 0 or not finite).</summary>
    public static double SavingPercent(PlanReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reference = input.Uniform.SocialCost;
        return double.IsFinite(reference) && reference != 0 ? 100 * Saving(input) / Math.Abs(reference) : double.NaN;
    }

    private const string Css = """
        body { margin: 0; background: #fafafa; color: #222; font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 1060px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
        h1 { font-size: 26px; margin: 0 0 12px; }
        h2 { font-size: 20px; margin: 32px 0 10px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
        th, td { border: 1px solid #d0d0d0; padding: 4px 10px; text-align: left; vertical-align: top; }
        th { background: #f0f3f7; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.strong td { font-weight: bold; background: #f7f9fc; }
        figure { margin: 20px 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
        figcaption { color: #555; font-size: 14px; margin-top: 4px; }
        figcaption .file { color: #999; }

        """;

    // ---- content, shared by both renderings ----

    private abstract record Block;

    private sealed record Heading(int Level, string Text) : Block;

    /// <summary>A paragraph of plain text, optionally starting with a bold lead.</summary>
    private sealed record Paragraph(string? Lead, string Text) : Block;

    /// <summary>A table whose first <paramref name="TextColumns"/> columns are left-aligned text and the rest right-aligned values.</summary>
    private sealed record Table(string[] Header, IReadOnlyList<Row> Rows, int TextColumns = 1) : Block;

    private sealed record Row(string[] Cells, bool Strong = false);

    private sealed record Figure(string File, string Caption) : Block;

    private static string Title(PlanReportInput input) => $"Charging-station plan: {input.Study.Name}";

    private static List<Block> Content(PlanReportInput input, IReadOnlyList<string> plotFiles)
    {
        var blocks = new List<Block> { new Heading(1, Title(input)) };
        if (!string.IsNullOrWhiteSpace(input.Study.Description))
        {
            blocks.Add(new Paragraph(null, input.Study.Description));
        }

        var history = input.History;
        blocks.Add(new Paragraph(null,
            $"Seed {Invariant.Format(input.Seed)}; {HumanNumber.Format(history.Count)} evaluations ({HumanNumber.Format(history.Count(h => h.Feasible))} feasible); " +
            $"pricing {input.Best.Pricing.ToText()}; wall time {HumanNumber.Format(input.WallSeconds, 1)} s."));

        blocks.Add(new Heading(2, "Case 1 (optimized) vs Case 2 (uniform)"));
        blocks.Add(new Paragraph("Saving:", SavingSentence(input)));
        blocks.Add(Summary(input));

        blocks.Add(new Heading(2, "How much and where"));
        blocks.Add(new Paragraph(null, HowMuchWhereSentence(input)));
        if (input.EqualPower is not null)
        {
            blocks.Add(HowMuchWhere(input));
        }

        blocks.Add(new Heading(2, "Stations"));
        blocks.Add(Stations(input));
        blocks.Add(new Paragraph(null, UnusedSentence(input)));

        blocks.Add(new Heading(2, "Search"));
        blocks.Add(new Paragraph(null, SearchSentence(input)));

        if (plotFiles.Count > 0)
        {
            blocks.Add(new Heading(2, "Plots"));
            blocks.AddRange(plotFiles.Select(f => new Figure(f, PlanPlots.Caption(FileName(f), input))));
        }

        return blocks;
    }

    private static string SavingSentence(PlanReportInput input)
    {
        var saving = Saving(input);
        var percent = SavingPercent(input);
        var percentText = double.IsFinite(percent) ? $" ({HumanNumber.Format(Math.Abs(percent), 2)} % of Case 2's social cost)" : string.Empty;
        return !double.IsFinite(saving)
            ? "not available (a social cost is not finite)."
            : saving >= 0
                ? $"Case 1 costs {HumanNumber.Format(saving, 2)} USD/day less than Case 2{percentText}."
                : $"Case 1 costs {HumanNumber.Format(-saving, 2)} USD/day more than Case 2{percentText}.";
    }

    private static Table Summary(PlanReportInput input)
    {
        var (a, b) = (input.Best, input.Uniform);
        var budget = input.Study.Parameters.Budget;
        var rows = new List<Row>();

        void Money(string name, Func<EvaluationResult, double> value, bool strong = false) =>
            rows.Add(new Row([name, HumanNumber.Format(value(a), 2), HumanNumber.Format(value(b), 2), HumanNumber.Signed(value(a) - value(b), 2)], strong));

        void Text(string name, Func<EvaluationResult, string> value) => rows.Add(new Row([name, value(a), value(b), string.Empty]));

        Money("Travel time (USD/day)", r => r.Components.TravelTime);
        Money("Charging time (USD/day)", r => r.Components.ChargingTime);
        Money("Fuel (USD/day)", r => r.Components.Fuel);
        Money("Investment (USD/day)", r => r.Components.Investment);
        Money("Grid operation (USD/day)", r => r.Components.GridOperation);
        Money("Social cost (USD/day)", r => r.SocialCost, strong: true);
        rows.Add(new Row(["Saving vs Case 2 (USD/day)", HumanNumber.Format(Saving(input), 2), string.Empty, string.Empty], Strong: true));
        rows.Add(new Row(["Saving vs Case 2 (%)", HumanNumber.Format(SavingPercent(input), 2), string.Empty, string.Empty]));
        Money("Plan-dependent costs: charging time + investment + grid operation (USD/day)", Optimization.PlanComparison.PlanDependent);
        rows.Add(new Row(["Saving / Case 2's plan-dependent costs (%)", HumanNumber.Format(100 * input.Comparison.SavingShareOfPlanDependent, 2), string.Empty, string.Empty], Strong: true));
        Money("Installed power (kW)", r => r.Plan.InstalledKw(input.Study));
        Money("Capital cost (USD)", r => r.CapitalCost);
        Text("Capital cost / budget", r => budget > 0 ? $"{HumanNumber.Format(100 * r.CapitalCost / budget, 1)} % of {HumanNumber.Format(budget, 0)} USD" : "n/a");
        Text("Budget check", r => r.BudgetOk ? "ok" : "exceeded");
        Money("Charging revenue (USD/day)", r => r.ChargingRevenue);
        Money("Grid cost increase (USD/day)", r => r.GridCostIncrease);
        Money("Revenue − grid cost increase (USD/day)", r => r.ChargingRevenue - r.GridCostIncrease);
        Text("Revenue check", r => r.RevenueOk ? "ok" : "revenue below grid cost increase");
        Text("Grid check", r => r.GridOk ? "ok" : r.GridProblem is { Length: > 0 } problem ? "violated: " + problem : "violated");
        Text("All constraints met", r => r.AllConstraintsMet ? "yes" : "no");
        Text("Min voltage (p.u.)", r => HumanNumber.Format(r.MinVoltagePu, 4));
        Text("Max voltage deviation (p.u.)", r => $"{HumanNumber.Format(r.MaxVoltageDeviation, 4)} of {HumanNumber.Format(r.VoltageDeviationLimit, 4)} allowed");
        Money("Peak substation load (kW)", r => r.PeakSubstationKw);
        var feeders = input.Study.FeederIds;
        if (feeders.Count > 1)
        {
            // A case of several feeders: each feeder's own voltage and load (the totals above are over all of them).
            foreach (var feeder in feeders)
            {
                Text($"Feeder {feeder}: min voltage (p.u.)", r => HumanNumber.Format(FeederRows(r, feeder).Select(f => f.VMinPu).DefaultIfEmpty(double.NaN).Min(), 4));
                Money($"Feeder {feeder}: peak import (kW)", r => FeederRows(r, feeder).Select(f => f.SubstationKw).DefaultIfEmpty(0).Max());
                Money($"Feeder {feeder}: charging energy (kWh/day)", r => r.Feeder.Where(f => f.Feeder == feeder).Sum(f => f.EvLoadKw));
                Text($"Feeder {feeder}: binding limits (hours)", r => Invariant.Format(FeederRows(r, feeder).Count(f => f.BindingLimits.Split(' ').Any(l => l.StartsWith("vmin@", StringComparison.Ordinal) || l.StartsWith("vmax@", StringComparison.Ordinal) || l.StartsWith("imax@", StringComparison.Ordinal)))));
            }
        }

        Money("Unserved energy (kWh)", r => r.UnservedKwh);
        Text("Average DLMP at station buses (USD/MWh)", r => HumanNumber.Format(r.AverageStationDlmpPerMwh, 2));
        Text("Evaluation status", r => r.Message is { Length: > 0 } message ? $"{r.Status.ToText()}: {message}" : r.Status.ToText());
        Text("Coupling iterations", r => Invariant.Format(r.CouplingIterations));
        Text("Coupling gap (relative, on F_t)", r => HumanNumber.Significant(r.CouplingGap));
        return new Table(["Quantity", "Case 1 (optimized)", "Case 2 (uniform)", "Case 1 − Case 2"], rows);
    }

    private static string HowMuchWhereSentence(PlanReportInput input)
    {
        var c = input.Comparison;
        var installed = input.Best.Plan.InstalledKw(input.Study);
        if (input.EqualPower is not { } equal)
        {
            return "The stations share no allowed level, so there is no uniform plan with Case 1's installed power to compare with.";
        }

        return $"Case 2′ is the uniform plan whose installed power is nearest Case 1's {HumanNumber.Format(installed, 0)} kW: every station at " +
            $"{HumanNumber.Short(equal.Plan.PowerKw[0])} kW per unit ({HumanNumber.Format(equal.Plan.InstalledKw(input.Study), 0)} kW installed; the level common to " +
            "all stations closest to the target, the lower one on a tie). " +
            $"Case 2 − Case 2′ = {HumanNumber.Signed(c.HowMuch, 0)} USD/day is what the amount of power changes (how much); " +
            $"Case 2′ − Case 1 = {HumanNumber.Signed(c.Where, 0)} USD/day what its placement changes (where).";
    }

    private static Table HowMuchWhere(PlanReportInput input)
    {
        var cases = new[] { ("Case 2 (uniform)", input.Uniform), ("Case 2′ (uniform, Case 1's installed power)", input.EqualPower!), ("Case 1 (optimized)", input.Best) };
        var rows = cases.Select(c => new Row(
        [
            c.Item1, HumanNumber.Format(c.Item2.Plan.InstalledKw(input.Study), 0), HumanNumber.Format(c.Item2.Components.ChargingTime, 0),
            HumanNumber.Format(c.Item2.Components.Investment, 0), HumanNumber.Format(c.Item2.Components.GridOperation, 0),
            HumanNumber.Format(c.Item2.Components.TravelTime + c.Item2.Components.Fuel, 0), HumanNumber.Format(c.Item2.SocialCost, 0),
        ])).ToList();
        return new Table(["Plan", "Installed kW", "Charging time", "Investment", "Grid operation", "Travel time + fuel", "Social cost (USD/day)"], rows);
    }

    private static string UnusedSentence(PlanReportInput input)
    {
        var unused = StationUse.Unused(input.Study, input.Best);
        return unused.Count == 0
            ? "Every station Case 1 builds serves charging."
            : $"Flagged: Case 1 builds {string.Join(", ", unused)} but no charging vehicle uses {(unused.Count == 1 ? "it" : "them")} all day " +
              $"(below {HumanNumber.Format(StationUse.UnusedKwhPerDay, 0)} kWh/day): capital that serves nothing.";
    }

    private static IEnumerable<FeederHour> FeederRows(EvaluationResult result, string feeder) =>
        result.Feeder.Where(f => f.Feeder == feeder && double.IsFinite(f.VMinPu) && f.VMinPu > 0);

    private static Table Stations(PlanReportInput input)
    {
        var feederOf = input.Study.Buses.ToDictionary(b => b.Id, b => b.FeederId, StringComparer.Ordinal);
        var several = input.Study.FeederIds.Count > 1;
        var rows = new List<Row>();
        var loads = input.Best.Stations.ToLookup(s => s.Station, StringComparer.Ordinal);
        double units = 0, installed = 0, energy = 0;
        for (var i = 0; i < input.Study.Stations.Count; i++)
        {
            var s = input.Study.Stations[i];
            var kw1 = At(input.Best.Plan.PowerKw, i);
            var kw2 = At(input.Uniform.Plan.PowerKw, i);
            var hourly = loads[s.Id].Select(h => h.LoadKw).ToList();
            var daily = hourly.Sum(); // 1-hour steps: kW × 1 h = kWh
            var peak = hourly.Count > 0 ? hourly.Max() : 0;
            units += s.Units;
            installed += s.Units * kw1;
            energy += daily;
            rows.Add(new Row(
            [
                s.Id, s.Node, several ? $"{s.Bus} (feeder {feederOf.GetValueOrDefault(s.Bus, "?")})" : s.Bus, Invariant.Format(s.Units), kw1 > 0 ? HumanNumber.Format(kw1, 1) : "0 (not built)", HumanNumber.Format(kw2, 1),
                HumanNumber.Format(s.Units * kw1, 1), HumanNumber.Format(daily, 0), HumanNumber.Format(peak, 1),
            ]));
        }

        rows.Add(new Row(["Total", string.Empty, string.Empty, HumanNumber.Format(units, 0), string.Empty, string.Empty,
            HumanNumber.Format(installed, 1), HumanNumber.Format(energy, 0), string.Empty], Strong: true));
        return new Table(
            ["Station", "Road node", "Feeder bus", "Units", "kW/unit Case 1", "kW/unit Case 2", "Installed kW Case 1", "Energy Case 1 (kWh/day)", "Peak load Case 1 (kW)"],
            rows,
            TextColumns: 3);
    }

    private static string SearchSentence(PlanReportInput input)
    {
        var history = input.History;
        if (history.Count == 0)
        {
            return "No optimizer history was recorded.";
        }

        var feasible = history.Where(h => h.Feasible && double.IsFinite(h.Merit)).ToList();
        var text = $"{HumanNumber.Format(history.Count)} evaluations, {HumanNumber.Format(feasible.Count)} feasible. ";
        if (feasible.Count > 0)
        {
            var best = feasible.OrderBy(h => h.Merit).ThenBy(h => h.Evaluation).First();
            text += $"Best feasible merit {HumanNumber.Format(best.Merit, 2)} USD/day, first reached at evaluation {Invariant.Format(best.Evaluation)}. ";
        }
        else
        {
            text += "No evaluation met every constraint. ";
        }

        return text + $"Case 1 plan: {PlanText.Rounded(input.Study, input.Best.Plan)}.";
    }

    // ---- text helpers ----

    private static double At(IReadOnlyList<double> values, int index) => index < values.Count ? values[index] : double.NaN;

    private static string FileName(string path) => path.Split('/', '\\')[^1];

    /// <summary>A relative file path as a markdown link target: each segment percent-encoded.</summary>
    private static string UrlPath(string path) => string.Join('/', path.Split('/', '\\').Select(Uri.EscapeDataString));

    private static void MdRow(StringBuilder text, string[] cells, bool strong)
    {
        text.Append('|');
        foreach (var cell in cells)
        {
            var escaped = MdText(cell);
            text.Append(' ').Append(strong && escaped.Length > 0 ? "**" + escaped + "**" : escaped).Append(" |");
        }

        text.Append('\n');
    }

    /// <summary>Plain text safe inside markdown (paragraphs and table cells): no emphasis, links, HTML, or cell breaks.</summary>
    private static string MdText(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r':
                    break;
                case '\n':
                    result.Append(' ');
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#' or '&' or '!':
                    result.Append('\\').Append(c);
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }

    private static string HtmlText(string text) => WebUtility.HtmlEncode(text);
}
