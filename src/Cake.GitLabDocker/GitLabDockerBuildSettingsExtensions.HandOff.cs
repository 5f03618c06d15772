using Cake.Core.IO;

namespace Cake.GitLabDocker;

// Fluent setters: what a job hands to later jobs.
public static partial class GitLabDockerBuildSettingsExtensions
{
    /// <summary>Turns the dotenv report (<see cref="GitLabDockerBuildSettings.WriteDotenv"/>) on or off.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to write it.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithWriteDotenv(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.WriteDotenv = enabled);

    /// <summary>Turns the dotenv report on or off. Renamed to <see cref="WithWriteDotenv"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to write it.</param>
    /// <returns>The same settings.</returns>
    [Obsolete("Use WithWriteDotenv, named after the WriteDotenv setting it sets.")]
    public static GitLabDockerBuildSettings WithDotenv(this GitLabDockerBuildSettings settings, bool enabled) =>
        WithWriteDotenv(settings, enabled);

    /// <summary>Sets the dotenv report's path (also outside GitLab CI).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="file">The file.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithDotenvFile(this GitLabDockerBuildSettings settings, FilePath file) =>
        Set(settings, s => s.DotenvFile = file);

    /// <summary>Turns on <see cref="GitLabDockerBuildSettings.ReuseCommitImage"/>: a tag pipeline copies the commit's image instead of rebuilding.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to reuse the commit's image.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithReuseCommitImage(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.ReuseCommitImage = enabled);
}
