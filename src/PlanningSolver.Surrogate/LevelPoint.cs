using System.Text;

namespace PlanningSolver.Surrogate;

/// <summary>
/// A point of a <see cref="DiscreteProblem"/> as one level index per variable (0 = the variable's lowest level).
/// Immutable, with value equality, so it can key dictionaries and sets.
/// </summary>
public sealed class LevelPoint : IEquatable<LevelPoint>
{
    private readonly int[] _indices;
    private readonly int _hash;

    public LevelPoint(params int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        _indices = (int[])indices.Clone();
        var hash = new HashCode();
        foreach (var i in _indices)
        {
            hash.Add(i);
        }

        _hash = hash.ToHashCode();
    }

    /// <summary>Number of variables.</summary>
    public int Dimension => _indices.Length;

    /// <summary>The level index of variable <paramref name="variable"/>.</summary>
    public int this[int variable] => _indices[variable];

    public int[] ToArray() => (int[])_indices.Clone();

    public bool Equals(LevelPoint? other) =>
        other is not null && _hash == other._hash && _indices.AsSpan().SequenceEqual(other._indices);

    public override bool Equals(object? obj) => Equals(obj as LevelPoint);

    public override int GetHashCode() => _hash;

    /// <summary>Level indices in parentheses, e.g. <c>(0,3,2)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("(");
        for (var j = 0; j < _indices.Length; j++)
        {
            if (j > 0)
            {
                sb.Append(',');
            }

            sb.Append(_indices[j].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.Append(')').ToString();
    }
}
