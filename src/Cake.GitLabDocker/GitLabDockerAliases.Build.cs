using Cake.Core;
using Cake.Core.Annotations;

namespace Cake.GitLabDocker;

public static partial class GitLabDockerAliases
{
    /// <summary>
    /// Builds the image for this pipeline and pushes it when the pipeline says so: a tag pipeline pushes
    /// <c>$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG</c>, the default branch pushes <c>$CI_REGISTRY_IMAGE:latest</c> and writes
    /// the <c>latest-buildcache</c> registry cache, other branches and merge requests build to validate, and a local run
    /// loads the image into the local engine.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>The plan that ran and the pushed digest.</returns>
    /// <example>
    /// <code>
    /// Task("Image").Does(() =>
    /// {
    ///     var result = GitLabDockerBuild();
    ///     Information("Digest: {0}", result.Digest);
    /// });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildResult GitLabDockerBuild(this ICakeContext context) =>
        GitLabDockerBuild(context, new GitLabDockerBuildSettings());

    /// <summary>
    /// Builds the image for this pipeline with the given settings and pushes it when the pipeline says so.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The plan that ran and the pushed digest.</returns>
    /// <example>
    /// <code>
    /// var settings = new GitLabDockerBuildSettings { Context = "./src", Dockerfile = "./src/Dockerfile" }
    ///     .WithBuildArg("CONFIGURATION", "Release");
    /// GitLabDockerBuild(settings);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildResult GitLabDockerBuild(this ICakeContext context, GitLabDockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Runner(context).Build(settings);
    }

    /// <summary>
    /// Builds the image for this pipeline with settings set in a callback and pushes it when the pipeline says so.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="configure">Sets the settings.</param>
    /// <returns>The plan that ran and the pushed digest.</returns>
    /// <example>
    /// <code>
    /// GitLabDockerBuild(s => s.WithEngine(GitLabDockerEngine.Buildah).WithBuildArg("VERSION", "1.2.3"));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildResult GitLabDockerBuild(this ICakeContext context, Action<GitLabDockerBuildSettings> configure) =>
        GitLabDockerBuild(context, Configure(configure));
}
