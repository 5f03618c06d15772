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
    /// <param name="push">Whether to push; <see langword="null"/> leaves it to the pipeline.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithPush(this GitLabDockerBuildSettings settings, bool? push = true) =>
        Set(settings, s => s.Push = push);

    /// <summary>Turns the dry run on: the plan and the exact commands are logged and nothing runs.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to run nothing.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithDryRun(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.DryRun = enabled);

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

    private static GitLabDockerBuildSettings Set(GitLabDockerBuildSettings settings, Action<GitLabDockerBuildSettings> set)
    {
        ArgumentNullException.ThrowIfNull(settings);
        set(settings);
        return settings;
    }
}
