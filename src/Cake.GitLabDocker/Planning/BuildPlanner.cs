using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Turns the pipeline and the settings into a <see cref="GitLabDockerBuildPlan"/>, as a chain of small named steps:
/// image → own tags → push → all tags → cache → logins → platforms → the rest. Pure: runs nothing. Every error is raised
/// here, before the first process starts.
/// </summary>
internal static class BuildPlanner
{
    /// <summary>The tag the default branch pushes.</summary>
    public const string LatestTag = "latest";

    /// <summary>The tag of the registry cache the default branch writes and every pipeline reads.</summary>
    public const string CacheTag = "latest-buildcache";

    /// <summary>What buildx's and BuildKit's cache export appends to the cache ref (see <see cref="GitLabDockerBuildPlan.CacheExport"/>).</summary>
    public const string CacheStagingSuffix = "-staging";

    /// <summary>
    /// Whether <paramref name="tag"/> is one the add-in keeps for the default branch or a cache (<c>latest</c>,
    /// <c>latest-buildcache</c> and its staging ref, <c>buildcache-…</c>): a release or a branch never gets it.
    /// </summary>
    public static bool IsKeptTag(string tag) =>
        tag is LatestTag or CacheTag or CacheTag + CacheStagingSuffix || tag.StartsWith(BranchTag.CachePrefix, StringComparison.Ordinal);

    /// <summary>Makes the plan, or throws a <see cref="CakeException"/> that names the bad or missing input.</summary>
    public static GitLabDockerBuildPlan Plan(
        GitLabPipeline pipeline, GitLabDockerBuildSettings settings, Func<string, string?> variable, bool promote = false) =>
        Resolve(pipeline, settings, variable, promote).Plan;

    /// <summary>Makes the plan and resolves the logins it needs, or throws a <see cref="CakeException"/> that names the bad or missing input.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="variable">Reads a variable.</param>
    /// <param name="promote">Whether the plan is for <c>GitLabDockerPromote</c> (promotion whatever <see cref="GitLabDockerBuildSettings.ReuseCommitImage"/> says).</param>
    /// <param name="merge">Whether the plan is for <c>GitLabDockerMerge</c>: it builds nothing, so it reads and writes no cache.</param>
    public static PlannedBuild Resolve(
        GitLabPipeline pipeline, GitLabDockerBuildSettings settings, Func<string, string?> variable, bool promote = false, bool merge = false)
    {
        var engine = SettingsResolver.Engine(settings, variable);
        var image = Image(pipeline, settings, engine);
        RefuseNul(settings);

        var own = TagRules.For(pipeline, settings);
        var push = settings.Push ?? (own.Pushes && pipeline.Kind != GitLabPipelineKind.Local);
        var native = Platforms.Native(settings);
        var pipelineTags = Tags(own, pipeline, settings, push, image);
        var tags = native is not null && push ? NativeTarget.Tags(native, pipeline, image, engine, pipelineTags.Value) : pipelineTags;
        var cache = merge ? new Noted<(IReadOnlyList<string> From, string? To)>(([], null), []) : CacheRules.Noted(pipeline, settings, image, push, engine);
        var logins = LoginRules.For(pipeline, settings, image, push, tags.Value, variable, merge ? null : engine);
        var platforms = merge
            ? new Noted<IReadOnlyList<string>>(Platforms.Resolve(settings), [$"Merges the images of {string.Join(", ", Platforms.Resolve(settings))} into one index."])
            : PlatformsOf(settings, pipeline, engine, push, tags.Value);
        var secrets = BuildSecrets.Resolve(settings, variable);
        var promotion = native is null ? PromotionSource(pipeline, settings.ReuseCommitImage, promote, image, push) : new Noted<string?>(null, []);
        var load = pipeline.Kind == GitLabPipelineKind.Local && !push && tags.Value.Count > 0 && engine != GitLabDockerEngine.BuildKit
                   && (platforms.Value.Count < 2 || engine == GitLabDockerEngine.Buildah);

        var plan = new GitLabDockerBuildPlan
        {
            Pipeline = pipeline.Kind,
            Engine = engine,
            Image = image.Repository,
            Tags = tags.Value,
            CacheFrom = cache.Value.From,
            CacheTo = cache.Value.To,
            CacheExport = cache.Value.To is { } to && engine != GitLabDockerEngine.Buildah && push && native is null ? to + CacheStagingSuffix : cache.Value.To,
            Push = push,
            Load = load,
            Registry = logins.Value.Registry?.Registry,
            Login = logins.Value.Registry is not null,
            Labels = OciLabels.For(pipeline, settings, Version(own, pipelineTags.Value, settings.CommitTag && push, pipeline)),
            Annotations = settings.Annotations,
            Platforms = platforms.Value,
            NativePlatform = native,
            Secrets = secrets.Value,
            DotenvFile = DotenvReport.FileFor(settings, pipeline, tags.Value, push),
            DependencyProxy = logins.Value.DependencyProxy?.Registry,
            PromoteFrom = promotion.Value,
            SourceDateEpoch = settings.Reproducible ? Epoch(pipeline.CommitTimestamp) : null,
            StagingTag = engine == GitLabDockerEngine.Buildah && push && native is null ? Staging(pipeline, image) : null,
            TagKinds = Kinds(own, pipeline, tags.Value, image),
            Claim = new ImageFacts(pipeline.CommitSha, ImageFacts.Time(pipeline.CommitTimestamp), pipeline.RefKind == GitLabPipelineKind.Tag ? own.Version : null),
            OverwriteTags = settings.OverwriteTags,
            Notes = [.. CaseNotes(pipeline, settings, image), .. LocalNotes(pipeline, push, load, tags.Value), .. own.Notes, .. pipelineTags.Notes, .. (tags == pipelineTags ? [] : tags.Notes), .. PushNotes(settings, own),
                     .. cache.Notes, .. logins.Notes, .. platforms.Notes, .. secrets.Notes, .. promotion.Notes, .. StagingNotes(engine, push, native, pipeline, image)],
        };
        return new PlannedBuild(plan, logins.Value.Registry, logins.Value.DependencyProxy);
    }

