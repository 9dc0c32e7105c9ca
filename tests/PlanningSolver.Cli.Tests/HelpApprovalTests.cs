namespace PlanningSolver.Cli.Tests;

/// <summary>
/// Approval test of the top-level help: the command list is part of the interface CI scripts rely on. When a command is
/// added or its summary changes on purpose, copy the received file over the approved one
/// (tests/PlanningSolver.Cli.Tests/Approved/help.received.txt → help.approved.txt).
/// </summary>
public sealed class HelpApprovalTests
{
    [Fact]
    public void Top_level_help_matches_the_approved_text()
    {
        var (code, output, _) = Cli.Run("--help");
        Assert.Equal(0, code);
        var approved = Testing.RepositoryRoot.Path("tests/PlanningSolver.Cli.Tests/Approved/help.approved.txt");
        var received = Path.ChangeExtension(approved, null)[..^".approved".Length] + ".received.txt";
        // In-process the executable is the test host; the usage line names the tool when run as planning-solver.
        var text = output.ReplaceLineEndings("\n").Replace("  testhost [command]", "  planning-solver [command]", StringComparison.Ordinal);
        if (!File.Exists(approved) || File.ReadAllText(approved) != text)
        {
            File.WriteAllText(received, text);
        }

        Assert.True(File.Exists(approved), $"no approved help text; review {received} and rename it to {approved}");
        Assert.Equal(File.ReadAllText(approved), text);
    }
}
