namespace Cake.GitLabDocker;

/// <summary>
/// The outcome of <see cref="GitLabDockerAliases.GitLabDockerBuild(Cake.Core.ICakeContext, GitLabDockerBuildSettings)"/>:
/// the plan that ran plus the pushed image's digest.
/// </summary>
public sealed class GitLabDockerBuildResult : GitLabDockerBuildPlan
{
    internal GitLabDockerBuildResult(GitLabDockerBuildPlan plan, string? digest)
        : base(plan)
    {
        Digest = digest;
    }

    /// <summary>Gets the pushed image's digest (<c>sha256:…</c>), or <see langword="null"/> when nothing was pushed.</summary>
    public string? Digest { get; }

    /// <inheritdoc />
    public override string ToString() => base.ToString() + Environment.NewLine + $"Digest     : {Digest ?? "(none)"}";
}
