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
    string? StorageDriver,
    string Isolation,
    int? Retry,
    Func<ProcessArgumentBuilder, ProcessArgumentBuilder>? ArgumentCustomization = null)
{
    /// <summary>Gets the Dockerfile stage to build, or <see langword="null"/> for the last.</summary>
    public string? Target { get; init; }

    /// <summary>Gets whether to build without cache.</summary>
    public bool NoCache { get; init; }

    /// <summary>Gets whether to always pull base images.</summary>
    public bool Pull { get; init; }

    /// <summary>Gets the named build contexts, sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BuildContexts { get; init; } = [];

    /// <summary>Gets the proxy variables set in the environment, passed by name only (the engine reads the value).</summary>
    public IReadOnlyList<string> ProxyArgs { get; init; } = [];

    /// <summary>
    /// Gets the proxy variables whose values hold no credentials, with their values: <c>buildctl</c> cannot take a build
    /// argument by name, so only these reach its command line. Proxies with <c>user:password@</c> stay in the environment.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> PlainProxies { get; init; } = [];

    /// <summary>Gets the buildx provenance switch, or <see langword="null"/> for BuildKit's default.</summary>
    public bool? Provenance { get; init; }

    /// <summary>Gets the buildx SBOM switch, or <see langword="null"/> for BuildKit's default.</summary>
    public bool? Sbom { get; init; }

    /// <summary>Gets whether buildx writes the cache as an OCI image manifest.</summary>
    public bool CacheImageManifest { get; init; }

    /// <summary>Gets whether a failed buildx cache export only warns.</summary>
    public bool CacheIgnoreError { get; init; }

    /// <summary>Gets the managed builder to create when none is named: its name, driver, endpoint and driver options.</summary>
    public ManagedBuilder ManagedBuilder { get; init; } = ManagedBuilder.Default;

    /// <summary>Gets how many times a failed push or copy is retried.</summary>
    public int PushRetries { get; init; } = RetryPolicy.DefaultRetries;

    /// <summary>Gets whether the engine writes debug output.</summary>
    public bool EngineDebug { get; init; }

    /// <summary>Gets whether buildx prints plain progress (on GitLab CI, where the job log is not a terminal).</summary>
    public bool PlainProgress { get; init; }

    /// <summary>Gets how the BuildKit engine reaches a daemon; <see langword="null"/> for the other engines.</summary>
    public BuildKitClient? BuildKit { get; init; }

    /// <summary>Applies the user's argument customization, the escape hatch for flags the add-in does not model.</summary>
    public ProcessArgumentBuilder Customize(ProcessArgumentBuilder arguments) =>
        ArgumentCustomization?.Invoke(arguments) ?? arguments;
}
