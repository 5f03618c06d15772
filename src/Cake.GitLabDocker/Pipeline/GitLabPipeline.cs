namespace Cake.GitLabDocker;

/// <summary>
/// What the add-in knows about the pipeline it runs in, read once from GitLab's predefined variables (or, outside
/// GitLab CI, from the same variables filled in from <c>git</c>). Holds no credentials.
/// </summary>
public sealed record GitLabPipeline
{
    /// <summary>Gets the pipeline kind: <see cref="GitLabPipelineKind.Local"/> whenever the build is not on GitLab CI.</summary>
    public GitLabPipelineKind Kind { get; init; }

    /// <summary>
    /// Gets the kind of pipeline GitLab would run for this ref. Equal to <see cref="Kind"/> on GitLab CI; for a local
    /// run it is read from the branch or tag checked out, and is <see cref="GitLabPipelineKind.Local"/> when neither is known.
    /// </summary>
    public GitLabPipelineKind RefKind { get; init; }

    /// <summary>Gets <c>CI_COMMIT_TAG</c>, or <see langword="null"/>.</summary>
    public string? CommitTag { get; init; }

    /// <summary>Gets <c>CI_COMMIT_BRANCH</c>, or <see langword="null"/> (always absent in tag and merge-request pipelines).</summary>
    public string? CommitBranch { get; init; }

    /// <summary>Gets <c>CI_DEFAULT_BRANCH</c>, or <see langword="null"/>.</summary>
    public string? DefaultBranch { get; init; }

    /// <summary>Gets <c>CI_COMMIT_REF_NAME</c> (else the tag or branch), or <see langword="null"/>.</summary>
    public string? CommitRefName { get; init; }

    /// <summary>Gets <c>CI_COMMIT_REF_SLUG</c> as GitLab set it, or <see langword="null"/>.</summary>
    public string? CommitRefSlug { get; init; }

    /// <summary>Gets <c>CI_REGISTRY</c>, or <see langword="null"/>.</summary>
    public string? Registry { get; init; }

    /// <summary>Gets <c>CI_REGISTRY_IMAGE</c>, or <see langword="null"/>.</summary>
    public string? RegistryImage { get; init; }

    /// <summary>Gets <c>CI_COMMIT_SHA</c>, or <see langword="null"/>.</summary>
    public string? CommitSha { get; init; }

    /// <summary>Gets <c>CI_COMMIT_SHORT_SHA</c>, else the first 8 characters of <c>CI_COMMIT_SHA</c>, or <see langword="null"/>.</summary>
    public string? CommitShortSha { get; init; }

    /// <summary>Gets <c>CI_COMMIT_TIMESTAMP</c> (ISO 8601), or <see langword="null"/>.</summary>
    public string? CommitTimestamp { get; init; }

    /// <summary>Gets <c>CI_MERGE_REQUEST_IID</c>, or <see langword="null"/>.</summary>
    public string? MergeRequestIid { get; init; }

    /// <summary>Gets <c>CI_MERGE_REQUEST_SOURCE_BRANCH_NAME</c>, or <see langword="null"/>.</summary>
    public string? MergeRequestSourceBranch { get; init; }

    /// <summary>Gets <c>CI_PROJECT_URL</c>, or <see langword="null"/>.</summary>
    public string? ProjectUrl { get; init; }

    /// <summary>Gets <c>CI_PROJECT_TITLE</c>, or <see langword="null"/>.</summary>
    public string? ProjectTitle { get; init; }

    /// <summary>
    /// Gets the branch whose cache and branch image this pipeline uses: <see cref="CommitBranch"/>, or in a
    /// merge-request pipeline <see cref="MergeRequestSourceBranch"/>; <see langword="null"/> when unknown.
    /// </summary>
    public string? SourceBranch => RefKind == GitLabPipelineKind.MergeRequest ? MergeRequestSourceBranch ?? CommitBranch : CommitBranch;

    /// <summary>
    /// Reads the pipeline from GitLab's predefined variables.
    /// </summary>
    /// <param name="variable">Returns a variable's value, or <see langword="null"/> when it is not set.</param>
    /// <returns>The pipeline. Empty or whitespace values count as absent.</returns>
    internal static GitLabPipeline FromVariables(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Read(string name) => string.IsNullOrWhiteSpace(variable(name)) ? null : variable(name);

        var tag = Read(GitLabVariables.CommitTag);
        var branch = Read(GitLabVariables.CommitBranch);
        var defaultBranch = Read(GitLabVariables.DefaultBranch);
        var mergeRequestIid = Read(GitLabVariables.MergeRequestIid);
        var onGitLab = string.Equals(Read(GitLabVariables.GitLabCi), "true", StringComparison.OrdinalIgnoreCase);
        var refKind = RefKindOf(tag, branch, defaultBranch,
            isMergeRequest: Read(GitLabVariables.PipelineSource) == "merge_request_event" || mergeRequestIid is not null,
            onGitLab);
        var sha = Read(GitLabVariables.CommitSha);

        return new GitLabPipeline
        {
            Kind = onGitLab ? refKind : GitLabPipelineKind.Local,
            RefKind = refKind,
            CommitTag = tag,
            CommitBranch = branch,
            DefaultBranch = defaultBranch,
            CommitRefName = Read(GitLabVariables.CommitRefName) ?? tag ?? branch,
            CommitRefSlug = Read(GitLabVariables.CommitRefSlug),
            Registry = Read(GitLabVariables.Registry),
            RegistryImage = Read(GitLabVariables.RegistryImage),
            CommitSha = sha,
            CommitShortSha = Read(GitLabVariables.CommitShortSha) ?? (sha is { Length: > 8 } ? sha[..8] : sha),
            CommitTimestamp = Read(GitLabVariables.CommitTimestamp),
            MergeRequestIid = mergeRequestIid,
            MergeRequestSourceBranch = Read(GitLabVariables.MergeRequestSourceBranch),
            ProjectUrl = Read(GitLabVariables.ProjectUrl),
            ProjectTitle = Read(GitLabVariables.ProjectTitle),
        };
    }

    private static GitLabPipelineKind RefKindOf(
        string? tag, string? branch, string? defaultBranch, bool isMergeRequest, bool onGitLab)
    {
        if (tag is not null)
        {
            return GitLabPipelineKind.Tag;
        }

        if (isMergeRequest && onGitLab)
        {
            return GitLabPipelineKind.MergeRequest;
        }

        if (branch is null)
        {
            return onGitLab ? GitLabPipelineKind.Branch : GitLabPipelineKind.Local;
        }

        return branch == defaultBranch ? GitLabPipelineKind.DefaultBranch : GitLabPipelineKind.Branch;
    }
}
