namespace PlanningSolver.Planning.Evaluation;

/// <summary>The one-sided marginal grid costs (USD/kWh) of each station at a point of G_t, just below (<see cref="Left"/>)
/// and just above (<see cref="Right"/>) its flow, and whether they agree (<see cref="Smooth"/>: no kink there).</summary>
internal sealed record KinkSides(double[] Left, double[] Right, bool[] Smooth);
