using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Turns the pipeline and the settings into a <see cref="GitLabDockerBuildPlan"/>. Pure: runs nothing.
/// </summary>
internal static class BuildPlanner
{
    /// <summary>The tag the default branch pushes.</summary>
    public const string LatestTag = "latest";

    /// <summary>The tag of the registry cache the default branch writes and every pipeline reads.</summary>
    public const string CacheTag = "latest-buildcache";

    /// <summary>Makes the plan, or throws a <see cref="CakeException"/> that names the bad or missing input.</summary>
    public static GitLabDockerBuildPlan Plan(
        GitLabPipeline pipeline, GitLabDockerBuildSettings settings, Func<string, string?> variable)
    {
        var engine = SettingsResolver.Engine(settings, variable);
        var image = ResolveImage(pipeline, settings);
        var notes = new List<string>();

        var (pipelineTags, pipelinePushes) = TagsFor(pipeline, image, notes);
        var push = settings.Push ?? pipelinePushes;
        var tags = WithExtraTags(pipelineTags, pipeline, settings, image, push, notes);
        if (settings.Push is { } forced && forced != pipelinePushes)
        {
            notes.Add(forced
                ? "Push = true: the image is pushed although this pipeline would not push it."
                : "Push = false: nothing is pushed and no cache is written.");
        }

        if (push && tags.Count == 0)
        {
            throw new CakeException(
                $"Push is true but a {pipeline.Kind} pipeline has no tag to push. Leave Push unset to run a validation build, " +
                "or give GitLabDockerBuildSettings.AdditionalTags.");
        }

        var cacheFrom = new[] { image.WithTag(CacheTag) };
        var cacheTo = push && pipeline.Kind == GitLabPipelineKind.DefaultBranch ? image.WithTag(CacheTag) : null;
        notes.Add(cacheTo is null
            ? $"Reads the cache {cacheFrom[0]}; writes no cache."
            : $"Reads and writes the cache {cacheTo} (mode=max).");

        var (credentials, missing) = SettingsResolver.Credentials(settings, pipeline, image, variable);
        if (push && credentials is null)
        {
            throw new CakeException(
                $"This {pipeline.Kind} pipeline pushes {string.Join(", ", tags)} but registry credentials are missing: " +
                $"{string.Join("; ", missing)} is not set. On GitLab CI these are predefined when the project's container " +
                "registry is enabled; elsewhere set them in GitLabDockerBuildSettings.");
        }

        var login = push || (credentials is not null && pipeline.Kind != GitLabPipelineKind.Local);
        if (login)
        {
            notes.Add($"Logs in to {credentials!.Registry} as {credentials.Username} (password on standard input).");
        }

        return new GitLabDockerBuildPlan
        {
            Pipeline = pipeline.Kind,
            Engine = engine,
            Image = image.Repository,
            Tags = tags,
            CacheFrom = cacheFrom,
            CacheTo = cacheTo,
            Push = push,
            Load = pipeline.Kind == GitLabPipelineKind.Local && !push,
            Registry = login ? credentials!.Registry : null,
            Login = login,
            Notes = notes,
        };
    }

    private static IReadOnlyList<string> WithExtraTags(
        IReadOnlyList<string> tags, GitLabPipeline pipeline, GitLabDockerBuildSettings settings, ImageName image, bool push, List<string> notes)
    {
        var all = new List<string>(tags);
        if (settings.CommitTag && push)
        {
            var sha = pipeline.CommitShortSha ?? throw new CakeException(
                $"CommitTag is on but neither {GitLabVariables.CommitShortSha} nor {GitLabVariables.CommitSha} is set: " +
                "turn CommitTag off outside GitLab CI.");
            all.Add(image.WithTag(DockerTag.Require("sha-" + sha, GitLabVariables.CommitShortSha)));
            notes.Add($"CommitTag: also pushes {all[^1]}.");
        }

        if (push || tags.Count > 0)
        {
            foreach (var tag in settings.AdditionalTags)
            {
                all.Add(image.WithTag(DockerTag.Require(tag, "GitLabDockerBuildSettings.AdditionalTags entry")));
            }
        }

        return all.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Returns the image from the settings, else <c>CI_REGISTRY_IMAGE</c>, else <see langword="null"/>.</summary>
    public static ImageName? ImageOf(GitLabPipeline pipeline, GitLabDockerBuildSettings settings) =>
        !string.IsNullOrEmpty(settings.Image) ? ImageName.Parse(settings.Image, "GitLabDockerBuildSettings.Image")
        : pipeline.RegistryImage is { } registryImage ? ImageName.Parse(registryImage, GitLabVariables.RegistryImage)
        : null;

    private static ImageName ResolveImage(GitLabPipeline pipeline, GitLabDockerBuildSettings settings) =>
        ImageOf(pipeline, settings) ?? throw new CakeException(pipeline.Kind == GitLabPipelineKind.Local
            ? $"Not running on GitLab CI, so {GitLabVariables.RegistryImage} is not available: set GitLabDockerBuildSettings.Image " +
              "(for example settings.Image = \"registry.example.com/group/app\")."
            : $"{GitLabVariables.RegistryImage} is not set: enable the project's container registry " +
              "(Settings > General > Visibility) or set GitLabDockerBuildSettings.Image.");

    private static (IReadOnlyList<string> Tags, bool Push) TagsFor(GitLabPipeline pipeline, ImageName image, List<string> notes)
    {
        switch (pipeline.Kind)
        {
            case GitLabPipelineKind.Tag:
                var tag = DockerTag.Require(pipeline.CommitTag!, GitLabVariables.CommitTag);
                notes.Add($"Tag pipeline for '{tag}': pushes {image.WithTag(tag)}.");
                return ([image.WithTag(tag)], true);

            case GitLabPipelineKind.DefaultBranch:
                notes.Add($"Default branch '{pipeline.CommitBranch}': pushes {image.WithTag(LatestTag)}.");
                return ([image.WithTag(LatestTag)], true);

            case GitLabPipelineKind.Branch:
                notes.Add(pipeline.DefaultBranch is null
                    ? $"{GitLabVariables.DefaultBranch} is not set, so this branch pipeline is not on the default branch: " +
                      "validation build only, nothing is pushed."
                    : $"Branch '{ImageName.Printable(pipeline.CommitBranch ?? "(none)")}' is not the default branch " +
                      $"'{ImageName.Printable(pipeline.DefaultBranch)}': validation build only, nothing is pushed.");
                return ([], false);

            case GitLabPipelineKind.MergeRequest:
                notes.Add("Merge-request pipeline: validation build only, nothing is pushed.");
                return ([], false);

            default:
                notes.Add($"Not on GitLab CI: builds {image.WithTag(LatestTag)} into the local engine; no login, no push.");
                return ([image.WithTag(LatestTag)], false);
        }
    }
}
