using Cake.Core.IO;

namespace Cake.GitLabDocker;

// Fluent setters: the engine and how it talks to the registry.
public static partial class GitLabDockerBuildSettingsExtensions
{
    /// <summary>Chooses the engine.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="engine">The engine.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithEngine(this GitLabDockerBuildSettings settings, GitLabDockerEngine engine) =>
        Set(settings, s => s.Engine = engine);

    /// <summary>Turns TLS verification off (plain-HTTP registry) or on.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="verify">Whether to verify TLS.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithTlsVerify(this GitLabDockerBuildSettings settings, bool verify = true) =>
        Set(settings, s => s.TlsVerify = verify);

    /// <summary>Sets a folder of CA certificates for a registry with a private CA.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="certDirectory">The folder.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithCertDirectory(this GitLabDockerBuildSettings settings, DirectoryPath certDirectory) =>
        Set(settings, s => s.CertDirectory = certDirectory);

    /// <summary>Sets Buildah's storage driver (for example <c>vfs</c> or <c>overlay</c>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="driver">The driver.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithStorageDriver(this GitLabDockerBuildSettings settings, string driver) =>
        Set(settings, s => s.StorageDriver = driver);

    /// <summary>Sets Buildah's isolation (for example <c>chroot</c> or <c>oci</c>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="isolation">The isolation.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithIsolation(this GitLabDockerBuildSettings settings, string isolation) =>
        Set(settings, s => s.Isolation = isolation);

    /// <summary>Sets Buildah's own <c>--retry</c> for its pulls and pushes (<see cref="GitLabDockerBuildSettings.BuildahRetry"/>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="retry">The number of retries.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuildahRetry(this GitLabDockerBuildSettings settings, int retry) =>
        Set(settings, s => s.BuildahRetry = retry);

    /// <summary>Sets how many times Buildah retries a failed pull or push. Renamed to <see cref="WithBuildahRetry"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="retry">The number of retries.</param>
    /// <returns>The same settings.</returns>
    [Obsolete("Use WithBuildahRetry: this is Buildah's own --retry; the add-in's retries of pushes are WithPushRetries.")]
    public static GitLabDockerBuildSettings WithRetry(this GitLabDockerBuildSettings settings, int retry) =>
        WithBuildahRetry(settings, retry);

    /// <summary>Sets how many times the add-in retries a failed push or promotion copy (<see cref="GitLabDockerBuildSettings.PushRetries"/>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="retries">The number of retries after the first attempt; 0 for none.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithPushRetries(this GitLabDockerBuildSettings settings, int retries) =>
        Set(settings, s => s.PushRetries = retries);

    /// <summary>Turns the engine's debug output on or off (<see cref="GitLabDockerBuildSettings.EngineDebug"/>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether the engine writes debug output.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithEngineDebug(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.EngineDebug = enabled);

    /// <summary>Writes the buildx cache as an OCI image manifest, for registries that need it.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to use an image manifest.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithCacheImageManifest(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.CacheImageManifest = enabled);

    /// <summary>Lets a failed cache export warn instead of failing the build.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to ignore cache export errors.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithCacheIgnoreError(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.CacheIgnoreError = enabled);

    /// <summary>Turns the Dependency Proxy login on or off (<see cref="GitLabDockerBuildSettings.DependencyProxyLogin"/>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to log in to the Dependency Proxy when its variables are set.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithDependencyProxyLogin(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.DependencyProxyLogin = enabled);

    /// <summary>Has no effect (<see cref="GitLabDockerBuildSettings.KeepLogin"/>); call <c>GitLabDockerLogin()</c> for a login that stays.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Ignored.</param>
    /// <returns>The same settings.</returns>
    [Obsolete("Has no effect: each call keeps the job's credentials in a private file of its own. Call GitLabDockerLogin() for a login that stays.")]
    public static GitLabDockerBuildSettings WithKeepLogin(this GitLabDockerBuildSettings settings, bool enabled = true) =>
#pragma warning disable CS0618 // Sets the obsolete setting it stands for.
        Set(settings, s => s.KeepLogin = enabled);
#pragma warning restore CS0618
}
