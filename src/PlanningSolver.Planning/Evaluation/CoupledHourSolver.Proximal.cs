using MathNet.Numerics.LinearAlgebra;
using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>The proximal search at the master's flows (<see cref="ProximalSearch"/>).</summary>
internal sealed partial class CoupledHourSolver
{
    /// <summary>Proximal assignments of one search (each one assignment, one evaluation and one or two OPFs).</summary>
    private const int ProximalTrials = 40;

    /// <summary>Largest slope ρ of the rising station prices (USD/kWh per EV/h). It is also held to half of
    /// (price + fee)/flow at every used station, so that no station's cost falls below half its price at zero flow.</summary>
    private const double MaxProximalSlope = 0.01;

    /// <summary>Largest multiplier move of one proximal step (USD/kWh at any station); a longer step is scaled down whole.</summary>
    private const double MaxProximalStep = 0.05;

    /// <summary>The proximal flows reach the target when within this, relative to 1 + the largest target flow.</summary>
    private const double TargetReached = 1e-7;

    /// <summary>Looser reach at which a station the traffic does not respond to is held for the common-shift test.</summary>
    private const double TargetNearlyReached = 1e-6;

    /// <summary>Moves of the target per search (<see cref="MoveTarget"/>).</summary>
    private const int MaxTargetMoves = 8;

    /// <summary>The first target move is this fraction of J (d − π): the grid's marginal cost moves with the flows too
    /// (undamped, the moves overshot by a factor of about 2.4 and grew on ring-33-s4 S2=S4=S5=60, S8=350, hour 8).</summary>
    private const double TargetMoveDamping = 0.5;

    /// <summary>
    /// Settles the hour at the flows y° the Dantzig–Wolfe master chose by an augmented Lagrangian on the station flows
    /// (the method of multipliers: Hestenes 1969, Powell 1969; a proximal-point method on the prices, Rockafellar 1976).
    /// Each trial is the assignment with each station's price rising with its own flow, <c>λ_s + ρ (y_s − y°_s)</c>
    /// (<see cref="StationState.PriceSlopePerKwh"/>). At its own flows that equilibrium is a plain one at the prices
    /// <c>π = λ + ρ (y − y°)</c> the stations charged there, so every trial is a candidate and a column as it stands. The
    /// rising price turns the station split, a near step function of the prices where the stations' queues barely rise
    /// with their flows (the reason the secant steps towards y° stall), into a response no steeper than 1/ρ; the
    /// multipliers then move by a Newton step on the trials' response <c>A = (I − ρJ)⁻¹J</c> (J the estimated price
    /// response, Powell-symmetric-Broyden updated from the trials), by the method's own update ρ (y − y°) on A's null
    /// space, and without a common shift of the used stations' prices (the traffic does not set it).
    /// Where the trials reach y° and their prices are still no subgradient of G_t there, either a station's flow does not
    /// respond to its price over a range (a group of trips with no other station) and the grid sets its price within that
    /// range (<see cref="TrySettlePinned"/>), or y° is not yet the minimum of F_t: the target moves to where the traffic's
    /// price and the grid's marginal cost meet (<see cref="MoveTarget"/>). Null when no trial settles.
    /// </summary>
    private CoupledHourResult? ProximalSearch(
        double[] target, double[] start, double[,] response, AssignmentResult warm, int k, List<CouplingIteration> log, ref AssignmentEffort effort,
        List<(double[] Flows, double CostUsd)> columns, List<AssignmentResult> columnFlows, CancellationToken cancellation)
    {
        var n = start.Length;
        var slope = MaxProximalSlope;
        for (var s = 0; s < n; s++)
        {
            if (target[s] > UnusedFlow)
            {
                slope = Math.Min(slope, 0.5 * (Math.Max(0, start[s]) + _hour.ServiceFeePerKwh) / target[s]);
            }
        }

        if (!(slope > 0))
        {
            return null;
        }

        var largest = Enumerable.Range(0, n).Max(s => Math.Abs(response[s, s]));
        var unresponsive = Enumerable.Range(0, n).Select(s => target[s] > UnusedFlow && Math.Abs(response[s, s]) <= NullResponse * largest).ToArray();
        var model = ProximalResponse(response, slope);
        var multipliers = (double[])start.Clone();
        double[]? lastMultipliers = null, lastMiss = null;
        var moves = new TargetMoves(n);
        for (var trial = 0; trial < ProximalTrials; trial++)
        {
            // No station's cost may fall below zero at any flow (the shortest paths need costs ≥ 0): the rising price at
            // zero flow, λ_s + fee − ρ y°_s, stays ≥ 0.
            for (var s = 0; s < n; s++)
            {
                multipliers[s] = Math.Max(multipliers[s], (slope * target[s]) - _hour.ServiceFeePerKwh);
            }

            var proximal = _hour.AssignWithRisingPrices(WithFee(multipliers), slope, target, warm, _settings.AssignmentGap, cancellation);
            effort += proximal;
            if (Failed(proximal) is not null)
            {
                return null;
            }

            var prices = new double[n];
            for (var s = 0; s < n; s++)
            {
                prices[s] = Math.Max(0, multipliers[s] + (slope * (proximal.StationFlows[s] - target[s])));
            }

            var plain = _hour.Assign(WithFee(prices), proximal, EvaluateOnly, cancellation);
            if (TrySettle(plain, prices, _settings.Tolerance, k, "proximal", log, ref effort, out var settled, cancellation)
                || TrySettlePinned(plain, prices, target, unresponsive, k, log, effort, out settled))
            {
                return settled;
            }

            columns.Add(Column(plain, prices));
            columnFlows.Add(plain);
            warm = proximal;
            if (Reached(plain.StationFlows, target, TargetReached))
            {
                if (moves.Count >= MaxTargetMoves || MoveTarget(plain, prices, target, response, moves) is not { } moved)
                {
                    return null;
                }

                (target, multipliers, lastMultipliers, lastMiss) = (moved, prices, null, null);
                continue;
            }

            var miss = new double[n];
            for (var s = 0; s < n; s++)
            {
                miss[s] = proximal.StationFlows[s] - target[s];
            }

            if (lastMultipliers is not null)
            {
                SecantUpdate(model, lastMultipliers, multipliers, lastMiss!, miss);
            }

            var step = ProximalStep(model, miss, slope);
            var used = Enumerable.Range(0, n).Where(s => target[s] > UnusedFlow).ToArray();
            if (used.Length > 0)
            {
                var common = used.Average(s => step[s]);
                foreach (var s in used)
                {
                    step[s] -= common;
                }
            }

            var longest = step.Max(Math.Abs);
            if (!(longest > PriceTolerance / 1000) || !double.IsFinite(longest))
            {
                return null;
            }

            var scale = Math.Min(1, MaxProximalStep / longest);
            (lastMultipliers, lastMiss) = ((double[])multipliers.Clone(), miss);
            for (var s = 0; s < n; s++)
            {
                multipliers[s] += scale * step[s];
            }
        }

        return null;
    }

