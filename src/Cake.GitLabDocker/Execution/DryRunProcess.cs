using Cake.Core.Diagnostics;

namespace Cake.GitLabDocker;

/// <summary>
/// Stands where the engine's process would be during a dry run: logs each command exactly as it would run (secrets
/// redacted, standard input never shown) and starts nothing. Probes answer "missing", so the log shows every command
/// a first run could make.
/// </summary>
internal sealed class DryRunProcess(ICakeLog log, string executable) : IEngineProcess
{
    /// <inheritdoc />
    public bool Executes => false;

    /// <inheritdoc />
    public (int ExitCode, string Output) Capture(EngineCommand command) => (Run(command with { IsProbe = true }), string.Empty);

    /// <inheritdoc />
    public int Run(EngineCommand command)
    {
        var line = $"{executable} {command.Arguments.RenderSafe()}";
        log.Information("{0}", command.IsProbe
            ? $"Would check: {line} (a dry run assumes it is missing)"
            : $"Would run: {line}{(command.StandardInput is null ? string.Empty : " (password on standard input)")}");
        return command.IsProbe ? 1 : 0;
    }
}
