namespace Cake.GitLabDocker;

/// <summary>
/// The outcome of <see cref="GitLabDockerAliases.GitLabDockerBuild(Cake.Core.ICakeContext, GitLabDockerBuildSettings)"/>,
/// <see cref="GitLabDockerAliases.GitLabDockerPromote(Cake.Core.ICakeContext, GitLabDockerBuildSettings)"/> and
/// <see cref="GitLabDockerAliases.GitLabDockerMerge(Cake.Core.ICakeContext, GitLabDockerBuildSettings)"/>: the plan
/// that ran and the pushed image's (or index's) digest. The plan's properties are repeated here, so <c>result.Tags</c> reads as
/// <c>result.Plan.Tags</c>.
/// </summary>
public sealed class GitLabDockerBuildResult
{
    internal GitLabDockerBuildResult(GitLabDockerBuildPlan plan, string? digest, TagOutcome? outcome)
    {
        Plan = plan;
        Digest = digest;
        WrittenTags = outcome?.Written ?? (plan.Push && digest is not null ? plan.Tags : []);
        KeptTags = outcome?.Kept.Select(kept => kept.Tag).ToList() ?? [];
    }

    /// <summary>
    /// Gets the tags that hold the pushed image after the call (written now, or already holding it), in the order written;
    /// empty when nothing was pushed. A tag of <see cref="Tags"/> missing here was left on another image: see <see cref="KeptTags"/>.
    /// </summary>
    public IReadOnlyList<string> WrittenTags { get; }

    /// <summary>
    /// Gets the tags of <see cref="Tags"/> left on another image because moving them would go backwards (an older commit or
    /// a lower version) or replace a commit's first image; the job log says why for each.
    /// </summary>
    public IReadOnlyList<string> KeptTags { get; }

    /// <summary>Gets the plan that ran.</summary>
    public GitLabDockerBuildPlan Plan { get; }

    /// <summary>Gets the pushed image's digest (<c>sha256:…</c>), or <see langword="null"/> when nothing was pushed.</summary>
    public string? Digest { get; }

    /// <inheritdoc cref="GitLabDockerBuildPlan.Pipeline"/>
    public GitLabPipelineKind Pipeline => Plan.Pipeline;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Engine"/>
    public GitLabDockerEngine Engine => Plan.Engine;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Image"/>
    public string Image => Plan.Image;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Tags"/>
    public IReadOnlyList<string> Tags => Plan.Tags;

    /// <inheritdoc cref="GitLabDockerBuildPlan.CacheFrom"/>
    public IReadOnlyList<string> CacheFrom => Plan.CacheFrom;

    /// <inheritdoc cref="GitLabDockerBuildPlan.CacheTo"/>
    public string? CacheTo => Plan.CacheTo;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Push"/>
    public bool Push => Plan.Push;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Load"/>
    public bool Load => Plan.Load;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Registry"/>
    public string? Registry => Plan.Registry;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Login"/>
    public bool Login => Plan.Login;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Labels"/>
    public IReadOnlyDictionary<string, string> Labels => Plan.Labels;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Annotations"/>
    public bool Annotations => Plan.Annotations;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Platforms"/>
    public IReadOnlyList<string> Platforms => Plan.Platforms;

    /// <inheritdoc cref="GitLabDockerBuildPlan.NativePlatform"/>
    public string? NativePlatform => Plan.NativePlatform;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Secrets"/>
    public IReadOnlyList<KeyValuePair<string, string>> Secrets => Plan.Secrets;

    /// <inheritdoc cref="GitLabDockerBuildPlan.DotenvFile"/>
    public string? DotenvFile => Plan.DotenvFile;

    /// <inheritdoc cref="GitLabDockerBuildPlan.DependencyProxy"/>
    public string? DependencyProxy => Plan.DependencyProxy;

    /// <inheritdoc cref="GitLabDockerBuildPlan.PromoteFrom"/>
    public string? PromoteFrom => Plan.PromoteFrom;

    /// <inheritdoc cref="GitLabDockerBuildPlan.Notes"/>
    public IReadOnlyList<string> Notes => Plan.Notes;

    /// <inheritdoc cref="GitLabDockerBuildPlan.SourceDateEpoch"/>
    public long? SourceDateEpoch => Plan.SourceDateEpoch;

    /// <inheritdoc />
    public override string ToString() =>
        Plan + Environment.NewLine + $"Digest     : {Digest ?? "(none)"}" +
        (KeptTags.Count == 0 ? string.Empty : Environment.NewLine + $"Kept       : {string.Join(", ", KeptTags)} (left where they were)");
}