    private static bool Reached(double[] flows, double[] target, double tolerance) => MaxDifference(flows, target) <= tolerance * (1 + target.Max());

    /// <summary>
    /// The common-shift test (<see cref="TrySettleShifted"/>) with stations held at their flows, whose prices the grid then
    /// sets: those whose flow did not respond to the response estimate's price step, and, once the trial has reached the
    /// target, each other used station in turn. A station whose trips have no other station keeps its flow over a range of
    /// its price (seen: ring-33-s4 S2=S4=60, S5=350, S8=240, hour 17, S4 at 8.0949 EV/h for price cuts up to ~0.03 USD/kWh);
    /// the traffic's price there is one point of that range, the grid's may be another.
    /// </summary>
    private bool TrySettlePinned(
        AssignmentResult plain, double[] prices, double[] target, bool[] unresponsive, int k, List<CouplingIteration> log, AssignmentEffort effort, out CoupledHourResult settled)
    {
        settled = null!;
        if (!Reached(plain.StationFlows, target, TargetNearlyReached) || _hour.Grid(plain.StationFlows, out _) is not { } own)
        {
            return false;
        }

        if (unresponsive.Any(f => f) && TrySettleShifted(plain, prices, own, _settings.Tolerance, k, "proximal", log, effort, out settled, unresponsive))
        {
            return true;
        }

        if (!Reached(plain.StationFlows, target, TargetReached))
        {
            return false;
        }

        for (var h = 0; h < prices.Length; h++)
        {
            if (target[h] <= UnusedFlow || unresponsive[h])
            {
                continue;
            }

            var held = (bool[])unresponsive.Clone();
            held[h] = true;
            if (TrySettleShifted(plain, prices, own, _settings.Tolerance, k, "proximal", log, effort, out settled, held))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The next target of <see cref="ProximalSearch"/> once the traffic reproduces the current one y° at prices π that are
    /// no subgradient of G_t there: the grid paid π, with the flows free in a small box (<see cref="PriceTakingWidth"/>),
    /// answers with its marginal costs d; the target moves by <c>δ = −M (π − d − t)</c>, t the common part of the
    /// mismatch (the traffic does not set it), M ≈ (∂(π − d)/∂y)⁻¹ by Broyden's inverse update across the moves, from
    /// <see cref="TargetMoveDamping"/>·J (J the price response; the grid's own slope, unknown at first, damps it).
    /// The total flow stays (every charging EV charges once). Null when the price-taking OPF fails.
    /// </summary>
    private double[]? MoveTarget(AssignmentResult plain, double[] prices, double[] target, double[,] response, TargetMoves moves)
    {
        var n = prices.Length;
        if (_hour.PriceTaking(plain.StationFlows, prices, PriceTakingWidth, out _) is not { } taking)
        {
            return null;
        }

        var answer = taking.MarginalsPerKwh();
        var used = Enumerable.Range(0, n).Where(s => target[s] > UnusedFlow).ToArray();
        var level = used.Length == 0 ? 0 : used.Average(s => prices[s] - answer[s]);
        var mismatch = new double[n];
        foreach (var s in used)
        {
            mismatch[s] = prices[s] - answer[s] - level;
        }

        moves.Update(mismatch, target, response);
        var moved = (double[])target.Clone();
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                moved[r] -= moves.Map[r, c] * mismatch[c];
            }
        }

        var drift = (moved.Sum() - target.Sum()) / Math.Max(1, used.Length);
        foreach (var s in used)
        {
            moved[s] -= drift;
        }

        for (var s = 0; s < n; s++)
        {
            moved[s] = Math.Max(0, moved[s]);
        }

        return moved;
    }

