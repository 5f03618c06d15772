using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Where a pushing <see cref="GitLabDockerBuildSettings.NativePlatform"/> build puts its image: never under the pipeline's
/// public tags (a later <c>GitLabDockerMerge</c> job writes those, as one index). buildx and BuildKit push by digest only,
/// so the plan's only target is the repository. Buildah cannot push without a tag, so it pushes to one internal tag,
/// <c>IMAGE:platform-OS-ARCH[-VARIANT]-SHORTSHA</c>. Pure.
/// </summary>
internal static class NativeTarget
{
    /// <summary>The prefix of Buildah's internal per-platform tags, for a registry cleanup rule.</summary>
    public const string TagPrefix = "platform-";

    /// <summary>Returns the plan's tags for a pushing native build, with a note on what happened to the pipeline's own tags.</summary>
    public static Noted<IReadOnlyList<string>> Tags(
        string platform, GitLabPipeline pipeline, ImageName image, GitLabDockerEngine engine, IReadOnlyList<string> publicTags)
    {
        var skipped = publicTags.Count == 0 ? "" : $" The pipeline's tags ({string.Join(", ", publicTags)}) are left to GitLabDockerMerge.";
        if (engine != GitLabDockerEngine.Buildah)
        {
            return new Noted<IReadOnlyList<string>>(
                [image.Repository],
                [$"NativePlatform: pushes the {platform} image to {image.Repository} by digest only (no tag).{skipped}"]);
        }

        var sha = pipeline.CommitShortSha ?? throw new CakeException(
            $"NativePlatform is set and Buildah pushes the {platform} image under a tag of the commit, but neither " +
            $"{GitLabVariables.CommitShortSha} nor {GitLabVariables.CommitSha} is set: run it in a GitLab pipeline or a Git repository.");
        var tag = image.WithTag(DockerTag.Require($"{TagPrefix}{Platforms.TagSuffix(platform)}-{sha}", GitLabVariables.CommitShortSha));
        return new Noted<IReadOnlyList<string>>(
            [tag],
            [$"NativePlatform: Buildah cannot push by digest alone, so it pushes the {platform} image to the internal tag {tag} " +
             $"(remove '{TagPrefix}*' tags with a cleanup policy).{skipped}"]);
    }
}
