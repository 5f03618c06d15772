namespace Cake.GitLabDocker;

/// <summary>
/// Runs every command with variables of its own over the command's (for example <c>DOCKER_CONFIG</c> or
/// <c>REGISTRY_AUTH_FILE</c> naming the job's private credentials), asked for when each command runs. Never secret values.
/// </summary>
/// <param name="inner">The process that runs the commands.</param>
/// <param name="variables">The variables for the next command, or <see langword="null"/> for none.</param>
internal sealed class EnvironmentProcess(IEngineProcess inner, Func<IReadOnlyDictionary<string, string>?> variables) : IEngineProcess
{
    /// <inheritdoc />
    public bool Executes => inner.Executes;

    /// <inheritdoc />
    public IReadOnlyList<string> Run(EngineCommand command) => inner.Run(With(command));

    /// <inheritdoc />
    public ProbeResult Probe(EngineCommand command) => inner.Probe(With(command));

    /// <inheritdoc />
    public Func<ProbeResult> StartProbe(EngineCommand command) => inner.StartProbe(With(command));

    private EngineCommand With(EngineCommand command)
    {
        if (variables() is not { Count: > 0 } extra)
        {
            return command;
        }

        var merged = new Dictionary<string, string>(command.Environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in extra)
        {
            merged[name] = value;
        }

        return command with { Environment = merged };
    }
}