    /// <summary>A = (I − ρJ)⁻¹J, the response of the proximal trials' flows to the multipliers (J ⪯ 0, so A ⪯ 0).</summary>
    private static double[,] ProximalResponse(double[,] response, double slope) =>
        Spectral(Matrix<double>.Build.DenseOfArray(response), e => Math.Min(0, e) / (1 - (slope * Math.Min(0, e))));

    /// <summary>The multiplier step: −A⁺ miss on the range of A (Newton), ρ·miss on its null space (the method of
    /// multipliers' own update).</summary>
    private static double[] ProximalStep(double[,] model, double[] miss, double slope)
    {
        var n = miss.Length;
        var evd = Matrix<double>.Build.DenseOfArray(model).Evd(Symmetricity.Symmetric);
        var largest = evd.EigenValues.Select(e => Math.Abs(e.Real)).DefaultIfEmpty(0).Max();
        var z = Vector<double>.Build.DenseOfArray(miss);
        var step = Vector<double>.Build.Dense(n);
        for (var i = 0; i < n; i++)
        {
            var a = evd.EigenValues[i].Real;
            var q = evd.EigenVectors.Column(i);
            step += largest > 0 && Math.Abs(a) > NullResponse * largest ? q * (-q.DotProduct(z) / a) : q * (slope * q.DotProduct(z));
        }

        return step.ToArray();
    }

    /// <summary>The state of <see cref="MoveTarget"/> across one search: M and the last mismatch and target.</summary>
    private sealed class TargetMoves(int stations)
    {
        private double[]? _lastMismatch;
        private double[]? _lastTarget;

        public double[,] Map { get; } = new double[stations, stations];

        public int Count { get; private set; }

        /// <summary>M from <see cref="TargetMoveDamping"/>·J at the first move, Broyden's inverse ("bad") update
        /// <c>M += (Δy − M Δr) Δrᵀ / (ΔrᵀΔr)</c> at the later ones.</summary>
        public void Update(double[] mismatch, double[] target, double[,] response)
        {
            var n = mismatch.Length;
            if (_lastMismatch is null || _lastTarget is null)
            {
                for (var r = 0; r < n; r++)
                {
                    for (var c = 0; c < n; c++)
                    {
                        Map[r, c] = TargetMoveDamping * response[r, c];
                    }
                }
            }
            else
            {
                var dr = new double[n];
                var norm = 0.0;
                for (var i = 0; i < n; i++)
                {
                    dr[i] = mismatch[i] - _lastMismatch[i];
                    norm += dr[i] * dr[i];
                }

                if (norm > 0)
                {
                    for (var r = 0; r < n; r++)
                    {
                        var predicted = 0.0;
                        for (var c = 0; c < n; c++)
                        {
                            predicted += Map[r, c] * dr[c];
                        }

                        var residual = target[r] - _lastTarget[r] - predicted;
                        for (var c = 0; c < n; c++)
                        {
                            Map[r, c] += residual * dr[c] / norm;
                        }
                    }
                }
            }

            (_lastMismatch, _lastTarget) = ((double[])mismatch.Clone(), (double[])target.Clone());
            Count++;
        }
    }
}
