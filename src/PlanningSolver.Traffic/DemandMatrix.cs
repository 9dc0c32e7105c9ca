namespace PlanningSolver.Traffic;

/// <summary>
/// A dense origin–destination demand matrix over the network's zones (vehicles per demand period, e.g. per hour).
/// Indices are 0-based: zone id <c>z</c> (TNTP numbering, 1-based) is index <c>z - 1</c>.
/// </summary>
public sealed class DemandMatrix
{
    private readonly double[] _values;

    public DemandMatrix(int zones)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(zones);
        Zones = zones;
        _values = new double[checked(zones * zones)];
    }

    /// <summary>Number of zones (rows and columns).</summary>
    public int Zones { get; }

    /// <summary>Demand from origin index <paramref name="origin"/> to destination index <paramref name="destination"/> (0-based).</summary>
    public double this[int origin, int destination]
    {
        get => _values[(origin * Zones) + destination];
        set
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "demand must be finite and >= 0");
            }

            _values[(origin * Zones) + destination] = value;
        }
    }

    /// <summary>The row of an origin (0-based), destinations in index order.</summary>
    public ReadOnlySpan<double> Row(int origin) => _values.AsSpan(origin * Zones, Zones);

    /// <summary>Sum of all entries.</summary>
    public double Total
    {
        get
        {
            var sum = 0.0;
            foreach (var v in _values)
            {
                sum += v;
            }

            return sum;
        }
    }

    /// <summary>A new matrix with every entry multiplied by <paramref name="factor"/> (e.g. an hourly share of daily demand).</summary>
    public DemandMatrix Scaled(double factor)
    {
        if (!double.IsFinite(factor) || factor < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be finite and >= 0");
        }

        var copy = new DemandMatrix(Zones);
        for (var i = 0; i < _values.Length; i++)
        {
            copy._values[i] = _values[i] * factor;
        }

        return copy;
    }

    /// <summary>True when both matrices have the same size and bit-identical entries.</summary>
    public bool ContentEquals(DemandMatrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(this, other) || (other.Zones == Zones && _values.AsSpan().SequenceEqual(other._values));
    }

    /// <summary>A 64-bit hash of the size and the exact entries (FNV-1a over the bit patterns), to recognise the same demand cheaply.</summary>
    internal ulong Fingerprint()
    {
        var hash = 14695981039346656037UL ^ (ulong)Zones;
        foreach (var v in _values)
        {
            hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(v)) * 1099511628211UL;
        }

        return hash;
    }
}