    /// <summary>Returns the image from the settings, else <c>CI_REGISTRY_IMAGE</c>, else <see langword="null"/>.</summary>
    public static ImageName? ImageOf(GitLabPipeline pipeline, GitLabDockerBuildSettings settings) =>
        !string.IsNullOrEmpty(settings.Image) ? ImageName.Parse(settings.Image, "GitLabDockerBuildSettings.Image")
        : pipeline.RegistryImage is { } registryImage ? ImageName.Parse(registryImage, GitLabVariables.RegistryImage)
        : null;

    private static ImageName Image(GitLabPipeline pipeline, GitLabDockerBuildSettings settings, GitLabDockerEngine engine)
    {
        var image = ImageOf(pipeline, settings) ?? throw new CakeException(pipeline.Kind == GitLabPipelineKind.Local
            ? $"No image to build: set GitLabDockerBuildSettings.Image or {GitLabVariables.RegistryImage} " +
              "(for example settings.Image = \"registry.example.com/group/app\", or export CI_REGISTRY_IMAGE=registry.example.com/group/app)."
            : $"{GitLabVariables.RegistryImage} is not set: enable the project's container registry " +
              "(Settings > General > Visibility) or set GitLabDockerBuildSettings.Image.");
        GitLabPath.Check(image, pipeline.RegistryImage, engine);
        return image;
    }

    /// <summary>Says that the image was lowercased, once, when the name as given had capitals (Docker refuses them).</summary>
    private static IEnumerable<string> CaseNotes(GitLabPipeline pipeline, GitLabDockerBuildSettings settings, ImageName image)
    {
        var (given, source) = !string.IsNullOrEmpty(settings.Image)
            ? (settings.Image, "GitLabDockerBuildSettings.Image")
            : (pipeline.RegistryImage ?? image.Repository, GitLabVariables.RegistryImage);
        return given == image.Repository
            ? []
            : [$"{source} '{ImageName.Printable(given)}' has capitals, which image names may not: building {image.Repository} instead."];
    }

