using Cake.Core;
using Cake.Core.Annotations;

namespace Cake.GitLabDocker;

/// <summary>
/// <para>
/// Aliases that build and push a container image from GitLab CI: they read GitLab's predefined variables, choose the
/// tags and registry cache refs for the pipeline, log in with the password on standard input and run
/// <c>docker buildx</c> (default) or Buildah.
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
