using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Who logs in where: the registry when the pipeline pushes (or, on GitLab CI, whenever credentials are there, so a
/// validation build can read the cache), and the Dependency Proxy when its variables are set. Refuses a push without
/// credentials or to another host than the login's. Pure.
/// </summary>
internal static class LoginRules
{
    /// <summary>
    /// The registry login (when the pipeline pushes, or credentials are there on GitLab CI) and the Dependency Proxy's;
    /// <paramref name="engine"/> is <see langword="null"/> for the merge, which writes through the registry API and pulls nothing.
    /// </summary>
    public static Noted<(RegistryCredentials? Registry, RegistryCredentials? DependencyProxy)> For(
        GitLabPipeline pipeline, GitLabDockerBuildSettings settings, ImageName image, bool push, IReadOnlyList<string> tags,
        Func<string, string?> variable, GitLabDockerEngine? engine)
    {
        var notes = new List<string>();
        var how = engine switch
        {
            null => "the registry API",
            GitLabDockerEngine.BuildKit => "credentials in a private Docker config for buildctl",
            GitLabDockerEngine.Buildah => "password on standard input, into a private auth file for this call",
            _ => "credentials in a private Docker config for this call",
        };
        var (credentials, missing) = SettingsResolver.Credentials(settings, pipeline, image, variable);
        if (push && credentials is null)
        {
            throw new CakeException(
                $"This {pipeline.Kind.Words()} pipeline pushes {string.Join(", ", tags)} but registry credentials are missing: " +
                $"{string.Join("; ", missing)} is not set. On GitLab CI these are predefined when the project's container " +
                "registry is enabled; elsewhere set them in GitLabDockerBuildSettings.");
        }

        var host = image.Host ?? "docker.io";
        if (push && credentials is not null && settings.Registry is null && !RegistryHost.Same(credentials.Registry, host))
        {
            throw new CakeException(
                $"The image {image} is on {host} but the login is for {credentials.Registry} " +
                $"({GitLabVariables.Registry}): the push would be refused. Set GitLabDockerBuildSettings.Registry, Username and " +
                $"Password for {host}, or use an image under {GitLabVariables.RegistryImage}.");
        }

        var login = push || (credentials is not null && pipeline.Kind != GitLabPipelineKind.Local) ? credentials : null;
        if (login is not null)
        {
            notes.Add($"Logs in to {login.Registry} as {login.Username} ({how}).");
        }

        var proxy = pipeline.Kind == GitLabPipelineKind.Local || engine is null ? null : SettingsResolver.DependencyProxy(settings, credentials?.Registry, variable);
        if (proxy is not null)
        {
            notes.Add($"Logs in to the Dependency Proxy {proxy.Registry} as {proxy.Username} ({how}).");
        }

        return new Noted<(RegistryCredentials?, RegistryCredentials?)>((login, proxy), notes);
    }
}
