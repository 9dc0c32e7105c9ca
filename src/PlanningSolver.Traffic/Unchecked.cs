using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PlanningSolver.Traffic;

/// <summary>
/// Array element access without the bounds check, for the innermost loops of <see cref="BushAssignmentSolver"/> whose
/// indices come from a bush's own structure (positions below its node count, slots below its slot count, arcs of the
/// model), valid by construction. Elsewhere use ordinary indexing.
/// </summary>
internal static class Unchecked
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T At<T>(T[] array, int index) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), (nint)(uint)index);
}
