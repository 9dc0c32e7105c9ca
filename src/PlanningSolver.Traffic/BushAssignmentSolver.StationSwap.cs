using System.Runtime.CompilerServices;

namespace PlanningSolver.Traffic;

/// <summary>
/// The joint station step of Algorithm B (docs/algorithm-b.md, "Station swaps"). A charging bush's Newton shift between
/// two segments through different stations sees the stations' slopes (minutes per vehicle) in its derivative and moves
/// almost nothing, even where the equilibrium needs one origin to move from station A to B and another from B to A: their
/// station flows need not change, only the flat road costs do. Dial's shifts, one bush after the other, then converge
/// at the rate (road slope / station slope) per pass. This step moves the charging bushes together: per charging bush still shifting in this outer iteration (not resting
/// near its own equilibrium, <see cref="AlgorithmBSettings.BushSkipFraction"/>), the
/// station-crossing merge with the largest excess (cost difference × the long segment's smallest flow), and one Newton
/// step on the vector of their shifts δ ≥ 0 with the exact Hessian H_ij = Σ_m t'_m n_i(m) n_j(m) (n_i(m) the times
/// candidate i's long segment crosses cost term m minus the times its short one does, so shared road links and stations
/// couple the candidates), bounded by each long segment's smallest flow (a box QP solved by an active set), then an exact
/// line search on the direction found (regula falsi on the directional derivative, every cost recomputed).
/// </summary>
public sealed partial class BushAssignmentSolver
{
    /// <summary>Rounds of the box QP's active set before its last point is taken as the direction.</summary>
    private const int SwapActiveSetRounds = 30;

    /// <summary>Regula-falsi steps of the line search after the Newton step overshoots.</summary>
    private const int SwapLineSearchSteps = 4;

    private SwapCandidate[] _swap = new SwapCandidate[16];
    private int _swapCount;
    private int[] _swapSlots = new int[256];
    private int _swapSlotsUsed;
    private int[] _swapTerm = new int[256];
    private int[] _swapNet = new int[256];
    private int _swapTermsUsed;
    private double[] _swapHessian = [];
    private double[] _swapFactor = [];
    private double[] _swapRhs = [];
    private double[] _swapPoint = [];
    private double[] _swapSolve = [];
    private int[] _swapState = [];
    private int[] _swapFree = [];
    private int[] _termMark = [];
    private double[] _termValue = [];
    private int[] _termTouched = [];
    private int _termStamp;

    /// <summary>One bush's station-crossing segment pair: slots <c>[SlotStart, SlotStart + LongCount)</c> are the long segment's,
    /// the next ShortCount the short one's; terms <c>[TermStart, TermStart + TermCount)</c> hold the net counts.</summary>
    private struct SwapCandidate
    {
        public Bush Bush;
        public int SlotStart;
        public int LongCount;
        public int ShortCount;
        public int TermStart;
        public int TermCount;
        public double Gain;
        public double Cap;
        public double Direction;
        public double Applied;
    }

    /// <summary>Runs the joint station step once over the charging bushes; returns the number of bushes it moved.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int StationSwapStep()
    {
        if (_sites == 0)
        {
            return 0;
        }

        if (_termMark.Length != _total.Length)
        {
            _termMark = new int[_total.Length];
            _termValue = new double[_total.Length];
            _termTouched = new int[_total.Length];
        }

        CollectSwapCandidates();
        var n = _swapCount;
        if (n < 2)
        {
            return 0; // a single candidate is an ordinary Newton shift
        }

        BuildSwapHessian(n);
        if (!SolveSwapBox(n))
        {
            return 0;
        }

        // Directional derivative and exact curvature along d: φ(α) = F(x + α d), φ'(0) = −gᵀd, φ''(0) = dᵀHd.
        var slope0 = 0.0;
        var curvature = 0.0;
        for (var i = 0; i < n; i++)
        {
            var di = _swap[i].Direction;
            slope0 -= _swap[i].Gain * di;
            var row = i * n;
            var hd = 0.0;
            for (var j = 0; j < n; j++)
            {
                hd += _swapHessian[row + j] * _swap[j].Direction;
            }

            curvature += di * hd;
        }

        if (!(slope0 < 0))
        {
            return 0;
        }

        var alpha = curvature > 0 ? Math.Min(1, -slope0 / curvature) : 1;
        ApplySwap(n, alpha);
        var slope = SwapSlope(n);
        var (low, lowSlope, high, highSlope) = (0.0, slope0, alpha, slope);
        for (var step = 0; step < SwapLineSearchSteps && slope > 0; step++)
        {
            // Overshoot: regula falsi between the last point below the minimum and the last above it.
            var next = low + ((high - low) * (-lowSlope / (highSlope - lowSlope)));
            ApplySwap(n, next);
            slope = SwapSlope(n);
            if (slope > 0)
            {
                (high, highSlope) = (next, slope);
            }
            else
            {
                (low, lowSlope) = (next, slope);
            }
        }

        if (slope > 0)
        {
            // Still past the minimum: end at the last point before it, where φ ≤ φ(0) (φ convex, falling up to there).
            ApplySwap(n, low);
            if (low == 0)
            {
                return 0;
            }
        }

        _shifts += n;
        return n;
    }

