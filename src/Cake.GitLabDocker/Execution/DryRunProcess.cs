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
    public IReadOnlyList<string> Run(EngineCommand command)
    {
        log.Information("{0}", $"Would run: {Line(command)}{(command.StandardInput is null ? string.Empty : " (password on standard input)")}");
        return [];
    }

    /// <inheritdoc />
    public ProbeResult Probe(EngineCommand command)
    {
        log.Information("{0}", $"Would check: {Line(command)} (a dry run assumes {command.Assumed ?? $"'{command.Step}' fails"})");
        return new ProbeResult(1, string.Empty);
    }

    private string Line(EngineCommand command) => $"{executable} {command.Arguments.RenderSafe()}";
}
