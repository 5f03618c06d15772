using Cake.Core.IO;

namespace Cake.GitLabDocker;

// Fluent setters: the buildx builder.
public static partial class GitLabDockerBuildSettingsExtensions
{
    /// <summary>Uses an existing buildx builder as is.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="builder">The builder's name.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuilder(this GitLabDockerBuildSettings settings, string builder) =>
        Set(settings, s => s.Builder = builder);

    /// <summary>Builds on a shared BuildKit daemon (<see cref="GitLabDockerBuildSettings.BuilderEndpoint"/>), for example <c>tcp://buildkitd:1234</c>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="endpoint">The daemon address: <c>tcp://</c> or <c>unix://</c>.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuilderEndpoint(this GitLabDockerBuildSettings settings, string endpoint) =>
        Set(settings, s => s.BuilderEndpoint = endpoint);

    /// <summary>Sets the TLS files for a <c>tcp://</c> <see cref="GitLabDockerBuildSettings.BuilderEndpoint"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="caCertificate">The CA certificate that signed the daemon's certificate.</param>
    /// <param name="clientCertificate">The client certificate, or <see langword="null"/>.</param>
    /// <param name="clientKey">The client certificate's key, or <see langword="null"/>.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuilderTls(
        this GitLabDockerBuildSettings settings, FilePath caCertificate, FilePath? clientCertificate = null, FilePath? clientKey = null) =>
        Set(settings, s =>
        {
            s.BuilderCaCertificate = caCertificate;
            s.BuilderClientCertificate = clientCertificate;
            s.BuilderClientKey = clientKey;
        });

    /// <summary>Sets the CA certificate of a <c>tcp://</c> <see cref="GitLabDockerBuildSettings.BuilderEndpoint"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="caCertificate">The CA certificate file.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuilderCaCertificate(this GitLabDockerBuildSettings settings, FilePath caCertificate) =>
        Set(settings, s => s.BuilderCaCertificate = caCertificate);

    /// <summary>Sets the client certificate for a <c>tcp://</c> <see cref="GitLabDockerBuildSettings.BuilderEndpoint"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="clientCertificate">The client certificate file.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuilderClientCertificate(this GitLabDockerBuildSettings settings, FilePath clientCertificate) =>
        Set(settings, s => s.BuilderClientCertificate = clientCertificate);

    /// <summary>Sets the client key for a <c>tcp://</c> <see cref="GitLabDockerBuildSettings.BuilderEndpoint"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="clientKey">The client key file.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuilderClientKey(this GitLabDockerBuildSettings settings, FilePath clientKey) =>
        Set(settings, s => s.BuilderClientKey = clientKey);

    /// <summary>Sets the buildx driver of the managed builder (<see cref="GitLabDockerBuildSettings.BuilderDriver"/>), for example <c>kubernetes</c>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="driver"><c>docker-container</c> or <c>kubernetes</c>.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuilderDriver(this GitLabDockerBuildSettings settings, string driver) =>
        Set(settings, s => s.BuilderDriver = driver);

    /// <summary>Adds a <c>--driver-opt</c> of the managed builder (<see cref="GitLabDockerBuildSettings.BuilderDriverOptions"/>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="key">The option, for example <c>namespace</c>.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuilderDriverOption(this GitLabDockerBuildSettings settings, string key, string value) =>
        Set(settings, s => s.BuilderDriverOptions[key] = value);
}
