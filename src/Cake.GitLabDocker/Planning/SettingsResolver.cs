using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Resolves the settings that fall back to variables: the engine, TLS verification and the registry credentials. Pure:
/// variables come in as a function.
/// </summary>
internal static class SettingsResolver
{
    /// <summary>Returns the engine from the settings, else <c>GITLAB_DOCKER_ENGINE</c>, else buildx.</summary>
    public static GitLabDockerEngine Engine(GitLabDockerBuildSettings settings, Func<string, string?> variable)
    {
        if (settings.Engine is { } engine)
        {
            return engine;
        }

        var value = variable(GitLabVariables.Engine)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return GitLabDockerEngine.Buildx;
        }

        return value.ToLowerInvariant() switch
        {
            "buildx" or "docker" => GitLabDockerEngine.Buildx,
            "buildah" => GitLabDockerEngine.Buildah,
            "buildkit" or "buildctl" => GitLabDockerEngine.BuildKit,
            _ => throw new CakeException(
                $"{GitLabVariables.Engine} is '{ImageName.Printable(value)}', which is not an engine: use 'buildx', 'buildkit' or 'buildah' " +
                "(or set GitLabDockerBuildSettings.Engine)."),
        };
    }

    /// <summary>Returns <c>GITLAB_DOCKER_TLS_VERIFY</c> as a boolean; unset means <see langword="true"/>.</summary>
    public static bool TlsVerify(Func<string, string?> variable) =>
        variable(GitLabVariables.TlsVerify)?.Trim().ToLowerInvariant() switch
        {
            null or "" or "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            var other => throw new CakeException(
                $"{GitLabVariables.TlsVerify} is '{ImageName.Printable(other)}': use 'true' or 'false' " +
                "(or set GitLabDockerBuildSettings.TlsVerify)."),
        };

    /// <summary>
    /// Returns the registry login, or the list of what is missing for one (each entry names the variable and the setting).
    /// </summary>
    public static (RegistryCredentials? Credentials, IReadOnlyList<string> Missing) Credentials(
        GitLabDockerBuildSettings settings, GitLabPipeline pipeline, ImageName? image, Func<string, string?> variable)
    {
        static string? Value(string? setting, string? fallback) =>
            !string.IsNullOrWhiteSpace(setting) ? setting : string.IsNullOrWhiteSpace(fallback) ? null : fallback;

        var registry = Value(settings.Registry, pipeline.Registry ?? image?.Host);
        var username = Value(settings.Username, variable(GitLabVariables.RegistryUser));
        var password = Value(settings.Password, variable(GitLabVariables.RegistryPassword));

        var missing = new List<string>();
        if (registry is null)
        {
            missing.Add($"{GitLabVariables.Registry} (or GitLabDockerBuildSettings.Registry)");
        }

        if (username is null)
        {
            missing.Add($"{GitLabVariables.RegistryUser} (or GitLabDockerBuildSettings.Username)");
        }

        if (password is null)
        {
            missing.Add($"{GitLabVariables.RegistryPassword} (or GitLabDockerBuildSettings.Password)");
        }

        return missing.Count == 0
            ? (new RegistryCredentials(registry!, username!, password!), missing)
            : (null, missing);
    }

    /// <summary>Returns the Dependency Proxy login when all three variables are set and it is another registry, else <see langword="null"/>.</summary>
    public static RegistryCredentials? DependencyProxy(GitLabDockerBuildSettings settings, string? registry, Func<string, string?> variable)
    {
        string? Read(string name) => string.IsNullOrWhiteSpace(variable(name)) ? null : variable(name)!.Trim();
        var server = Read(GitLabVariables.DependencyProxyServer);
        var user = Read(GitLabVariables.DependencyProxyUser);
        var password = variable(GitLabVariables.DependencyProxyPassword);
        return settings.DependencyProxyLogin && server is not null && user is not null && !string.IsNullOrEmpty(password)
               && !string.Equals(server, registry, StringComparison.OrdinalIgnoreCase)
            ? new RegistryCredentials(server, user, password)
            : null;
    }
}
