namespace PlanningSolver.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        using var interruption = new Interruption();
        return CliApp.Run(args, Console.Out, Console.Error, interruption.Token, () => interruption.ExitCode);
    }
}
