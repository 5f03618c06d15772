namespace Cake.GitLabDocker;

/// <summary>
/// What the add-in knows about the pipeline it runs in, read once from GitLab's predefined variables.
/// Holds no credentials.
/// </summary>
/// <param name="Kind">The pipeline kind.</param>
/// <param name="CommitTag">The value of <c>CI_COMMIT_TAG</c>, or <see langword="null"/>.</param>
/// <param name="CommitBranch">The value of <c>CI_COMMIT_BRANCH</c>, or <see langword="null"/>.</param>
/// <param name="DefaultBranch">The value of <c>CI_DEFAULT_BRANCH</c>, or <see langword="null"/>.</param>
/// <param name="Registry">The value of <c>CI_REGISTRY</c>, or <see langword="null"/>.</param>
/// <param name="RegistryImage">The value of <c>CI_REGISTRY_IMAGE</c>, or <see langword="null"/>.</param>
/// <param name="CommitShortSha">
/// <c>CI_COMMIT_SHORT_SHA</c>, else the first 8 characters of <c>CI_COMMIT_SHA</c>, or <see langword="null"/>.
/// </param>
public sealed record GitLabPipeline(
    GitLabPipelineKind Kind,
    string? CommitTag,
    string? CommitBranch,
    string? DefaultBranch,
    string? Registry,
    string? RegistryImage,
    string? CommitShortSha = null)
{
    /// <summary>
    /// Reads the pipeline from GitLab's predefined variables.
    /// </summary>
    /// <param name="variable">Returns a variable's value, or <see langword="null"/> when it is not set.</param>
    /// <returns>The pipeline. Empty or whitespace values count as absent.</returns>
    public static GitLabPipeline FromVariables(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Read(string name) => string.IsNullOrWhiteSpace(variable(name)) ? null : variable(name);

        var tag = Read(GitLabVariables.CommitTag);
        var branch = Read(GitLabVariables.CommitBranch);
        var defaultBranch = Read(GitLabVariables.DefaultBranch);
        var kind = DetectKind(
            onGitLab: string.Equals(Read(GitLabVariables.GitLabCi), "true", StringComparison.OrdinalIgnoreCase),
            tag,
            branch,
            defaultBranch,
            isMergeRequest: Read(GitLabVariables.PipelineSource) == "merge_request_event"
                            || Read(GitLabVariables.MergeRequestIid) is not null);

        var sha = Read(GitLabVariables.CommitSha);
        return new GitLabPipeline(kind, tag, branch, defaultBranch,
            Read(GitLabVariables.Registry), Read(GitLabVariables.RegistryImage),
            Read(GitLabVariables.CommitShortSha) ?? (sha is { Length: > 8 } ? sha[..8] : sha));
    }

    private static GitLabPipelineKind DetectKind(
        bool onGitLab, string? tag, string? branch, string? defaultBranch, bool isMergeRequest)
    {
        if (!onGitLab)
        {
            return GitLabPipelineKind.Local;
        }

        if (tag is not null)
        {
            return GitLabPipelineKind.Tag;
        }

        if (isMergeRequest)
        {
            return GitLabPipelineKind.MergeRequest;
        }

        return branch is not null && branch == defaultBranch
            ? GitLabPipelineKind.DefaultBranch
            : GitLabPipelineKind.Branch;
    }
}