    /// <summary>
    /// The pipeline's tags, then the commit tag, then the user's, with <c>latest</c> moved last so a release never moves
    /// <c>latest</c> before its version tags are pushed.
    /// </summary>
    private static Noted<IReadOnlyList<string>> Tags(
        TagRules.PipelineTags own, GitLabPipeline pipeline, GitLabDockerBuildSettings settings, bool push, ImageName image)
    {
        var notes = new List<string>();
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

        if (push && ordered.Count == 0)
        {
            throw new CakeException(
                $"Push is true but a {pipeline.RefKind.Words()} pipeline has no tag to push. Leave Push unset to run a validation build, " +
                "or give GitLabDockerBuildSettings.AdditionalTags.");
        }

        return new Noted<IReadOnlyList<string>>(ordered.Select(image.WithTag).ToList(), notes);
    }

    private static IEnumerable<string> PushNotes(GitLabDockerBuildSettings settings, TagRules.PipelineTags own) =>
        settings.Push is { } forced && forced != own.Pushes
            ? [forced
                ? "Push = true: the image is pushed although this pipeline would not push it."
                : "Push = false: nothing is pushed and no cache is written."]
            : [];

    private static Noted<IReadOnlyList<string>> PlatformsOf(
        GitLabDockerBuildSettings settings, GitLabPipeline pipeline, GitLabDockerEngine engine, bool push, IReadOnlyList<string> tags)
    {
        var platforms = Platforms.Resolve(settings);
        var notes = new List<string>();
        if (Platforms.Native(settings) is { } native)
        {
            notes.Add($"NativePlatform: builds {native} only, on this runner's own architecture, with caches of its own.");
        }
        else if (platforms.Count > 0)
        {
            notes.Add($"Platforms: {string.Join(", ", platforms)}" + (platforms.Count > 1 ? " (one multi-platform image)." : "."));
        }

        if (platforms.Count > 1 && !push && pipeline.Kind == GitLabPipelineKind.Local && engine == GitLabDockerEngine.Buildx && tags.Count > 0)
        {
            notes.Add("A multi-platform image cannot be loaded into the local Docker engine: it is built and checked only.");
        }

        if (!push && pipeline.Kind == GitLabPipelineKind.Local && engine == GitLabDockerEngine.BuildKit && tags.Count > 0)
        {
            notes.Add("BuildKit's client has no local image store to load into: the image is built and checked only.");
        }

        return new Noted<IReadOnlyList<string>>(platforms, notes);
    }

    /// <summary>How each tag may move: the release's exact versions never, the commit tag keeps its first image, the rest forward.</summary>
    private static IReadOnlyDictionary<string, TagKind> Kinds(
        TagRules.PipelineTags own, GitLabPipeline pipeline, IReadOnlyList<string> tags, ImageName image)
    {
        var releases = pipeline.RefKind == GitLabPipelineKind.Tag && own.Tags.Count > 0
            ? new HashSet<string>(new[] { own.Tags[0], own.Version }.OfType<string>().Select(image.WithTag), StringComparer.Ordinal)
            : [];
        var commit = pipeline.CommitShortSha is { } sha ? image.WithTag("sha-" + sha) : null;
        return tags.ToDictionary(
            tag => tag,
            tag => releases.Contains(tag) ? TagKind.Release : tag == commit ? TagKind.Commit : TagKind.Floating,
            StringComparer.Ordinal);
    }

    private static IEnumerable<string> StagingNotes(GitLabDockerEngine engine, bool push, string? native, GitLabPipeline pipeline, ImageName image) =>
        engine == GitLabDockerEngine.Buildah && push && native is null
            ? [$"Buildah cannot push by digest alone, so it pushes to the internal tag {Staging(pipeline, image)} first; the tags are then written " +
               $"after their checks (remove '{StagingPrefix}*' tags with a cleanup policy)."]
            : [];

