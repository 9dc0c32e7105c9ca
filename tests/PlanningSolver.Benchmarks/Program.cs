using BenchmarkDotNet.Running;

namespace PlanningSolver.Benchmarks;

/// <summary>
/// The benchmark suite. Run all: <c>dotnet run -c Release --project tests/PlanningSolver.Benchmarks -- --filter '*'</c>;
/// figures go to docs/benchmarks.md with the command, machine and date.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["write-grid", .. var rest])
        {
            GridFiles.Write(rest);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
