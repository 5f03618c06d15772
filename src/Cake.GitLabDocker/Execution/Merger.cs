using System.Text.RegularExpressions;
using Cake.Core;
using Cake.Core.Diagnostics;

namespace Cake.GitLabDocker;

/// <summary>
/// <c>GitLabDockerMerge</c>: reads each platform's digest from the native build jobs' dotenv reports, checks in the registry
/// that every one exists and is of its platform, and only then writes one index by digest and then under the plan's tags,
/// each after its check (<see cref="TagWriter"/>: version tags before <c>latest</c>, none backwards). Talks to the registry
/// API itself, so it works the same for every engine and in any job image.
/// </summary>
internal sealed partial class Merger(
    ICakeLog log, JobLog jobLog, Func<string, string?> variable, TagWriter writer, Func<Resolution, IImageRegistry> registry)
{
    /// <summary>Merges, or in a dry run says what it would write and contacts nothing. Returns the index's digest and the tags written.</summary>
    public (string? Digest, TagOutcome Outcome) Merge(Resolution resolution)
    {
        var plan = resolution.Plan;
        var digests = plan.Platforms.Select(platform => (Platform: platform, Digest: DigestOf(platform))).ToList();
        if (resolution.DryRun)
        {
            log.Information("{0}", $"Dry run: would check {string.Join(", ", digests.Select(d => $"{d.Platform} {plan.Image}@{d.Digest}"))} " +
                                   $"and write one index of them under {string.Join(", ", plan.Tags)}; contacted nothing.");
            return (null, new TagOutcome(plan.Tags, []));
        }

        using var client = registry(resolution);
        List<PlatformImage> images;
        using (jobLog.Section("gitlab_docker_merge_check", $"Check {digests.Count} platform image(s)"))
        {
            images = digests.Select(d => Check(client, plan.Image, d.Platform, d.Digest)).ToList();
        }

        var (index, mediaType) = ManifestIndex.Build(images);
        var digest = ManifestIndex.Digest(index);
        log.Information("{0}", $"Writing one {(mediaType == ManifestIndex.OciIndex ? "OCI image index" : "Docker manifest list")} ({digest}) " +
                               $"of {string.Join(", ", images.Select(image => image.Platform))} under {string.Join(", ", plan.Tags)}.");
        using (jobLog.Section("gitlab_docker_merge_push", $"Write the index under {plan.Tags.Count} tag(s)"))
        {
            var kept = client.Put($"{plan.Image}@{digest}", index, mediaType);
            if (kept != digest)
            {
                throw new CakeException($"The registry kept the index as {kept}, not {digest}: it rewrote the manifest. No tag was written.");
            }

            return (digest, writer.Write(plan, digest, client, plan.Tags));
        }
    }

    private string DigestOf(string platform)
    {
        var name = DotenvReport.DigestVariable(platform);
        var value = variable(name)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            throw new CakeException(
                $"GitLabDockerMerge has no {platform} image: {name} is not set. Did the {platform} build job fail? GitLab passes no " +
                $"dotenv report from a failed job, and nothing was written. Otherwise run the {platform} build job with NativePlatform = " +
                $"\"{platform}\" and its dotenv report as an artifact (artifacts: reports: dotenv), and list that job under this job's needs:.");
        }

        return DigestPattern().IsMatch(value) ? value : throw new CakeException(
            $"{name} is '{ImageName.Printable(value)}', not a digest (sha256: and 64 hex digits): it should come from the {platform} build job's dotenv report.");
    }

    private static PlatformImage Check(IImageRegistry client, string repository, string platform, string digest)
    {
        var name = DotenvReport.DigestVariable(platform);
        var manifest = client.Manifest($"{repository}@{digest}") ?? throw new CakeException(
            $"The {platform} image {repository}@{digest} ({name}) is not in the registry: was it pushed by this pipeline's " +
            $"{platform} build job to {repository}? Nothing was written.");
        if (manifest.Digest != digest)
        {
            throw new CakeException(
                $"The registry answered {repository}@{digest} ({name}) with a manifest of another digest ({manifest.Digest}): " +
                "it cannot be listed in an index by that digest. Nothing was written.");
        }

        var mediaType = ManifestIndex.MediaTypeOf(manifest);
        if (mediaType is not (ManifestIndex.OciManifest or ManifestIndex.DockerManifest))
        {
            throw new CakeException(
                $"The {platform} image {repository}@{digest} ({name}) is a {mediaType}, not one platform's image manifest: build it " +
                "with NativePlatform (and no provenance or SBOM attestations, which make an index). Nothing was written.");
        }

        var actual = ManifestIndex.PlatformOf(client.Blob(repository, ManifestIndex.ConfigDigest(manifest.Content)));
        if (!ManifestIndex.Matches(platform, actual))
        {
            throw new CakeException(
                $"{name} names {repository}@{digest}, which is a {actual} image, not {platform}: check the build job's NativePlatform " +
                "and the runner it ran on. Nothing was written.");
        }

        return new PlatformImage(actual, digest, mediaType, manifest.Content.LongLength);
    }

    [GeneratedRegex(@"\Asha256:[a-f0-9]{64}\z")]
    private static partial Regex DigestPattern();
}
