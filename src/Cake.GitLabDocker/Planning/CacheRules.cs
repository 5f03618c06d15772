namespace Cake.GitLabDocker;

/// <summary>
/// Which registry caches a pipeline reads and writes. Pure.
/// The default branch and tags read <c>latest-buildcache</c>. With <see cref="GitLabDockerBuildSettings.BranchImages"/> a
/// branch or merge-request build reads its branch cache first (only then does a rule write one), then
/// <c>latest-buildcache</c>; without it, <c>latest-buildcache</c> only. Only a pushing default branch writes
/// <c>latest-buildcache</c>, only a pushing <see cref="GitLabDockerBuildSettings.BranchImages"/> branch writes its branch
/// cache, merge requests never write. A <see cref="GitLabDockerBuildSettings.NativePlatform"/> build follows the same rules
/// with caches of its own: each tag ends in the platform (<c>latest-buildcache-linux-arm64</c>), so one platform's job never
/// overwrites another's cache.
/// </summary>
internal static class CacheRules
{
    public static (IReadOnlyList<string> From, string? To) For(
        GitLabPipeline pipeline, GitLabDockerBuildSettings settings, ImageName image, bool push)
    {
        var native = Platforms.Native(settings);
        var suffix = native is null ? "" : "-" + Platforms.TagSuffix(native);
        var latest = image.WithTag(BuildPlanner.CacheTag + suffix);
        var branch = settings.BranchImages && pipeline.RefKind is GitLabPipelineKind.Branch or GitLabPipelineKind.MergeRequest
                     && pipeline.SourceBranch is { } name
            ? image.WithTag(BranchTag.Cache(BranchTag.For(name, TagRules.SlugFor(pipeline, name))) + suffix)
            : null;

        IReadOnlyList<string> from = branch is null ? [latest] : [branch, latest];
        var to = !push ? null
            : pipeline.RefKind == GitLabPipelineKind.DefaultBranch ? latest
            : pipeline.RefKind == GitLabPipelineKind.Branch && settings.BranchImages ? branch
            : null;
        return (from, to);
    }

    /// <summary>The caches the engine really uses (Buildah: repositories beside the image) and the note that says so.</summary>
    public static Noted<(IReadOnlyList<string> From, string? To)> Noted(
        GitLabPipeline pipeline, GitLabDockerBuildSettings settings, ImageName image, bool push, GitLabDockerEngine engine)
    {
        var notes = new List<string>();
        var (from, to) = For(pipeline, settings, image, push);
        if (engine == GitLabDockerEngine.Buildah && settings.Platforms.Count > 1)
        {
            // Measured with Buildah 1.28: with --layers the second platform reuses the first one's cached step.
            (from, to) = ([], null);
            notes.Add("Buildah keys its layer cache without the platform, so a multi-platform Buildah build runs without the layer cache.");
        }

        if (engine == GitLabDockerEngine.Buildah)
        {
            // The refs Buildah really uses: a repository beside the image, one tag per cached step.
            (from, to) = (from.Select(BuildahCache.Repository).ToList(), to is null ? null : BuildahCache.Repository(to));
        }

        notes.Add(from.Count == 0 ? "Reads no cache; writes no cache." : $"Reads the cache {string.Join(", then ", from)}; " +
                  (to is null ? "writes no cache." : engine == GitLabDockerEngine.Buildah ? $"writes {to}." : $"writes {to} (mode=max)."));
        return new Noted<(IReadOnlyList<string>, string?)>((from, to), notes);
    }
}
