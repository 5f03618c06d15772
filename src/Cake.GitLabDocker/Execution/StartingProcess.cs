namespace Cake.GitLabDocker;

/// <summary>
/// Calls <paramref name="starting"/> right before each command starts, then runs it as <paramref name="inner"/> does. The
/// runner starts reading the first tag's check there (its action does so once), so that work overlaps the engine's own
/// processes rather than the add-in's preparation of them.
/// </summary>
/// <param name="inner">The process that runs the commands.</param>
/// <param name="starting">Called before each command.</param>
internal sealed class StartingProcess(IEngineProcess inner, Action starting) : IEngineProcess
{
    /// <inheritdoc />
    public bool Executes => inner.Executes;

    /// <inheritdoc />
    public IReadOnlyList<string> Run(EngineCommand command)
    {
        starting();
        return inner.Run(command);
    }

    /// <inheritdoc />
    public ProbeResult Probe(EngineCommand command)
    {
        starting();
        return inner.Probe(command);
    }
}
