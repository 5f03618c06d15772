using Cake.Core;
using Cake.Core.Annotations;

namespace Cake.GitLabDocker;

public static partial class GitLabDockerAliases
{
    /// <summary>
    /// Joins the images that native build jobs pushed by digest (one job per platform, each with
    /// <see cref="GitLabDockerBuildSettings.NativePlatform"/>) into one multi-platform index under this pipeline's tags
    /// (<c>latest</c>, <c>v1.2.3</c>, SemVer and <c>sha-…</c> tags as for a build). Reads each platform's digest from
    /// <c>GITLAB_DOCKER_DIGEST_OS_ARCH</c> (the build jobs' dotenv reports, through <c>needs:</c>), checks in the registry that
    /// each exists and is of its platform, and only then writes the index, version tags before <c>latest</c>. An OCI image
    /// index for OCI images, a Docker manifest list for Docker ones; no engine needed. On a pipeline that pushes nothing it
    /// does nothing.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The settings: <see cref="GitLabDockerBuildSettings.Platforms"/> lists the platforms to merge.</param>
    /// <returns>The plan and the index's digest.</returns>
    /// <example>
    /// <code>
    /// Task("Merge").Does(() => GitLabDockerMerge(new GitLabDockerBuildSettings()
    ///     .WithPlatform("linux/amd64").WithPlatform("linux/arm64")));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildResult GitLabDockerMerge(this ICakeContext context, GitLabDockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Runner(context).Merge(settings);
    }

    /// <summary>Joins the native platform images of <c>linux/amd64</c> and <c>linux/arm64</c> into one index under this pipeline's tags.</summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>The plan and the index's digest.</returns>
    /// <example>
    /// <code>
    /// Task("Merge").Does(() => GitLabDockerMerge());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildResult GitLabDockerMerge(this ICakeContext context) =>
        GitLabDockerMerge(context, new GitLabDockerBuildSettings().WithPlatform("linux/amd64").WithPlatform("linux/arm64"));

    /// <summary>Joins the native platform images into one index under this pipeline's tags, with settings set in a callback.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="configure">Sets the settings; list the platforms with <c>WithPlatform</c>.</param>
    /// <returns>The plan and the index's digest.</returns>
    /// <example>
    /// <code>
    /// GitLabDockerMerge(s => s.WithPlatform("linux/amd64").WithPlatform("linux/arm64").WithSemVerTags());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildResult GitLabDockerMerge(this ICakeContext context, Action<GitLabDockerBuildSettings> configure) =>
        GitLabDockerMerge(context, Configure(configure));
}
