using System.Diagnostics;
using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// Starts one process and waits for it. Standard input is written on its own task, and a child that closes its input
/// early (it failed, or it never reads) is the child's business: its exit code says what happened. Redirected output is
/// read to its end before the result is returned, timed wait or not. On a timeout the whole process tree is killed.
/// </summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="executable"/> with <paramref name="settings"/> (arguments, folder, environment, redirection).</summary>
    /// <param name="executable">The executable's full path.</param>
    /// <param name="settings">Cake's process settings, after the user's <c>SetupProcessSettings</c>.</param>
    /// <param name="timeout">How long to wait, or <see langword="null"/> to wait for as long as it runs.</param>
    /// <param name="errorLine">
    /// Gets each line of standard error as it comes (the caller shows it), when standard error is not captured whole;
    /// <see langword="null"/> leaves standard error to the console.
    /// </param>
    public static ChildProcessResult Run(string executable, ProcessSettings settings, TimeSpan? timeout, Action<string>? errorLine = null) =>
        Start(executable, settings, timeout, errorLine).Finish();

    /// <summary>
    /// Starts <paramref name="executable"/> as <see cref="Run"/> does and returns at once; <see cref="RunningChild.Finish"/>
    /// waits for it (the timeout counts from the start).
    /// </summary>
    public static RunningChild Start(string executable, ProcessSettings settings, TimeSpan? timeout, Action<string>? errorLine = null)
    {
        var clock = Stopwatch.StartNew();
        var streamError = errorLine is not null && !settings.RedirectStandardError;
        var start = StartInfo(executable, settings);
        start.RedirectStandardError |= streamError;
        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        var output = settings.RedirectStandardOutput ? process.StandardOutput.ReadToEndAsync() : Task.FromResult(string.Empty);
        var error = settings.RedirectStandardError ? process.StandardError.ReadToEndAsync()
            : streamError ? ReadLinesAsync(process.StandardError, errorLine!)
            : Task.FromResult(string.Empty);
        var input = settings.StandardInput is { } bytes ? WriteAsync(process, bytes.Memory) : Task.CompletedTask;
        return new RunningChild(process, clock, timeout, output, error, input);
    }

    /// <summary>A started child: <see cref="Finish"/> waits for it and its output, or kills its tree at the timeout.</summary>
    internal sealed class RunningChild(Process process, Stopwatch clock, TimeSpan? timeout, Task<string> output, Task<string> error, Task input)
    {
        /// <summary>Waits for the child (once); the result says how it ended.</summary>
        public ChildProcessResult Finish()
        {
            using (process)
            {
                if (!Wait(process, timeout, clock) || !Drain([output, error, input], timeout, clock))
                {
                    KillTree(process);
                    return new ChildProcessResult(null, string.Empty, string.Empty);
                }

                return new ChildProcessResult(process.ExitCode, output.Result, error.Result);
            }
        }
    }

    private static ProcessStartInfo StartInfo(string executable, ProcessSettings settings)
    {
        var start = new ProcessStartInfo(executable)
        {
            Arguments = (settings.Arguments ?? new ProcessArgumentBuilder()).Render(),
            UseShellExecute = false,
            RedirectStandardInput = settings.StandardInput.HasValue,
            RedirectStandardOutput = settings.RedirectStandardOutput,
            RedirectStandardError = settings.RedirectStandardError,
        };
        if (!settings.NoWorkingDirectory && settings.WorkingDirectory is { } folder)
        {
            start.WorkingDirectory = folder.FullPath;
        }

        foreach (var (name, value) in settings.EnvironmentVariables ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string> line)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } text)
        {
            line(text);
        }

        return string.Empty;
    }

    /// <summary>
    /// Writes standard input and closes it. A child that exits (or closes its input) before reading everything makes
    /// the write fail with a broken pipe; that is not an error of ours, so the exit code decides.
    /// </summary>
    private static async Task WriteAsync(Process process, ReadOnlyMemory<byte> bytes)
    {
        var stream = process.StandardInput.BaseStream;
        try
        {
            await stream.WriteAsync(bytes).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The child closed its standard input.
        }

        try
        {
            process.StandardInput.Dispose();
        }
        catch (IOException)
        {
            // Closing flushes again; the child is gone already.
        }
    }

    private static bool Wait(Process process, TimeSpan? timeout, Stopwatch clock)
    {
        if (timeout is null)
        {
            process.WaitForExit();
            return true;
        }

        return process.WaitForExit(Remaining(timeout.Value, clock));
    }

    /// <summary>The output readers end when the pipes close; a timed wait returns before that, so wait for them too.</summary>
    private static bool Drain(Task[] readers, TimeSpan? timeout, Stopwatch clock) =>
        timeout is null ? Completed(readers, Timeout.InfiniteTimeSpan) : Completed(readers, Remaining(timeout.Value, clock));

    private static bool Completed(Task[] tasks, TimeSpan timeout)
    {
        try
        {
            Task.WaitAll(tasks, timeout);
        }
        catch (AggregateException)
        {
            // A failed reader is reported when its result is read.
        }

        return tasks.All(task => task.IsCompleted);
    }

    private static TimeSpan Remaining(TimeSpan timeout, Stopwatch clock) =>
        timeout - clock.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero;

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
    }
}

/// <summary>How a child process ended.</summary>
/// <param name="ExitCode">The exit code, or <see langword="null"/> when it did not finish in time and was killed.</param>
/// <param name="Output">Its standard output when redirected, else empty.</param>
/// <param name="Error">Its standard error when redirected, else empty.</param>
internal sealed record ChildProcessResult(int? ExitCode, string Output, string Error)
{
    /// <summary>Gets whether the process ran past its timeout and was killed.</summary>
    public bool TimedOut => ExitCode is null;
}
