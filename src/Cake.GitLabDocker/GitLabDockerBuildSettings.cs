using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.GitLabDocker;

/// <summary>
/// Settings for <see cref="GitLabDockerAliases.GitLabDockerBuild(Cake.Core.ICakeContext, GitLabDockerBuildSettings)"/>,
/// <see cref="GitLabDockerAliases.GitLabDockerPlan(Cake.Core.ICakeContext, GitLabDockerBuildSettings)"/> and
/// <see cref="GitLabDockerAliases.GitLabDockerLogin(Cake.Core.ICakeContext, GitLabDockerBuildSettings)"/>.
/// Every property is optional: left unset, the value comes from GitLab's predefined variables or a default.
/// <see cref="ToolSettings.ToolPath"/> is the engine's executable (<c>docker</c>, <c>buildah</c>, or <c>buildctl</c> /
/// <c>buildctl-daemonless.sh</c>);
/// <see cref="ToolSettings.ToolTimeout"/> applies to each engine call;
/// <see cref="ToolSettings.ArgumentCustomization"/> applies to the build command only.
/// </summary>
public sealed partial class GitLabDockerBuildSettings : ToolSettings
{
    /// <summary>Gets or sets the build context folder. Default: <c>.</c> (the working directory).</summary>
    public DirectoryPath Context { get; set; } = ".";

    /// <summary>Gets or sets the Dockerfile. Default: the engine's default, <c>Dockerfile</c> in <see cref="Context"/>.</summary>
    public FilePath? Dockerfile { get; set; }

    /// <summary>
    /// Gets or sets the image repository without a tag, for example <c>registry.gitlab.com/group/app</c>.
    /// Default: <c>CI_REGISTRY_IMAGE</c>. Required when not running on GitLab CI. It is lowercased.
    /// </summary>
    public string? Image { get; set; }

    /// <summary>Gets the build arguments passed as <c>--build-arg KEY=VALUE</c>. They are not secret: they end up in the image history.</summary>
    public IDictionary<string, string> BuildArgs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets whether to push. <see langword="null"/> (the default) lets the pipeline decide: tag and
    /// default-branch pipelines push, every other pipeline does not. <see langword="false"/> also writes no cache.
    /// </summary>
    public bool? Push { get; set; }

    /// <summary>
    /// Gets or sets whether to log the plan and the exact engine commands (secrets redacted) and run nothing. The Cake
    /// argument <c>--gitlab-docker-dry-run</c> turns it on too. Default: <see langword="false"/>.
    /// </summary>
    public bool DryRun { get; set; }

    /// <summary>Gets or sets the registry to log in to. Default: <c>CI_REGISTRY</c>, else the host part of <see cref="Image"/>.</summary>
    public string? Registry { get; set; }

    /// <summary>Gets or sets the registry user name. Default: <c>CI_REGISTRY_USER</c>.</summary>
    public string? Username { get; set; }

    /// <summary>
    /// Gets or sets the registry password. Default: <c>CI_REGISTRY_PASSWORD</c>. It is only ever given to the engine on
    /// standard input, never on a command line or in a log.
    /// </summary>
    public string? Password { get; set; }
}