    /// <summary>The internal tag Buildah pushes to before the add-in writes the tags: Buildah cannot push by digest alone.</summary>
    private static string Staging(GitLabPipeline pipeline, ImageName image) =>
        image.WithTag(DockerTag.Require(StagingPrefix + (pipeline.CommitShortSha ?? "local"), GitLabVariables.CommitShortSha));

    /// <summary>The prefix of the internal tag Buildah pushes to first (remove such tags with a cleanup policy).</summary>
    public const string StagingPrefix = "staging-";

    /// <summary>The OCI version: the release's version, else the commit tag, else the pipeline's own tag.</summary>
    private static string? Version(TagRules.PipelineTags own, IReadOnlyList<string> tags, bool commitTag, GitLabPipeline pipeline) =>
        pipeline.RefKind == GitLabPipelineKind.Tag ? own.Version
        : commitTag && pipeline.CommitShortSha is { } sha ? "sha-" + sha
        : tags.Count > 0 ? own.Version
        : null;

    /// <summary>The commit's time in Unix seconds, or <see langword="null"/> when it is unknown or unreadable (then nothing is pinned).</summary>
    private static long? Epoch(string? timestamp) =>
        DateTimeOffset.TryParse(timestamp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUnixTimeSeconds()
            : null;

    private static Noted<string?> PromotionSource(GitLabPipeline pipeline, bool reuse, bool promote, ImageName image, bool push)
    {
        if (!(reuse || promote) || pipeline.RefKind != GitLabPipelineKind.Tag || !push)
        {
            return new Noted<string?>(null, []);
        }

        var sha = pipeline.CommitShortSha ?? throw new CakeException(
            $"{(promote ? "GitLabDockerPromote copies" : "ReuseCommitImage is on, so the tag pipeline copies")} the commit's image, " +
            $"but neither {GitLabVariables.CommitShortSha} nor {GitLabVariables.CommitSha} is set, so it cannot be found: " +
            (promote ? "run it in a GitLab tag pipeline." : "turn ReuseCommitImage off outside GitLab CI."));
        var source = image.WithTag(DockerTag.Require("sha-" + sha, GitLabVariables.CommitShortSha));
        return new Noted<string?>(source, [$"ReuseCommitImage: promotes {source} (pushed by the default branch with CommitTag) when it exists, else builds."]);
    }

    /// <summary>Says what a run off GitLab does: the pipeline it plans as, and whether it pushes, loads or only builds.</summary>
    private static IEnumerable<string> LocalNotes(GitLabPipeline pipeline, bool push, bool load, IReadOnlyList<string> tags) =>
        pipeline.Kind != GitLabPipelineKind.Local ? []
        : [(pipeline.RefKind == GitLabPipelineKind.Local
              ? "Not on GitLab CI and no branch or tag known (not a Git repository, or no git)"
              : $"Not on GitLab CI: plans as a {pipeline.RefKind.Words()} pipeline for '{ImageName.Printable(pipeline.CommitRefName ?? "?")}' (read from git)") +
           (push ? $"; pushes {string.Join(", ", tags)} because Push = true."
               : load ? $"; loads {string.Join(", ", tags)} into the local engine instead of pushing (the lines below say what GitLab would push)."
               : tags.Count > 0 ? "; builds and checks the image, pushes nothing."
               : "; no tag to load, so it builds and checks the image only.")];

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
}

/// <summary>A plan with the logins it needs (credentials stay out of the public plan).</summary>
/// <param name="Plan">The plan.</param>
/// <param name="Registry">The registry login, or <see langword="null"/> when the plan logs in nowhere.</param>
/// <param name="DependencyProxy">The Dependency Proxy login, or <see langword="null"/>.</param>
internal sealed record PlannedBuild(GitLabDockerBuildPlan Plan, RegistryCredentials? Registry, RegistryCredentials? DependencyProxy);
