namespace PlanningSolver.Core;

/// <summary>
/// Parallel loops whose results do not depend on the thread count: each index writes only its own slot, and any
/// reduction happens afterwards in index order on one thread.
/// </summary>
public static class DeterministicParallel
{
    /// <summary>Runs <paramref name="body"/> for 0..count-1 on at most <paramref name="threads"/> threads (0 = all cores).</summary>
    public static void For(int count, int threads, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (threads == 1 || count <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? Environment.ProcessorCount : threads };
        Parallel.For(0, count, options, body);
    }

    /// <summary>Maps 0..count-1 to an array in index order, in parallel.</summary>
    public static T[] Map<T>(int count, int threads, Func<int, T> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var results = new T[count];
        For(count, threads, i => results[i] = map(i));
        return results;
    }
}
