using Cake.Core;
using Cake.Core.Annotations;

namespace Cake.GitLabDocker;

/// <summary>
/// <para>
/// Aliases that build and push a container image from GitLab CI: they read GitLab's predefined variables, choose the
/// tags and registry cache refs for the pipeline, give the engine the job's credentials in a private file of the
/// call's own (never your Docker config or auth file) and run <c>docker buildx</c> (default), Buildah or BuildKit's client.
/// </para>
/// <para>
/// Load the add-in with <c>#addin nuget:?package=Cake.GitLabDocker&amp;version=1.0.0</c>.
/// </para>
/// </summary>
[CakeAliasCategory("GitLab Docker")]
[CakeNamespaceImport("Cake.GitLabDocker")]
public static partial class GitLabDockerAliases
{
    private static GitLabDockerBuildSettings Configure(Action<GitLabDockerBuildSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var settings = new GitLabDockerBuildSettings();
        configure(settings);
        return settings;
    }

    private static GitLabDockerRunner Runner(ICakeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return GitLabDockerRunner.For(context);
    }
}
