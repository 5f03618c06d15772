namespace Cake.GitLabDocker;

/// <summary>
/// Which registry caches a pipeline reads and writes. Pure.
/// The default branch and tags read <c>latest-buildcache</c>. With <see cref="GitLabDockerBuildSettings.BranchImages"/> a
/// branch or merge-request build reads its branch cache first (only then does a rule write one), then
/// <c>latest-buildcache</c>; without it, <c>latest-buildcache</c> only. Only a pushing default branch writes
/// <c>latest-buildcache</c>, only a pushing <see cref="GitLabDockerBuildSettings.BranchImages"/> branch writes its branch
/// cache, merge requests never write.
/// </summary>
internal static class CacheRules
{
    public static (IReadOnlyList<string> From, string? To) For(
        GitLabPipeline pipeline, GitLabDockerBuildSettings settings, ImageName image, bool push)
    {
        var latest = image.WithTag(BuildPlanner.CacheTag);
        var branch = settings.BranchImages && pipeline.RefKind is GitLabPipelineKind.Branch or GitLabPipelineKind.MergeRequest
                     && pipeline.SourceBranch is { } name
            ? image.WithTag(BranchTag.Cache(BranchTag.For(name, TagRules.SlugFor(pipeline, name))))
            : null;

        IReadOnlyList<string> from = branch is null ? [latest] : [branch, latest];
        var to = !push ? null
            : pipeline.RefKind == GitLabPipelineKind.DefaultBranch ? latest
            : pipeline.RefKind == GitLabPipelineKind.Branch && settings.BranchImages ? branch
            : null;
        return (from, to);
    }
}
