namespace PlanningSolver.Planning.Evaluation;

/// <summary>
/// A safeguarded root search for a decreasing function on [low, high] whose sign is read from a side flag rather than
/// its value: each trial reports its value (for secant and Newton steps) and whether the root lies above it; steps that
/// leave the bracket fall back to bisection. Where the function stays flat between two trials (a traffic response that is
/// locally constant in the price), the next trial is the untried end of the bracket towards the root.
/// </summary>
internal sealed class BracketedRoot
{
    /// <summary>Values this close (relative to 1 + |value|) count as equal: no response between the trials.</summary>
    private const double Flat = 1e-12;

    private readonly double _slope;
    private double _low;
    private double _high;
    private (double X, double Value)? _last;
    private bool _lowTried;
    private bool _highTried;

    /// <param name="low">Lower end of the bracket.</param>
    /// <param name="high">Upper end.</param>
    /// <param name="slope">An estimate of the function's slope (negative), for the first Newton step; 0 when unknown.</param>
    public BracketedRoot(double low, double high, double slope)
    {
        _low = low;
        _high = high;
        _slope = slope;
    }

    /// <summary>Width of the bracket.</summary>
    public double Width => _high - _low;

    /// <summary>The next trial after <paramref name="x"/>, whose value is <paramref name="value"/> and whose root lies
    /// above it when <paramref name="rootAbove"/>.</summary>
    public double Next(double x, double value, bool rootAbove)
    {
        if (rootAbove)
        {
            _low = Math.Max(_low, x);
            _lowTried = true;
        }
        else
        {
            _high = Math.Min(_high, x);
            _highTried = true;
        }

        var slope = _slope;
        if (_last is { } last && last.X != x)
        {
            if (Math.Abs(value - last.Value) <= Flat * (1 + Math.Abs(value)))
            {
                _last = (x, value);
                return rootAbove ? (_highTried ? (_low + _high) / 2 : _high) : (_lowTried ? (_low + _high) / 2 : _low);
            }

            slope = (value - last.Value) / (x - last.X);
        }

        _last = (x, value);
        var next = slope < 0 ? x - (value / slope) : double.NaN;
        var margin = 1e-3 * Width;
        return double.IsFinite(next) && next > _low + margin && next < _high - margin ? next : (_low + _high) / 2;
    }
}
