using Cake.Core.IO;

namespace Cake.GitLabDocker;

// Fluent setters: what goes into the build.
public static partial class GitLabDockerBuildSettingsExtensions
{
    /// <summary>Sets the Dockerfile stage to build (<c>--target</c>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="target">The stage name.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithTarget(this GitLabDockerBuildSettings settings, string target) =>
        Set(settings, s => s.Target = target);

    /// <summary>Builds without cache (<c>--no-cache</c>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to skip the cache.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithNoCache(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.NoCache = enabled);

    /// <summary>Always pulls newer base images.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to pull.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithPull(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.Pull = enabled);

    /// <summary>Adds a target platform, for example <c>linux/arm64</c>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="platform">The platform, <c>os/arch[/variant]</c>.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithPlatform(this GitLabDockerBuildSettings settings, string platform) =>
        Set(settings, s => s.Platforms.Add(platform));

    /// <summary>Builds only this platform, natively, with caches of its own, for a later <c>GitLabDockerMerge</c>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="platform">The platform, <c>os/arch[/variant]</c>, for example <c>linux/arm64</c>.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithNativePlatform(this GitLabDockerBuildSettings settings, string platform) =>
        Set(settings, s => s.NativePlatform = platform);

    /// <summary>Adds a build secret read from an environment variable (<c>--secret id=ID,env=VARIABLE</c>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="id">The secret id the Dockerfile mounts.</param>
    /// <param name="variable">The environment variable that holds the value.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithSecret(this GitLabDockerBuildSettings settings, string id, string variable) =>
        Set(settings, s => s.Secrets[id] = variable);

    /// <summary>Forwards a CI variable as a build secret of the same name, when it is set.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="variable">The variable name.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithForwardedVariable(this GitLabDockerBuildSettings settings, string variable) =>
        Set(settings, s => s.ForwardedVariables.Add(variable));

    /// <summary>Turns forwarding of the proxy variables on or off.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to forward them.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithForwardProxy(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.ForwardProxy = enabled);

    /// <summary>Adds a named build context (<c>--build-context NAME=VALUE</c>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="name">The context name used in <c>FROM</c> or <c>COPY --from</c>.</param>
    /// <param name="value">A folder, an image (<c>docker-image://…</c>) or a URL.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuildContext(this GitLabDockerBuildSettings settings, string name, string value) =>
        Set(settings, s => s.BuildContexts[name] = value);

    /// <summary>Turns the buildx provenance attestation on or off.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to attach it.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithProvenance(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.Provenance = enabled);

    /// <summary>Turns the buildx SBOM attestation on or off.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to attach it.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithSbom(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.Sbom = enabled);

    /// <summary>Turns reproducible rebuilds (<see cref="GitLabDockerBuildSettings.Reproducible"/>) on or off.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether rebuilds of one commit give the same image.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithReproducible(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.Reproducible = enabled);
}
