using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Traffic;

/// <summary>
/// A synthetic rows × cols grid with bidirectional links between neighbours (so 4·rows·cols − 2·(rows + cols) links)
/// and zones spread evenly over the grid, with deterministic seeded demand. For benchmarks and tests:
/// 16×16 ≈ 1k links, 28×28 ≈ 3k links, 50×51 ≈ 10k links (9,998). Zones are numbered first (TNTP convention) and are
/// through nodes (<c>FIRST THRU NODE</c> 1).
/// </summary>
public static class GridNetworkGenerator
{
    /// <summary>Builds the grid as parsed TNTP data (so it can be written with <see cref="TntpWriter"/>) and its demand.</summary>
    /// <param name="rows">Grid rows (>= 2).</param>
    /// <param name="cols">Grid columns (>= 2).</param>
    /// <param name="zones">Number of zones (2..rows·cols), spread evenly.</param>
    /// <param name="seed">Seed of the link attributes and the demand.</param>
    /// <param name="demandPerZone">Mean trips produced per zone.</param>
    public static (TntpNetwork Network, DemandMatrix Demand) Create(int rows, int cols, int zones, int seed = 1, double demandPerZone = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 2);
        var cells = rows * cols;
        ArgumentOutOfRangeException.ThrowIfLessThan(zones, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zones, cells);

        // Node ids: zones first (cells chosen evenly in row-major order), then the other cells in row-major order.
        var id = new int[cells];
        var isZone = new bool[cells];
        for (var z = 0; z < zones; z++)
        {
            isZone[(int)((long)z * cells / zones)] = true;
        }

        int nextZone = 1, nextOther = zones + 1;
        for (var c = 0; c < cells; c++)
        {
            id[c] = isZone[c] ? nextZone++ : nextOther++;
        }

        var random = new Random(seed);
        var links = new List<TntpLink>(4 * cells);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                var here = (r * cols) + c;
                if (c + 1 < cols)
                {
                    AddPair(links, random, id[here], id[here + 1]);
                }

                if (r + 1 < rows)
                {
                    AddPair(links, random, id[here], id[here + cols]);
                }
            }
        }

        var demand = new DemandMatrix(zones);
        for (var o = 0; o < zones; o++)
        {
            for (var d = 0; d < zones; d++)
            {
                if (o != d)
                {
                    demand[o, d] = Math.Round(random.NextDouble() * 2 * demandPerZone / (zones - 1), 1);
                }
            }
        }

        return (new TntpNetwork($"grid{rows}x{cols}", zones, cells, 1, links), demand);
    }

    private static void AddPair(List<TntpLink> links, Random random, int a, int b)
    {
        // Length 1–3 km, speed class 30–60 km/h, capacity 1000–3000 veh/h; times in minutes.
        var length = 1 + (2 * random.NextDouble());
        var speed = 30 + (30 * random.NextDouble());
        var capacity = 1000 + (2000 * random.NextDouble());
        var time = 60 * length / speed;
        links.Add(new TntpLink(a, b, capacity, length, time, 0.15, 4, speed, 0, 1));
        links.Add(new TntpLink(b, a, capacity, length, time, 0.15, 4, speed, 0, 1));
    }
}
