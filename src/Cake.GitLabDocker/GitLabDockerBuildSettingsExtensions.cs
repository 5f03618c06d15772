using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// Fluent setters for <see cref="GitLabDockerBuildSettings"/>. Each returns the same settings object.
/// </summary>
public static partial class GitLabDockerBuildSettingsExtensions
{
    /// <summary>Sets the build context folder.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="context">The folder.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithContext(this GitLabDockerBuildSettings settings, DirectoryPath context) =>
        Set(settings, s => s.Context = context);

    /// <summary>Sets the Dockerfile.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="dockerfile">The Dockerfile.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithDockerfile(this GitLabDockerBuildSettings settings, FilePath dockerfile) =>
        Set(settings, s => s.Dockerfile = dockerfile);

    /// <summary>Sets the image repository (without a tag).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="image">The repository, for example <c>registry.example.com/group/app</c>.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithImage(this GitLabDockerBuildSettings settings, string image) =>
        Set(settings, s => s.Image = image);

    /// <summary>Adds or replaces a build argument (<c>--build-arg KEY=VALUE</c>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="key">The argument name.</param>
    /// <param name="value">The value. Not secret: it ends up in the image history.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuildArg(this GitLabDockerBuildSettings settings, string key, string value) =>
        Set(settings, s => s.BuildArgs[key] = value);

    /// <summary>Forces pushing on or off; <see langword="null"/> lets the pipeline decide.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="push">Whether to push.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithPush(this GitLabDockerBuildSettings settings, bool? push) =>
        Set(settings, s => s.Push = push);

    /// <summary>Adds a tag pushed (or loaded) after the pipeline's own tags.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="tag">The tag only, for example <c>stable</c>.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithAdditionalTag(this GitLabDockerBuildSettings settings, string tag) =>
        Set(settings, s => s.AdditionalTags.Add(tag));

    /// <summary>Also pushes <c>IMAGE:sha-$CI_COMMIT_SHORT_SHA</c> on every pushing pipeline.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="commitTag">Whether to push the commit tag.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithCommitTag(this GitLabDockerBuildSettings settings, bool commitTag = true) =>
        Set(settings, s => s.CommitTag = commitTag);

    /// <summary>Uses an existing buildx builder as is.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="builder">The builder's name.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBuilder(this GitLabDockerBuildSettings settings, string builder) =>
        Set(settings, s => s.Builder = builder);

    /// <summary>Chooses the engine.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="engine">The engine.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithEngine(this GitLabDockerBuildSettings settings, GitLabDockerEngine engine) =>
        Set(settings, s => s.Engine = engine);

    /// <summary>Sets the registry and its credentials instead of <c>CI_REGISTRY</c>, <c>CI_REGISTRY_USER</c> and <c>CI_REGISTRY_PASSWORD</c>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="registry">The registry host, for example <c>registry.example.com</c>.</param>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password or token; only ever given on standard input.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithCredentials(
        this GitLabDockerBuildSettings settings, string registry, string username, string password) =>
        Set(settings, s =>
        {
            s.Registry = registry;
            s.Username = username;
            s.Password = password;
        });

    /// <summary>Turns TLS verification off (plain-HTTP registry) or on.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="verify">Whether to verify TLS.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithTlsVerify(this GitLabDockerBuildSettings settings, bool verify) =>
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

    /// <summary>Sets how many times Buildah retries a failed pull or push.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="retry">The number of retries.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithRetry(this GitLabDockerBuildSettings settings, int retry) =>
        Set(settings, s => s.Retry = retry);

    private static GitLabDockerBuildSettings Set(GitLabDockerBuildSettings settings, Action<GitLabDockerBuildSettings> set)
    {
        ArgumentNullException.ThrowIfNull(settings);
        set(settings);
        return settings;
    }
}
