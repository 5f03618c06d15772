using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Turns the pipeline and the settings into a <see cref="GitLabDockerBuildPlan"/>. Pure: runs nothing. Every error is
/// raised here, before the first process starts.
/// </summary>
internal static class BuildPlanner
{
    /// <summary>The tag the default branch pushes.</summary>
    public const string LatestTag = "latest";

    /// <summary>The tag of the registry cache the default branch writes and every pipeline reads.</summary>
    public const string CacheTag = "latest-buildcache";

    /// <summary>Makes the plan, or throws a <see cref="CakeException"/> that names the bad or missing input.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="variable">Reads a variable.</param>
    /// <param name="promote">Whether the plan is for <c>GitLabDockerPromote</c> (promotion whatever <see cref="GitLabDockerBuildSettings.ReuseCommitImage"/> says).</param>
    public static GitLabDockerBuildPlan Plan(
        GitLabPipeline pipeline, GitLabDockerBuildSettings settings, Func<string, string?> variable, bool promote = false)
    {
        var engine = SettingsResolver.Engine(settings, variable);
        var image = ResolveImage(pipeline, settings);
        GitLabPath.Check(image, pipeline.RegistryImage, engine);
        RefuseNul(settings);
        var notes = new List<string>();

        var own = TagRules.For(pipeline, settings, notes);
        var push = settings.Push ?? (own.Pushes && pipeline.Kind != GitLabPipelineKind.Local);
        var tags = WithExtraTags(own, pipeline, settings, push, notes).Select(image.WithTag).ToList();
        if (settings.Push is { } forced && forced != own.Pushes)
        {
            notes.Add(forced
                ? "Push = true: the image is pushed although this pipeline would not push it."
                : "Push = false: nothing is pushed and no cache is written.");
        }

        if (pipeline.Kind == GitLabPipelineKind.Local)
        {
            notes.Insert(0, LocalNote(pipeline, loads: !push && tags.Count > 0));
        }

        if (push && tags.Count == 0)
        {
            throw new CakeException(
                $"Push is true but a {pipeline.RefKind} pipeline has no tag to push. Leave Push unset to run a validation build, " +
                "or give GitLabDockerBuildSettings.AdditionalTags.");
        }

        var (cacheFrom, cacheTo) = CacheRules.For(pipeline, settings, image, push);
        if (engine == GitLabDockerEngine.Buildah && settings.Platforms.Count > 1)
        {
            // Measured with Buildah 1.28: with --layers the second platform reuses the first one's cached step.
            (cacheFrom, cacheTo) = ([], null);
            notes.Add("Buildah keys its layer cache without the platform, so a multi-platform Buildah build runs without the layer cache.");
        }

        notes.Add(cacheFrom.Count == 0 ? "Reads no cache; writes no cache." : $"Reads the cache {string.Join(", then ", cacheFrom)}; " +
                  (cacheTo is null ? "writes no cache." : $"writes {cacheTo} (mode=max)."));

        var (credentials, missing) = SettingsResolver.Credentials(settings, pipeline, image, variable);
        if (push && credentials is null)
        {
            throw new CakeException(
                $"This {pipeline.Kind} pipeline pushes {string.Join(", ", tags)} but registry credentials are missing: " +
                $"{string.Join("; ", missing)} is not set. On GitLab CI these are predefined when the project's container " +
                "registry is enabled; elsewhere set them in GitLabDockerBuildSettings.");
        }

        if (push && credentials is not null && settings.Registry is null && !RegistryHost.Same(credentials.Registry, image.Host ?? "docker.io"))
        {
            throw new CakeException(
                $"The image {image} is on {image.Host ?? "docker.io"} but the login is for {credentials.Registry} " +
                $"({GitLabVariables.Registry}): the push would be refused. Set GitLabDockerBuildSettings.Registry, Username and " +
                $"Password for {image.Host ?? "docker.io"}, or use an image under {GitLabVariables.RegistryImage}.");
        }

        var login = push || (credentials is not null && pipeline.Kind != GitLabPipelineKind.Local);
        if (login)
        {
            notes.Add($"Logs in to {credentials!.Registry} as {credentials.Username} (password on standard input).");
        }

        var proxy = pipeline.Kind == GitLabPipelineKind.Local ? null : SettingsResolver.DependencyProxy(settings, credentials?.Registry, variable);
        if (proxy is not null)
        {
            notes.Add($"Logs in to the Dependency Proxy {proxy.Registry} as {proxy.Username} (password on standard input).");
        }

        var platforms = Platforms.Resolve(settings);
        if (platforms.Count > 0)
        {
            notes.Add($"Platforms: {string.Join(", ", platforms)}" + (platforms.Count > 1 ? " (one multi-platform image)." : "."));
        }

        if (platforms.Count > 1 && !push && pipeline.Kind == GitLabPipelineKind.Local && engine == GitLabDockerEngine.Buildx && tags.Count > 0)
        {
            notes.Add("A multi-platform image cannot be loaded into the local Docker engine: it is built and checked only.");
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
            Load = pipeline.Kind == GitLabPipelineKind.Local && !push && tags.Count > 0 && (platforms.Count < 2 || engine == GitLabDockerEngine.Buildah),
            Registry = login ? credentials!.Registry : null,
            Login = login,
            Labels = OciLabels.For(pipeline, settings, Version(own, tags, settings.CommitTag && push, pipeline)),
            Annotations = settings.Annotations,
            Platforms = platforms,
            Secrets = BuildSecrets.Resolve(settings, variable, notes),
            DotenvFile = DotenvReport.FileFor(settings, pipeline, tags, push),
            DependencyProxy = proxy?.Registry,
            PromoteFrom = PromotionSource(pipeline, settings.ReuseCommitImage || promote, image, push, notes),
            Notes = notes,
        };
    }