    /// <summary>Per charging bush, the station-crossing merge with the largest excess at the current costs.</summary>
    private void CollectSwapCandidates()
    {
        _swapCount = 0;
        _swapSlotsUsed = 0;
        _swapTermsUsed = 0;
        var w = _workspaces[0];
        for (var t = 0; t < _bushes.Length; t++)
        {
            if (_skip[t] || _bushes[t] is not { } bush || !_model.Classes[bush.Class].Charging)
            {
                continue;
            }

            Scan(bush, w);
            var best = 0.0;
            var recorded = false;
            for (var p = bush.LastMerge; p >= 1; p--)
            {
                var farSlot = LongerUsedSlot(bush, w, p);
                if (farSlot < 0)
                {
                    continue;
                }

                if (!WalkSegments(bush, w, p, farSlot, out var longCount, out var shortCount))
                {
                    continue;
                }

                if (!SegmentCosts(bush, w, longCount, shortCount, out var gain, out var cap, out var touchedCount)
                    || !(gain * cap > best) || !CrossesStation(w, touchedCount))
                {
                    continue;
                }

                best = gain * cap;
                if (!recorded)
                {
                    if (_swapCount == _swap.Length)
                    {
                        Array.Resize(ref _swap, 2 * _swap.Length);
                    }

                    _swapCount++;
                    recorded = true;
                }
                else
                {
                    // Replace this bush's provisional candidate (the last one recorded).
                    ref var old = ref _swap[_swapCount - 1];
                    _swapSlotsUsed = old.SlotStart;
                    _swapTermsUsed = old.TermStart;
                }

                ref var c = ref _swap[_swapCount - 1];
                c = new SwapCandidate { Bush = bush, Gain = gain, Cap = cap, SlotStart = _swapSlotsUsed, LongCount = longCount, ShortCount = shortCount, TermStart = _swapTermsUsed };
                EnsureCapacity(ref _swapSlots, _swapSlotsUsed + longCount + shortCount);
                Array.Copy(w.LongSegment, 0, _swapSlots, _swapSlotsUsed, longCount);
                Array.Copy(w.ShortSegment, 0, _swapSlots, _swapSlotsUsed + longCount, shortCount);
                _swapSlotsUsed += longCount + shortCount;
                EnsureCapacity(ref _swapTerm, _swapTermsUsed + touchedCount);
                EnsureCapacity(ref _swapNet, _swapTermsUsed + touchedCount);
                for (var i = 0; i < touchedCount; i++)
                {
                    var m = w.Touched[i];
                    var net = w.NetCount[m];
                    if (net != 0)
                    {
                        _swapTerm[_swapTermsUsed] = m;
                        _swapNet[_swapTermsUsed] = net;
                        _swapTermsUsed++;
                        c.TermCount++;
                    }
                }
            }
        }
    }

