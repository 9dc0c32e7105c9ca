using System.Runtime.InteropServices;

namespace PlanningSolver.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM turned into cancellation: the first signal cancels the running command, which leaves its
/// files consistent and exits with <see cref="ExitCode"/> (130 or 143, as a shell reports a process killed by the
/// signal); a second signal ends the process at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signal;

    public Interruption() => _registrations =
    [
        PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
    ];

    public CancellationToken Token => _source.Token;

    /// <summary>128 + the signal number: 130 after SIGINT, 143 after SIGTERM.</summary>
    public int ExitCode => Volatile.Read(ref _signal) == (int)PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0) != 0)
        {
            return; // a second signal: the default action ends the process
        }

        context.Cancel = true;
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }
}
