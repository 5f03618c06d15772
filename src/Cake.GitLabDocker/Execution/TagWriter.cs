using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>Which of the plan's tags hold this pipeline's image after the writes, and which were left where they were.</summary>
/// <param name="Written">The tags that hold the image (written now, or already holding it), in the order written.</param>
/// <param name="Kept">The tags left on another image, each with why.</param>
internal sealed record TagOutcome(IReadOnlyList<string> Written, IReadOnlyList<(string Tag, string Why)> Kept);

/// <summary>
/// Writes the plan's tags through the registry API once the image exists by digest, each right after reading what the
/// tag holds (<see cref="TagOrder"/>): the commit tag first, then the release tags (all checked before any tag is
/// written, so a release that would be overwritten fails the job with nothing written), then the floating tags in the
/// plan's order (version tags before <c>latest</c>). The window between a check and its write is one request.
/// </summary>
/// <param name="jobLog">The job log: one line for each tag left where it was, or moved against the rules.</param>
/// <param name="ancestry">Where this pipeline's commit stands against another.</param>
internal sealed class TagWriter(JobLog jobLog, Func<string, Ancestry> ancestry)
{
    /// <summary>Checks and writes <paramref name="targets"/> (tags of the plan) to point at <paramref name="digest"/>.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="digest">The new image's digest.</param>
    /// <param name="registry">The registry client.</param>
    /// <param name="targets">The tags to write.</param>
    /// <param name="cache">The cache move to start when the check of the tag it goes with allows it (<see cref="CacheMove"/>), or <see langword="null"/>.</param>
    public TagOutcome Write(GitLabDockerBuildPlan plan, string digest, IImageRegistry registry, IReadOnlyList<string> targets, CacheMove? cache = null)
    {
        var ordered = targets.Where(tag => Kind(plan, tag) == TagKind.Commit)
            .Concat(targets.Where(tag => Kind(plan, tag) == TagKind.Release))
            .Concat(targets.Where(tag => Kind(plan, tag) == TagKind.Floating))
            .ToList();
        foreach (var release in ordered.Where(tag => Kind(plan, tag) == TagKind.Release))
        {
            var verdict = Decide(plan, digest, registry, release);
            if (verdict.Fail)
            {
                throw new CakeException(verdict.Why);
            }
        }

        var written = new List<string>();
        var kept = new List<(string, string)>();
        foreach (var tag in ordered)
        {
            var verdict = Decide(plan, digest, registry, tag);
            if (verdict.Fail)
            {
                throw new CakeException($"{verdict.Why} Written before this check: {(written.Count == 0 ? "none" : string.Join(", ", written))}.");
            }

            if (verdict.Why.Length > 0)
            {
                jobLog.Line(verdict.Why);
            }

            if (!verdict.Write)
            {
                kept.Add((tag, verdict.Why));
                continue;
            }

            cache?.Allow(tag);

            try
            {
                if (!verdict.Already && registry.Tag(digest, tag) is var stored && stored != digest)
                {
                    throw new CakeException($"The write of {tag} changed the digest ({digest} → {stored}): the registry rewrote the manifest.");
                }
            }
            catch (CakeException failure) when (!failure.Message.Contains("rewrote the manifest", StringComparison.Ordinal))
            {
                throw new CakeException(failure.ExitCode,
                    $"{failure.Message} Written: {(written.Count == 0 ? "none" : string.Join(", ", written))}; not written: " +
                    $"{string.Join(", ", ordered.Skip(written.Count + kept.Count))}.", failure);
            }

            written.Add(tag);
        }

        // Reported in the plan's order (most specific first), as the hand-off report always listed them.
        return new TagOutcome(targets.Where(written.Contains).ToList(), kept);
    }

    /// <summary>
    /// The move of the cache buildx or BuildKit exported to <see cref="GitLabDockerBuildPlan.CacheExport"/> on to
    /// <see cref="GitLabDockerBuildPlan.CacheTo"/>, made only when the tag it goes with (the plan's first floating tag:
    /// <c>latest</c> or the branch tag) may hold this pipeline's image, so an older pipeline never replaces a newer
    /// pipeline's cache. <see cref="Write"/> starts it beside that tag's write; finish it with <see cref="CacheMove.Finish"/>
    /// once the tags are written. <see langword="null"/> when there is nothing to move: Buildah's cache is one tag per
    /// build step, named by what the step builds on and runs, so an older pipeline adds its own steps and replaces none
    /// of a newer one's.
    /// </summary>
    public CacheMove? CacheMoveFor(GitLabDockerBuildPlan plan, IImageRegistry registry) =>
        plan.CacheTo is not { } cache || plan.CacheExport is not { } staged || staged == cache
            ? null
            : new CacheMove(jobLog, registry, staged, cache, plan.Tags.FirstOrDefault(tag => Kind(plan, tag) == TagKind.Floating));

    /// <summary>
    /// Reads what the plan's first tag holds and what that image says, as its check will, and forgets the verdict: run
    /// while the engine logs in and builds, on the client the checks use afterwards (<see cref="RegistryClient.WithoutRetries"/>),
    /// it pays .NET's one-time HTTP and TLS setup, the registry's token and the held image's labels there, so the checks
    /// after the build take milliseconds. A failure is left to the checks themselves.
    /// </summary>
    public void ReadAhead(GitLabDockerBuildPlan plan, IImageRegistry registry)
    {
        try
        {
            _ = Decide(plan, string.Empty, registry, plan.Tags[0]);
        }
        catch (Exception)
        {
            // The check after the build reads again and says what is wrong.
        }
    }

    private TagVerdict Decide(GitLabDockerBuildPlan plan, string digest, IImageRegistry registry, string tag)
    {
        var held = registry.Digest(tag);
        return TagOrder.Decide(tag, Kind(plan, tag), digest, plan.Claim, held, () => Facts(plan, registry, tag, held!), ancestry, plan.OverwriteTags);
    }

    /// <summary>
    /// What the image a tag holds says about itself. A release compared with an image whose version label is no release (a
    /// promoted commit image keeps its commit tag as version) looks for the highest release tag holding that image.
    /// </summary>
    private static ImageFacts Facts(GitLabDockerBuildPlan plan, IImageRegistry registry, string tag, string held)
    {
        var repository = ImageName.RepositoryOf(tag);
        var facts = ImageFacts.FromLabels(registry.Labels($"{repository}@{held}"));
        if (plan.Claim.Release is null || facts.Release is not null)
        {
            return facts;
        }

        var release = registry.TagList(repository)
            .Select(name => (Name: name, Version: SemanticVersion.TryParse(name)))
            .Where(candidate => candidate.Version is { IsPreRelease: false })
            .OrderByDescending(candidate => candidate.Version!, Comparer<SemanticVersion>.Create(TagOrder.Compare))
            .Take(MaxReleaseLookups)
            .FirstOrDefault(candidate => registry.Digest($"{repository}:{candidate.Name}") == held);
        return release.Version is { } version ? facts with { Version = version.Version } : facts;
    }

    /// <summary>How many release tags, highest first, are read to find the release a promoted image holds.</summary>
    private const int MaxReleaseLookups = 20;

    private static TagKind Kind(GitLabDockerBuildPlan plan, string tag) =>
        plan.TagKinds.TryGetValue(tag, out var kind) ? kind : TagKind.Floating;
}
