namespace PlanningSolver.Cli;

/// <summary>A wrong option value or combination; printed as one line, exit code 2.</summary>
public sealed class UsageError(string message) : Exception(message);
