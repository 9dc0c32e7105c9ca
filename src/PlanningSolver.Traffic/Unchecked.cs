using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PlanningSolver.Traffic;

/// <summary>
/// Array element access without the bounds check, for the innermost loops of <see cref="BushAssignmentSolver"/> and
/// <see cref="ShortestPathTree"/> whose indices come from a bush's or the model's own structure (positions below a bush's
/// node count, slots below its slot count, nodes and arcs of the model, heap slots below the heap's size), valid by
/// construction. Elsewhere, and for writes at a computed count, use ordinary indexing.
/// </summary>
internal static class Unchecked
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T At<T>(T[] array, int index) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), (nint)(uint)index);
}
