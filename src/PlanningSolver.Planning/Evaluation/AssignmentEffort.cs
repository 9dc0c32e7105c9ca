using PlanningSolver.Traffic;

namespace PlanningSolver.Planning.Evaluation;

/// <summary>The work of an hour's assignments, summed: their iterations and their Newton flow shifts (Algorithm B; the
/// Frank-Wolfe family makes none), the measure of a warm re-solve's work.</summary>
internal readonly record struct AssignmentEffort(int Iterations, long Shifts)
{
    public static AssignmentEffort operator +(AssignmentEffort effort, AssignmentResult assignment) =>
        new(effort.Iterations + assignment.Iterations, effort.Shifts + assignment.Shifts);

    public static AssignmentEffort operator +(AssignmentEffort effort, AssignmentEffort more) =>
        new(effort.Iterations + more.Iterations, effort.Shifts + more.Shifts);
}
