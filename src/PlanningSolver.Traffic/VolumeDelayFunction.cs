namespace PlanningSolver.Traffic;

/// <summary>
/// A separable, non-decreasing link cost function <c>t(x)</c> of the link's own flow. The Beckmann objective needs its
/// integral, the exact line search its derivative, and the conjugate directions the derivative as the (diagonal) Hessian.
/// </summary>
public abstract class VolumeDelayFunction
{
    /// <summary>Cost at flow <paramref name="flow"/>.</summary>
    public abstract double Time(double flow);

    /// <summary>dt/dx at flow <paramref name="flow"/>.</summary>
    public abstract double Derivative(double flow);

    /// <summary>∫₀ˣ t(u) du, the link's term of the Beckmann objective.</summary>
    public abstract double Integral(double flow);

    /// <summary>Cost and derivative together (one power evaluation where the form allows it).</summary>
    public virtual void TimeAndDerivative(double flow, out double time, out double derivative)
    {
        time = Time(flow);
        derivative = Derivative(flow);
    }
}

/// <summary>
/// The Bureau of Public Roads function <c>t(x) = t0 (1 + α (x/c)^β)</c> (Bureau of Public Roads, Traffic Assignment
/// Manual, 1964). Integer exponents (the usual β = 4) are evaluated by repeated multiplication.
/// </summary>
public sealed class BprFunction : VolumeDelayFunction
{
    private readonly double _alphaOverCapacity;
    private readonly int _integerBeta;

    public BprFunction(double freeFlowTime, double capacity, double alpha = 0.15, double beta = 4.0)
    {
        if (!double.IsFinite(freeFlowTime) || freeFlowTime < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(freeFlowTime), freeFlowTime, "free-flow time must be finite and >= 0");
        }

        if (!double.IsFinite(alpha) || alpha < 0 || !double.IsFinite(beta) || beta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), $"BPR alpha and beta must be finite and >= 0, got {alpha}, {beta}");
        }

        if (alpha > 0 && !(capacity > 0 && double.IsFinite(capacity)))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be finite and > 0 when alpha > 0");
        }

        FreeFlowTime = freeFlowTime;
        Capacity = capacity;
        Alpha = alpha;
        Beta = beta;
        _alphaOverCapacity = alpha > 0 ? alpha / capacity : 0;
        _integerBeta = beta == Math.Floor(beta) && beta <= 16 ? (int)beta : -1;
    }

    public double FreeFlowTime { get; }

    public double Capacity { get; }

    public double Alpha { get; }

    public double Beta { get; }

    public override double Time(double flow)
    {
        if (Alpha == 0)
        {
            return FreeFlowTime;
        }

        var r = Ratio(flow);
        return FreeFlowTime * (1 + (Alpha * Power(r, Beta)));
    }

    public override double Derivative(double flow)
    {
        if (Alpha == 0 || Beta == 0)
        {
            return 0;
        }

        var r = Ratio(flow);
        return FreeFlowTime * Beta * _alphaOverCapacity * Power(r, Beta - 1);
    }

    public override double Integral(double flow)
    {
        var x = Math.Max(flow, 0);
        if (Alpha == 0)
        {
            return FreeFlowTime * x;
        }

        var r = x / Capacity;
        return FreeFlowTime * (x + (Alpha * Capacity * Power(r, Beta + 1) / (Beta + 1)));
    }

    public override void TimeAndDerivative(double flow, out double time, out double derivative)
    {
        if (Alpha == 0 || Beta == 0)
        {
            time = FreeFlowTime * (1 + Alpha);
            derivative = 0;
            if (Alpha == 0)
            {
                time = FreeFlowTime;
            }

            return;
        }

        var r = Ratio(flow);
        var rb1 = Power(r, Beta - 1);
        time = FreeFlowTime * (1 + (Alpha * rb1 * r));
        derivative = FreeFlowTime * Beta * _alphaOverCapacity * rb1;
    }

    private double Ratio(double flow) => flow > 0 ? flow / Capacity : 0;

    private double Power(double r, double exponent)
    {
        if (_integerBeta >= 0)
        {
            // exponent is β, β - 1 or β + 1 with an integer β.
            var n = (int)exponent;
            var result = 1.0;
            for (var i = 0; i < n; i++)
            {
                result *= r;
            }

            return result;
        }

        return Math.Pow(r, exponent);
    }
}
