namespace Cake.GitLabDocker;

/// <summary>
/// The keys a credentials file needs for one registry, and whether a key the user already has names the same
/// registry. Docker and BuildKit look credentials up by the exact host[:port] of the image, so a registry on 443 is
/// written both with and without the port (<c>CI_DEPENDENCY_PROXY_SERVER</c> is <c>host:443</c>, while
/// <c>CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX</c> has no port). Pure.
/// </summary>
internal static class RegistryKeys
{
    /// <summary>Docker Hub's key in a Docker config (its historical index address).</summary>
    public const string DockerHubKey = "https://index.docker.io/v1/";

    /// <summary>The keys to write for <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry address, for example <c>gitlab.example.com:443</c>.</param>
    /// <param name="dockerConfig">Whether the file is a Docker config (Docker Hub under its index address) or a containers auth file (<c>docker.io</c>).</param>
    public static IReadOnlyList<string> For(string registry, bool dockerConfig)
    {
        var given = registry.Trim();
        if (RegistryHost.Same(given, "docker.io"))
        {
            return [dockerConfig ? DockerHubKey : "docker.io"];
        }

        return RegistryHost.TryParse(given) is { Port: null } host
            ? new[] { given, host.Host, host.Host + ":443" }.Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : [given];
    }

    /// <summary>
    /// Whether a key of a credentials file names a host of <paramref name="registries"/>: a plain <c>host[:port]</c>, an
    /// address with a scheme (<c>https://host/v1/</c>), or a namespace below it (<c>host/group/app</c>, which a containers
    /// auth file prefers to the host's own key).
    /// </summary>
    public static bool Names(string key, IEnumerable<string> registries)
    {
        var host = key.Trim();
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = host[..slash];
        }

        return registries.Any(registry => RegistryHost.Same(registry, host));
    }
}
