using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// The build settings with every fallback applied and every path made absolute, as the engines consume them.
/// </summary>
internal sealed record BuildInputs(
    string Context,
    string? Dockerfile,
    IReadOnlyList<KeyValuePair<string, string>> BuildArgs,
    bool TlsVerify,
    string? CertDirectory,
    string? Builder,
    string StorageDriver,
    string Isolation,
    int? Retry,
    Func<ProcessArgumentBuilder, ProcessArgumentBuilder>? ArgumentCustomization = null)
{
    /// <summary>Applies the user's argument customization, the escape hatch for flags the add-in does not model.</summary>
    public ProcessArgumentBuilder Customize(ProcessArgumentBuilder arguments) =>
        ArgumentCustomization?.Invoke(arguments) ?? arguments;
}
