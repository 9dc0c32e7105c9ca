namespace PlanningSolver.Planning.Reports.Plots;

/// <summary>
/// A tidy drawing of a rooted tree (C. Wetherell and A. Shannon, "Tidy drawings of trees", IEEE Trans. Software Eng.
/// 5(5), 514–520, 1979, aesthetics 1–3): nodes of one depth on one line, a parent centred over its children, no
/// crossing edges. Leaves take consecutive breadth positions 0, 1, 2, … in depth-first order (children in the given
/// order), and each inner node sits at the midpoint of its first and last child. A chain keeps one breadth, so a radial
/// feeder's trunk and laterals read as straight lines.
/// </summary>
public static class TreeLayout
{
    /// <summary>Depth (edges from the root) and breadth position of every node 0..n−1.</summary>
    /// <param name="root">The root node.</param>
    /// <param name="children">Children of each node, in drawing order; every node reachable from the root exactly once.</param>
    public static (int Depth, double Breadth)[] Compute(int root, IReadOnlyList<IReadOnlyList<int>> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var n = children.Count;
        var depth = new int[n];
        var breadth = new double[n];
        var done = new bool[n];

        // Iterative post-order, so a deep feeder cannot overflow the stack.
        var stack = new Stack<(int Node, int NextChild)>();
        stack.Push((root, 0));
        var nextLeaf = 0.0;
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var kids = children[node];
            if (next < kids.Count)
            {
                stack.Push((node, next + 1));
                var child = kids[next];
                if (done[child] || child == root)
                {
                    throw new ArgumentException($"node {child} is reached twice: not a tree", nameof(children));
                }

                depth[child] = depth[node] + 1;
                stack.Push((child, 0));
                continue;
            }

            breadth[node] = kids.Count == 0 ? nextLeaf++ : (breadth[kids[0]] + breadth[kids[^1]]) / 2;
            done[node] = true;
        }

        return Enumerable.Range(0, n).Select(i => (depth[i], breadth[i])).ToArray();
    }
}
