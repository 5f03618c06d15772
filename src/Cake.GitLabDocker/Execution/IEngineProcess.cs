namespace Cake.GitLabDocker;

/// <summary>
/// Runs engine commands. The seam between the engines' decisions and real processes.
/// </summary>
internal interface IEngineProcess
{
    /// <summary>Gets whether commands really run (<see langword="false"/> in a dry run, where nothing writes a digest).</summary>
    bool Executes { get; }

    /// <summary>
    /// Runs a command that must succeed; a failure is a <see cref="Cake.Core.CakeException"/> that shows the engine's last
    /// error lines, says how to fix it and names the command. Returns the lines the engine wrote to standard error (they
    /// are shown as they come; the last ones are kept for diagnosis).
    /// </summary>
    IReadOnlyList<string> Run(EngineCommand command);

    /// <summary>
    /// Runs a command whose exit code is an answer (for example "does this builder exist?") and returns it with the
    /// trimmed standard output. Never throws for a non-zero exit; a timeout is still an error.
    /// </summary>
    ProbeResult Probe(EngineCommand command);

    /// <summary>
    /// Starts a probe and returns what waits for its answer, so that a real process runs beside what the caller does
    /// next. Unless a process says otherwise, the probe runs to its end here and the answer is only handed back later.
    /// </summary>
    Func<ProbeResult> StartProbe(EngineCommand command)
    {
        var result = Probe(command);
        return () => result;
    }
}

/// <summary>The answer of a probe.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">The standard output, trimmed.</param>
/// <param name="Error">The standard error, trimmed (what a failed probe says about itself).</param>
internal readonly record struct ProbeResult(int ExitCode, string Output, string Error = "")
{
    /// <summary>Deconstructs into the exit code and the output, the two parts most probes look at.</summary>
    public void Deconstruct(out int exitCode, out string output) => (exitCode, output) = (ExitCode, Output);

    /// <summary>Gets whether the probe exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
