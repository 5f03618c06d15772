using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// One call of the engine's executable, made by an engine's command builder and run by <see cref="EngineTool"/>.
/// </summary>
/// <param name="Step">What the call does, in words, for logs and errors (for example <c>login</c>).</param>
/// <param name="Arguments">The arguments. Never holds a secret in clear: secrets go to <paramref name="StandardInput"/>.</param>
/// <param name="StandardInput">Text written to the process's standard input, or <see langword="null"/>. May be secret.</param>
/// <param name="Hint">How to fix a failure of this call, shown in the error. <see cref="Diagnose"/> may give a better one.</param>
/// <param name="Environment">Variables for this call only, over the user's (for example <c>DOCKER_CONFIG</c>). Never secret values.</param>
internal sealed record EngineCommand(
    string Step,
    ProcessArgumentBuilder Arguments,
    string? StandardInput = null,
    string? Hint = null,
    IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>Gets the hint that fits what the engine printed before it failed (its standard error), or <see langword="null"/> for <see cref="Hint"/>.</summary>
    public Func<string, string?>? Diagnose { get; init; }

    /// <summary>
    /// Gets what a dry run takes a probe of this command to answer, in words that name the thing probed (for example
    /// <c>overlay storage cannot be used in this job</c>): a dry run runs no probe and answers "no".
    /// </summary>
    public string? Assumed { get; init; }

    /// <summary>Returns the hint for a failure whose standard error was <paramref name="error"/>.</summary>
    public string? HintFor(string error) => Diagnose?.Invoke(error) ?? Hint;

    /// <inheritdoc />
    public override string ToString() => $"{Step}: {Arguments.RenderSafe()}";
}