    /// <summary>Whether the walked segments pass different stations (a station's term has a net count).</summary>
    private bool CrossesStation(BushWorkspace w, int touchedCount)
    {
        for (var i = 0; i < touchedCount; i++)
        {
            var m = w.Touched[i];
            if (m >= _links && w.NetCount[m] != 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void EnsureCapacity<T>(ref T[] array, int needed)
    {
        if (array.Length < needed)
        {
            Array.Resize(ref array, Math.Max(needed, 2 * array.Length));
        }
    }

    /// <summary>H_ij = Σ_m t'_m n_i(m) n_j(m) over the candidates' cost terms.</summary>
    private void BuildSwapHessian(int n)
    {
        EnsureCapacity(ref _swapHessian, n * n);
        EnsureCapacity(ref _swapFactor, n * n);
        EnsureCapacity(ref _swapRhs, n);
        EnsureCapacity(ref _swapPoint, n);
        EnsureCapacity(ref _swapSolve, n);
        EnsureCapacity(ref _swapState, n);
        EnsureCapacity(ref _swapFree, n);
        for (var i = 0; i < n; i++)
        {
            ref var ci = ref _swap[i];
            var stamp = ++_termStamp;
            for (var e = ci.TermStart; e < ci.TermStart + ci.TermCount; e++)
            {
                _termMark[_swapTerm[e]] = stamp;
                _termValue[_swapTerm[e]] = _swapNet[e] * _slope[_swapTerm[e]];
            }

            for (var j = i; j < n; j++)
            {
                ref var cj = ref _swap[j];
                var h = 0.0;
                for (var e = cj.TermStart; e < cj.TermStart + cj.TermCount; e++)
                {
                    var m = _swapTerm[e];
                    if (_termMark[m] == stamp)
                    {
                        h += _termValue[m] * _swapNet[e];
                    }
                }

                _swapHessian[(i * n) + j] = h;
                _swapHessian[(j * n) + i] = h;
            }
        }
    }

    /// <summary>
    /// min ½ δᵀHδ − gᵀδ over 0 ≤ δ ≤ cap by an active set (free, at 0, at the cap): Newton on the free candidates with the
    /// bound ones fixed, violators moved to their bound, then a bound candidate whose multiplier has the wrong sign freed.
    /// Writes the direction into <see cref="SwapCandidate.Direction"/>; false when nothing is left free and nothing moves.
    /// </summary>
    private bool SolveSwapBox(int n)
    {
        var state = _swapState;
        var point = _swapPoint;
        for (var i = 0; i < n; i++)
        {
            state[i] = 0;
            point[i] = 0;
        }

        for (var round = 0; round < SwapActiveSetRounds; round++)
        {
            var free = 0;
            for (var i = 0; i < n; i++)
            {
                if (state[i] == 0)
                {
                    _swapFree[free++] = i;
                }
                else
                {
                    point[i] = state[i] > 0 ? _swap[i].Cap : 0;
                }
            }

            if (free > 0 && !SolveFree(n, free))
            {
                return false;
            }

            var changed = false;
            for (var f = 0; f < free; f++)
            {
                var i = _swapFree[f];
                if (point[i] < 0)
                {
                    (state[i], point[i], changed) = (-1, 0, true);
                }
                else if (point[i] > _swap[i].Cap)
                {
                    (state[i], point[i], changed) = (1, _swap[i].Cap, true);
                }
            }

            if (!changed)
            {
                // Multipliers of the bound candidates: r_i = (Hδ − g)_i must be ≥ 0 at 0 and ≤ 0 at the cap.
                var worst = 0.0;
                var release = -1;
                for (var i = 0; i < n; i++)
                {
                    if (state[i] == 0)
                    {
                        continue;
                    }

                    var r = -_swap[i].Gain;
                    for (var j = 0; j < n; j++)
                    {
                        r += _swapHessian[(i * n) + j] * point[j];
                    }

                    var violation = state[i] < 0 ? -r : r;
                    if (violation > worst)
                    {
                        (worst, release) = (violation, i);
                    }
                }

                if (release < 0)
                {
                    break;
                }

                state[release] = 0;
            }
        }

        var any = false;
        for (var i = 0; i < n; i++)
        {
            var d = Math.Clamp(point[i], 0, _swap[i].Cap);
            _swap[i].Direction = d;
            _swap[i].Applied = 0;
            any |= d > 0;
        }

        return any;
    }

    /// <summary>Solves H_FF δ_F = g_F − H_FB δ_B by Cholesky (a relative ridge of 1e-12 on the diagonal for a singular H).</summary>
    private bool SolveFree(int n, int free)
    {
        var a = _swapFactor;
        var rhs = _swapRhs;
        var trace = 0.0;
        for (var f = 0; f < free; f++)
        {
            trace += _swapHessian[(_swapFree[f] * n) + _swapFree[f]];
        }

        var ridge = 1e-12 * Math.Max(trace / free, double.Epsilon);
        for (var f = 0; f < free; f++)
        {
            var i = _swapFree[f];
            var r = _swap[i].Gain;
            for (var j = 0; j < n; j++)
            {
                if (_swapState[j] != 0)
                {
                    r -= _swapHessian[(i * n) + j] * _swapPoint[j];
                }
            }

            rhs[f] = r;
            for (var g = 0; g < free; g++)
            {
                a[(f * free) + g] = _swapHessian[(i * n) + _swapFree[g]];
            }

            a[(f * free) + f] += ridge;
        }

        for (var j = 0; j < free; j++)
        {
            var d = a[(j * free) + j];
            for (var k = 0; k < j; k++)
            {
                d -= a[(j * free) + k] * a[(j * free) + k];
            }

            if (!(d > 0))
            {
                return false;
            }

            var l = Math.Sqrt(d);
            a[(j * free) + j] = l;
            for (var i = j + 1; i < free; i++)
            {
                var v = a[(i * free) + j];
                for (var k = 0; k < j; k++)
                {
                    v -= a[(i * free) + k] * a[(j * free) + k];
                }

                a[(i * free) + j] = v / l;
            }
        }

        var y = _swapSolve;
        for (var i = 0; i < free; i++)
        {
            var v = rhs[i];
            for (var k = 0; k < i; k++)
            {
                v -= a[(i * free) + k] * y[k];
            }

            y[i] = v / a[(i * free) + i];
        }

        for (var i = free - 1; i >= 0; i--)
        {
            var v = y[i];
            for (var k = i + 1; k < free; k++)
            {
                v -= a[(k * free) + i] * y[k];
            }

            y[i] = v / a[(i * free) + i];
            _swapPoint[_swapFree[i]] = y[i];
        }

        return true;
    }

    /// <summary>Moves every candidate to the shift α·d_i (from the shift it holds now) and updates the touched costs.</summary>
    private void ApplySwap(int n, double alpha)
    {
        var stamp = ++_termStamp;
        var touched = 0;
        for (var i = 0; i < n; i++)
        {
            ref var c = ref _swap[i];
            var target = alpha * c.Direction;
            var delta = target - c.Applied;
            c.Applied = target;
            if (delta == 0)
            {
                continue;
            }

            var inFlow = c.Bush.InFlow;
            var inArc = c.Bush.InArc;
            for (var e = c.SlotStart; e < c.SlotStart + c.LongCount + c.ShortCount; e++)
            {
                var slot = _swapSlots[e];
                var signed = e < c.SlotStart + c.LongCount ? -delta : delta;
                inFlow[slot] = Math.Max(0, inFlow[slot] + signed);
                var m = _aggregate[inArc[slot]];
                _total[m] = Math.Max(0, _total[m] + signed);
                if (_termMark[m] != stamp)
                {
                    _termMark[m] = stamp;
                    _termTouched[touched++] = m;
                }
            }
        }

        for (var i = 0; i < touched; i++)
        {
            UpdateCost(_termTouched[i]);
        }
    }

    /// <summary>φ'(α) = −Σ_i d_i g_i at the current costs, g_i the candidate's long minus short segment cost.</summary>
    private double SwapSlope(int n)
    {
        var slope = 0.0;
        for (var i = 0; i < n; i++)
        {
            ref var c = ref _swap[i];
            var fixedOffset = c.Bush.Class * _arcs;
            var inArc = c.Bush.InArc;
            var g = 0.0;
            for (var e = c.SlotStart; e < c.SlotStart + c.LongCount + c.ShortCount; e++)
            {
                var arc = inArc[_swapSlots[e]];
                var cost = _time[_aggregate[arc]] + _fixed[fixedOffset + arc];
                g += e < c.SlotStart + c.LongCount ? cost : -cost;
            }

            slope -= c.Direction * g;
        }

        return slope;
    }
}
