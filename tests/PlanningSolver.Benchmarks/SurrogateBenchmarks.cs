using BenchmarkDotNet.Attributes;
using PlanningSolver.Surrogate;

namespace PlanningSolver.Benchmarks;

/// <summary>
/// Optimizer overhead per batch, independent of the (expensive) planning evaluation: one RBF append + refit, and a
/// whole DYCORS run on a cheap function (the strategy's own cost: design, fits, candidates, merit).
/// Run: <c>dotnet run -c Release --project tests/PlanningSolver.Benchmarks -- --filter '*Surrogate*'</c>.
/// </summary>
[MemoryDiagnoser]
public class SurrogateBenchmarks
{
    private double[][] _points = [];
    private double[] _values = [];

    [Params(100, 200)]
    public int Points { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _points = Enumerable.Range(0, Points + 4).Select(_ => Enumerable.Range(0, 6).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        _values = _points.Select(p => p.Sum(v => v * v)).ToArray();
    }

    /// <summary>Fit on n points, then append a batch of 4 and refit (what one DYCORS batch costs).</summary>
    [Benchmark]
    public double RbfAppendBatchAndRefit()
    {
        var rbf = new CubicRbf(6);
        for (var i = 0; i < Points; i++)
        {
            rbf.Add(_points[i]);
        }

        rbf.Fit(_values[..Points]);
        for (var i = Points; i < Points + 4; i++)
        {
            rbf.Add(_points[i]);
        }

        rbf.Fit(_values);
        return rbf.Predict(_points[0]);
    }

    /// <summary>A 6-station, 6-level DYCORS run of <see cref="Points"/> evaluations in batches of 4 on a cheap function.</summary>
    [Benchmark]
    public double DycorsRun()
    {
        double[] kw = [60, 90, 120, 180, 240, 350];
        var problem = new DiscreteProblem([kw, kw, kw, kw, kw, kw], x => x.Sum() <= 1200);
        var controller = new SearchController(problem, new SearchOptions(Points, 4, 1));
        var result = controller.Run(new DycorsStrategy(new DycorsOptions { Seed = 1 }), x =>
            new EvaluationOutcome(x.Select((v, j) => (j + 1) * Math.Pow((v - 150) / 100, 2)).Sum(), true));
        return result.BestValue;
    }
}
