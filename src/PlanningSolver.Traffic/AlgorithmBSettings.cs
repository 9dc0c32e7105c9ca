namespace PlanningSolver.Traffic;

/// <summary>
/// The knobs of <see cref="BushAssignmentSolver"/> (Algorithm B), each with its default. The defaults were chosen on
/// Sioux Falls, Anaheim and the benchmark grids (docs/algorithm-b.md); none changes the equilibrium reached, only how
/// the work is spread between topology updates, flow shifts and gap checks.
/// </summary>
public sealed record AlgorithmBSettings
{
    /// <summary>Shift passes over all bushes after each topology update, before the next exact gap check (tap-b's inner
    /// iterations; more passes mean fewer shortest-path searches per shift). Default 20.</summary>
    public int InnerPasses { get; init; } = 20;

    /// <summary>
    /// A merge node is left alone when its longest used and shortest bush paths differ by at most this fraction of the
    /// longest (rounding noise; a relative gap is a flow-weighted mean of such differences). Default 1e-14.
    /// </summary>
    public double RelativeCostTolerance { get; init; } = 1e-14;

    /// <summary>
    /// Within one outer iteration, a bush whose own relative gap (its excess cost over its shortest bush paths, divided
    /// by its SPTT) falls to this fraction of the target gap is not scanned again until the next topology update.
    /// Default 0.1.
    /// </summary>
    public double BushSkipFraction { get; init; } = 0.1;

    /// <summary>
    /// Within one outer iteration, a bush whose own relative gap is at most this fraction of the current relative gap
    /// (measured at the iteration's start) is not scanned again until the next topology update either: the shifts go to
    /// the bushes far from their equilibrium. Default 0.01.
    /// </summary>
    public double BushSkipGapFraction { get; init; } = 0.01;

    /// <summary>
    /// Stall guard: the solve stops (status iteration limit, a message saying it stalled) when the worst of the total and
    /// class gaps has not halved over this many outer iterations. Near the floor of what shifts can still improve (e.g.
    /// a charging class at stations loaded past their service rate: 1e-8 after 150 iterations, 1.3e-8 after 3,000), an
    /// iteration costs as much as any other and gains almost nothing. 0 turns the guard off. Default 50.
    /// </summary>
    public int StallIterations { get; init; } = 50;

    /// <summary>
    /// Inner passes between two joint station steps (docs/algorithm-b.md, "Station swaps"): all charging bushes' shifts
    /// between segments through different stations solved together, so origins can swap stations. 0 turns it off.
    /// Default 1 (after every pass).
    /// </summary>
    public int StationSwapPasses { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first knob out of range.</summary>
    public AlgorithmBSettings Validated()
    {
        if (InnerPasses < 1)
        {
            throw new ArgumentException($"Algorithm B: inner passes must be >= 1, got {InnerPasses}");
        }

        if (!(RelativeCostTolerance >= 0) || !double.IsFinite(RelativeCostTolerance))
        {
            throw new ArgumentException($"Algorithm B: relative cost tolerance must be finite and >= 0, got {RelativeCostTolerance}");
        }

        if (!(BushSkipFraction >= 0) || !double.IsFinite(BushSkipFraction))
        {
            throw new ArgumentException($"Algorithm B: bush skip fraction must be finite and >= 0, got {BushSkipFraction}");
        }

        if (!(BushSkipGapFraction >= 0) || !double.IsFinite(BushSkipGapFraction))
        {
            throw new ArgumentException($"Algorithm B: bush skip gap fraction must be finite and >= 0, got {BushSkipGapFraction}");
        }

        if (StallIterations < 0)
        {
            throw new ArgumentException($"Algorithm B: stall iterations must be >= 0, got {StallIterations}");
        }

        if (StationSwapPasses < 0)
        {
            throw new ArgumentException($"Algorithm B: station swap passes must be >= 0, got {StationSwapPasses}");
        }

        return this;
    }
}
