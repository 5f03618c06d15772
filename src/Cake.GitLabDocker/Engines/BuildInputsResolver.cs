using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Resolves the settings the engines consume into <see cref="BuildInputs"/>: every fallback applied, every path made
/// absolute, every engine setting checked. Pure: variables come in as a function.
/// </summary>
internal static class BuildInputsResolver
{
    /// <summary>
    /// Returns the build inputs with every fallback applied. <paramref name="absolute"/> turns a relative path into an
    /// absolute one, so no path can be read as a flag.
    /// </summary>
    public static BuildInputs Resolve(
        GitLabDockerBuildSettings settings, Func<string, string?> variable, Func<Cake.Core.IO.Path, string> absolute)
    {
        static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        return new BuildInputs(
            Context: absolute(settings.Context ?? "."),
            Dockerfile: settings.Dockerfile is null ? null : absolute(settings.Dockerfile),
            BuildArgs: settings.BuildArgs.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList(),
            TlsVerify: settings.TlsVerify ?? SettingsResolver.TlsVerify(variable),
            CertDirectory: settings.CertDirectory is null ? null : absolute(settings.CertDirectory),
            Builder: NonEmpty(settings.Builder) ?? NonEmpty(variable(GitLabVariables.BuildxBuilder)),
            StorageDriver: NonEmpty(settings.StorageDriver) ?? NonEmpty(variable(GitLabVariables.StorageDriver)),
            Isolation: NonEmpty(settings.Isolation) ?? NonEmpty(variable(GitLabVariables.BuildahIsolation)) ?? "chroot",
            Retry: settings.BuildahRetry,
            ArgumentCustomization: settings.ArgumentCustomization)
        {
            Target = NonEmpty(settings.Target),
            NoCache = settings.NoCache,
            Pull = settings.Pull,
            BuildContexts = settings.BuildContexts.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList(),
            ProxyArgs = settings.ForwardProxy ? ProxyVariables.Where(name => !string.IsNullOrEmpty(variable(name))).ToList() : [],
            PlainProxies = settings.ForwardProxy
                ? ProxyVariables.Select(name => new KeyValuePair<string, string>(name, variable(name) ?? string.Empty))
                    .Where(proxy => proxy.Value.Length > 0 && !proxy.Value.Contains('@')).ToList()
                : [],
            Provenance = settings.Provenance,
            Sbom = settings.Sbom,
            CacheImageManifest = settings.CacheImageManifest,
            CacheIgnoreError = settings.CacheIgnoreError,
            ManagedBuilder = ManagedBuilder.From(settings, absolute),
            PushRetries = settings.PushRetries >= 0 ? settings.PushRetries : throw new CakeException(
                $"GitLabDockerBuildSettings.PushRetries is {settings.PushRetries}: use 0 (no retry) or more."),
            EngineDebug = settings.EngineDebug,
            PlainProgress = string.Equals(variable(GitLabVariables.GitLabCi)?.Trim(), "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>The proxy variables forwarded as build arguments, in both cases as tools read either.</summary>
    public static readonly IReadOnlyList<string> ProxyVariables =
        ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"];
}
