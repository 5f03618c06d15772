namespace Cake.GitLabDocker;

/// <summary>
/// Runs engine commands. The seam between the engines' decisions and real processes.
/// </summary>
internal interface IEngineProcess
{
    /// <summary>
    /// Runs a command. Returns its exit code when the command is a probe; otherwise returns 0 or throws a
    /// <see cref="Cake.Core.CakeException"/> describing the failure.
    /// </summary>
    int Run(EngineCommand command);

    /// <summary>Runs a probe and returns its exit code and standard output (trimmed); never throws for a non-zero exit.</summary>
    (int ExitCode, string Output) Capture(EngineCommand command);

    /// <summary>Gets whether commands really run (<see langword="false"/> in a dry run, where nothing writes a digest).</summary>
    bool Executes { get; }
}