    /// <summary>Returns the image from the settings, else <c>CI_REGISTRY_IMAGE</c>, else <see langword="null"/>.</summary>
    public static ImageName? ImageOf(GitLabPipeline pipeline, GitLabDockerBuildSettings settings) =>
        !string.IsNullOrEmpty(settings.Image) ? ImageName.Parse(settings.Image, "GitLabDockerBuildSettings.Image")
        : pipeline.RegistryImage is { } registryImage ? ImageName.Parse(registryImage, GitLabVariables.RegistryImage)
        : null;

    /// <summary>
    /// The pipeline's tags, then the commit tag, then the user's, with <c>latest</c> moved last so a release never moves
    /// <c>latest</c> before its version tags are pushed.
    /// </summary>
    private static IReadOnlyList<string> WithExtraTags(
        TagRules.PipelineTags own, GitLabPipeline pipeline, GitLabDockerBuildSettings settings, bool push, List<string> notes)
    {
        var all = new List<string>(own.Tags);
        if (settings.CommitTag && (push || own.Pushes))
        {
            var sha = pipeline.CommitShortSha ?? throw new CakeException(
                $"CommitTag is on but neither {GitLabVariables.CommitShortSha} nor {GitLabVariables.CommitSha} is set " +
                "(outside GitLab CI they come from git): turn CommitTag off, or run in a Git repository.");
            all.Add(DockerTag.Require("sha-" + sha, GitLabVariables.CommitShortSha));
            notes.Add($"CommitTag: also tags {all[^1]}.");
        }

        if (push || all.Count > 0 || pipeline.Kind == GitLabPipelineKind.Local)
        {
            all.AddRange(settings.AdditionalTags.Select(tag => DockerTag.Require(tag, "GitLabDockerBuildSettings.AdditionalTags entry")));
        }

        var ordered = all.Distinct(StringComparer.Ordinal).ToList();
        if (pipeline.RefKind != GitLabPipelineKind.DefaultBranch && ordered.Remove(LatestTag))
        {
            ordered.Add(LatestTag);
        }

        return ordered;
    }

    /// <summary>The OCI version: the release's version, else the commit tag, else the pipeline's own tag.</summary>
    private static string? Version(TagRules.PipelineTags own, IReadOnlyList<string> tags, bool commitTag, GitLabPipeline pipeline) =>
        pipeline.RefKind == GitLabPipelineKind.Tag ? own.Version
        : commitTag && pipeline.CommitShortSha is { } sha ? "sha-" + sha
        : tags.Count > 0 ? own.Version
        : null;

    private static string? PromotionSource(GitLabPipeline pipeline, bool reuse, ImageName image, bool push, List<string> notes)
    {
        if (!reuse || pipeline.RefKind != GitLabPipelineKind.Tag || !push)
        {
            return null;
        }

        var sha = pipeline.CommitShortSha ?? throw new CakeException(
            $"ReuseCommitImage is on but neither {GitLabVariables.CommitShortSha} nor {GitLabVariables.CommitSha} is set, " +
            "so the commit's image cannot be found: turn ReuseCommitImage off outside GitLab CI.");
        var source = image.WithTag(DockerTag.Require("sha-" + sha, GitLabVariables.CommitShortSha));
        notes.Add($"ReuseCommitImage: promotes {source} (pushed by the default branch with CommitTag) when it exists, else builds.");
        return source;
    }

    private static string LocalNote(GitLabPipeline pipeline, bool loads) => pipeline.RefKind switch
    {
        GitLabPipelineKind.Local =>
            "Not on GitLab CI and no branch or tag known (not a Git repository, or no git): no pipeline tags, no push.",
        _ => $"Not on GitLab CI: plans as a {pipeline.RefKind} pipeline for '{ImageName.Printable(pipeline.CommitRefName ?? "?")}' " +
             (loads ? "and loads the image into the local engine instead of pushing." : "(read from git); this pipeline has no tag to load."),
    };

    private static void RefuseNul(GitLabDockerBuildSettings settings)
    {
        foreach (var (kind, pairs) in new[] { ("BuildArgs", settings.BuildArgs), ("Labels", settings.Labels) })
        {
            foreach (var (key, value) in pairs)
            {
                if (key.Length == 0 || key.Contains('=') || key.Contains('\0') || value.Contains('\0'))
                {
                    throw new CakeException(
                        $"GitLabDockerBuildSettings.{kind} entry '{ImageName.Printable(key)}' cannot be passed to the engine: " +
                        "a key must be non-empty without '=' and neither key nor value may contain a NUL character.");
                }
            }
        }
    }

    private static ImageName ResolveImage(GitLabPipeline pipeline, GitLabDockerBuildSettings settings) =>
        ImageOf(pipeline, settings) ?? throw new CakeException(pipeline.Kind == GitLabPipelineKind.Local
            ? $"Not running on GitLab CI, so {GitLabVariables.RegistryImage} is not available: set GitLabDockerBuildSettings.Image " +
              "(for example settings.Image = \"registry.example.com/group/app\")."
            : $"{GitLabVariables.RegistryImage} is not set: enable the project's container registry " +
              "(Settings > General > Visibility) or set GitLabDockerBuildSettings.Image.");
}
