using Cake.Core;
using Cake.Core.Annotations;

namespace Cake.GitLabDocker;

public static partial class GitLabDockerAliases
{
    /// <summary>
    /// Releases without rebuilding: in a tag pipeline, copies the image the default branch pushed for this commit
    /// (<c>$CI_REGISTRY_IMAGE:sha-$CI_COMMIT_SHORT_SHA</c>, pushed with <see cref="GitLabDockerBuildSettings.CommitTag"/>
    /// on) by digest to the tag pipeline's tags. Fails when that image does not exist; use
    /// <see cref="GitLabDockerBuildSettings.ReuseCommitImage"/> on <see cref="GitLabDockerBuild(ICakeContext, GitLabDockerBuildSettings)"/>
    /// to build instead in that case.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>The plan and the digest, which is the commit image's.</returns>
    /// <example>
    /// <code>
    /// Task("Release").WithCriteria(BuildSystem.GitLabCI.IsRunningOnGitLabCI).Does(() => GitLabDockerPromote());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildResult GitLabDockerPromote(this ICakeContext context) =>
        GitLabDockerPromote(context, new GitLabDockerBuildSettings());

    /// <summary>Promotes the commit's image to this tag pipeline's tags, with the tag rules and registry of the settings.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The settings; the tag rules (for example <see cref="GitLabDockerBuildSettings.SemVerTags"/>) decide the tags.</param>
    /// <returns>The plan and the digest, which is the commit image's.</returns>
    /// <example>
    /// <code>
    /// GitLabDockerPromote(new GitLabDockerBuildSettings { SemVerTags = true, LatestOnRelease = true });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildResult GitLabDockerPromote(this ICakeContext context, GitLabDockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Runner(context).Promote(settings);
    }

    /// <summary>Promotes the commit's image to this tag pipeline's tags, with settings set in a callback.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="configure">Sets the settings.</param>
    /// <returns>The plan and the digest, which is the commit image's.</returns>
    /// <example>
    /// <code>
    /// GitLabDockerPromote(s => s.WithSemVerTags().WithLatestOnRelease());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildResult GitLabDockerPromote(this ICakeContext context, Action<GitLabDockerBuildSettings> configure) =>
        GitLabDockerPromote(context, Configure(configure));
}
