using Cake.Core;
using Cake.Core.Annotations;

namespace Cake.GitLabDocker;

public static partial class GitLabDockerAliases
{
    /// <summary>
    /// Resolves what <see cref="GitLabDockerBuild(ICakeContext)"/> would do in this pipeline (tags, cache refs, push,
    /// login) and runs nothing.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>The plan.</returns>
    /// <example>
    /// <code>
    /// Task("Plan").Does(() => Information(GitLabDockerPlan().ToString()));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildPlan GitLabDockerPlan(this ICakeContext context) =>
        GitLabDockerPlan(context, new GitLabDockerBuildSettings());

    /// <summary>
    /// Resolves what <see cref="GitLabDockerBuild(ICakeContext, GitLabDockerBuildSettings)"/> would do with these
    /// settings and runs nothing.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The settings.</param>
    /// <returns>The plan.</returns>
    /// <example>
    /// <code>
    /// var plan = GitLabDockerPlan(new GitLabDockerBuildSettings { Image = "registry.example.com/group/app" });
    /// Information("Tags: {0}", string.Join(", ", plan.Tags));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildPlan GitLabDockerPlan(this ICakeContext context, GitLabDockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Runner(context).Plan(settings);
    }

    /// <summary>
    /// Resolves what <see cref="GitLabDockerBuild(ICakeContext, Action{GitLabDockerBuildSettings})"/> would do with
    /// settings set in a callback and runs nothing.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="configure">Sets the settings.</param>
    /// <returns>The plan.</returns>
    /// <example>
    /// <code>
    /// var plan = GitLabDockerPlan(s => s.WithImage("registry.example.com/group/app"));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static GitLabDockerBuildPlan GitLabDockerPlan(this ICakeContext context, Action<GitLabDockerBuildSettings> configure) =>
        GitLabDockerPlan(context, Configure(configure));
}
