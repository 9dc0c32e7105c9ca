namespace PlanningSolver.Traffic;

/// <summary>
/// A station's queue delay plus a price that rises linearly with the station's flow, in time units:
/// <c>t(y) = t_q(y) + a (y − y°)</c> (see <see cref="StationState.PriceSlopePerKwh"/>). The linear part makes the
/// station's cost strictly increasing at the rate a, which an augmented Lagrangian on the station flows needs; at y = y°
/// the cost is the plain one.
/// </summary>
internal sealed class RisingPriceDelay(VolumeDelayFunction queue, double slope, double center) : VolumeDelayFunction
{
    public override double Time(double flow) => queue.Time(flow) + (slope * (flow - center));

    public override double Derivative(double flow) => queue.Derivative(flow) + slope;

    public override double Integral(double flow) => queue.Integral(flow) + (slope * flow * ((flow / 2) - center));

    public override void TimeAndDerivative(double flow, out double time, out double derivative)
    {
        queue.TimeAndDerivative(flow, out time, out derivative);
        time += slope * (flow - center);
        derivative += slope;
    }
}
