using PlanningSolver.Cli;

namespace PlanningSolver.Cli.Tests;

/// <summary>Runs the CLI in-process and captures stdout, stderr and the exit code.</summary>
public static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

public sealed class CliBasicsTests
{
    [Fact]
    public void Help_lists_the_global_options()
    {
        var (code, output, _) = Cli.Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("--verbose", output);
        Assert.Contains("--log-file", output);
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var (code, output, _) = Cli.Run("--version");
        Assert.Equal(0, code);
        Assert.StartsWith("0.1.0", output.Trim());
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var (code, _, err) = Cli.Run("--no-such-option");
        Assert.Equal(2, code);
        Assert.Contains("--no-such-option", err);
    }
}
