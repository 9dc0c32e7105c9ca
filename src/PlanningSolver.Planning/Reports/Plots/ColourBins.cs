using ScottPlot;

namespace PlanningSolver.Planning.Reports.Plots;

/// <summary>
/// A stepped colour scale: bin k holds the values in [edge(k−1), edge(k)), the last bin everything from the last edge
/// up. Maps use bins rather than a continuous ramp so a reader can name a link's or a bus's class from the legend.
/// </summary>
public sealed class ColourBins
{
    private readonly double[] _edges;
    private readonly Color[] _colours;

    /// <param name="edges">Ascending inner edges (n − 1 of them for n bins).</param>
    /// <param name="colours">One colour per bin, lowest bin first.</param>
    /// <param name="labels">One legend label per bin.</param>
    public ColourBins(IReadOnlyList<double> edges, IReadOnlyList<Color> colours, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(colours);
        ArgumentNullException.ThrowIfNull(labels);
        if (colours.Count != edges.Count + 1 || labels.Count != colours.Count)
        {
            throw new ArgumentException("n bins need n − 1 edges, n colours and n labels");
        }

        _edges = [.. edges];
        _colours = [.. colours];
        Labels = [.. labels];
    }

    public int Count => _colours.Length;

    public IReadOnlyList<string> Labels { get; }

    /// <summary>The highest bin.</summary>
    public int Top => _colours.Length - 1;

    /// <summary>The bin of a value; −1 for NaN (no data, drawn grey).</summary>
    public int Bin(double value)
    {
        if (double.IsNaN(value))
        {
            return -1;
        }

        var bin = 0;
        while (bin < _edges.Length && value >= _edges[bin])
        {
            bin++;
        }

        return bin;
    }

    public Color Colour(int bin) => bin < 0 ? NoData : _colours[bin];

    public static readonly Color NoData = Color.FromHex("#BDBDBD");
}
