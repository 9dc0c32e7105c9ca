using System.Globalization;
using PlanningSolver.Traffic;
using PlanningSolver.Traffic.Tntp;

namespace PlanningSolver.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/PlanningSolver.Benchmarks -- write-grid ROWS COLS ZONES DIR</c>: writes
/// <c>GridNetworkGenerator.Create(ROWS, COLS, ZONES, seed: 1, demandPerZone: TRIPS_PER_ZONE (default 2000))</c> as <c>DIR/gridROWSxCOLS-ZONES-TRIPS_net.tntp</c> and
/// <c>_trips.tntp</c>, the inputs of the whole-process <c>assign</c> timings in docs/benchmarks.md.
/// </summary>
public static class GridFiles
{
    public static void Write(string[] args)
    {
        if (args.Length is not (4 or 5))
        {
            throw new ArgumentException("usage: write-grid ROWS COLS ZONES DIR [TRIPS_PER_ZONE]");
        }

        var rows = int.Parse(args[0], CultureInfo.InvariantCulture);
        var cols = int.Parse(args[1], CultureInfo.InvariantCulture);
        var zones = int.Parse(args[2], CultureInfo.InvariantCulture);
        var perZone = args.Length == 5 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 2000;
        var (network, demand) = GridNetworkGenerator.Create(rows, cols, zones, seed: 1, demandPerZone: perZone);
        var stem = Path.Combine(args[3], $"grid{rows}x{cols}-{zones}-{perZone.ToString(CultureInfo.InvariantCulture)}");
        using (var net = new StreamWriter(stem + "_net.tntp"))
        {
            TntpWriter.WriteNetwork(net, network);
        }

        using (var trips = new StreamWriter(stem + "_trips.tntp"))
        {
            TntpWriter.WriteTrips(trips, demand);
        }

        Console.WriteLine($"{stem}: {network.Links.Count} links, {network.Nodes} nodes, {zones} zones, {demand.Total.ToString(CultureInfo.InvariantCulture)} trips");
    }
}
