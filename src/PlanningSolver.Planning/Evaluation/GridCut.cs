using PlanningSolver.Power;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>
/// One OPF of an hour at given station flows, read as a supporting hyperplane of the hour's grid cost
/// <c>G_t(y)</c> (design.md §4): <c>G_t(y') ≥ Cost + Σ_s MarginalPerKwh_s · E · (y'_s − Flows_s)</c> for every y', because G_t
/// is the value of a convex program in its loads and the DLMPs are its (sub)gradient.
/// </summary>
/// <param name="Flows">y_s (EV/h) the OPF was solved at.</param>
/// <param name="Cost">G_t(y): the OPF optimum (USD for the hour), unserved-load penalty included.</param>
/// <param name="EnergyPerKwh">DLMP_p at each station's bus (USD/kWh).</param>
/// <param name="ReactivePerKwh">tan φ · DLMP_q at each station's bus (USD per kWh of charging), the cost of the reactive
/// power a kWh of charging draws at power factor cos φ.</param>
/// <param name="Opf">The OPF itself (voltages, bus DLMPs, branch flows).</param>
internal sealed record GridCut(double[] Flows, double Cost, double[] EnergyPerKwh, double[] ReactivePerKwh, OpfResult Opf)
{
    /// <summary>For the OPF cleared against the traffic columns: the master's own marginal costs (its Dantzig–Wolfe duals,
    /// USD/kWh, fee excluded), the prices of the next column; otherwise empty.</summary>
    public double[] MasterPricesPerKwh { get; init; } = [];

    /// <summary>False for a master whose cutting stalled short of the cone tolerance: a near-optimal point that serves to
    /// price the next column but is not taken as the OPF at its flows.</summary>
    public bool Exact { get; init; } = true;

    /// <summary>For the OPF cleared against the traffic columns: each column's weight in the flows (summing to 1).</summary>
    public double[] MasterWeights { get; init; } = [];

    /// <summary>λ_s = DLMP_p + tan φ · DLMP_q: the marginal grid cost of one more kWh of charging at station s (USD/kWh).</summary>
    public double MarginalPerKwh(int station) => EnergyPerKwh[station] + ReactivePerKwh[station];

    /// <summary>λ_s of every station (<see cref="MarginalPerKwh"/>), USD/kWh.</summary>
    public double[] MarginalsPerKwh() => [.. Enumerable.Range(0, EnergyPerKwh.Length).Select(MarginalPerKwh)];

    /// <summary>ℓ(y) = G(y_i) + Σ_s λ_s E (y_s − y_i,s): this cut's value at flows y (USD).</summary>
    public double ValueAt(ReadOnlySpan<double> flows, double energyPerChargeKwh)
    {
        var value = Cost;
        for (var s = 0; s < Flows.Length; s++)
        {
            value += MarginalPerKwh(s) * energyPerChargeKwh * (flows[s] - Flows[s]);
        }

        return value;
    }
}
