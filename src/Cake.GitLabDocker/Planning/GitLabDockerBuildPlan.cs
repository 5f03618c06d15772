using System.Text;

namespace Cake.GitLabDocker;

/// <summary>
/// Everything the add-in decided for this pipeline: which refs are tagged and pushed, which cache refs are read and
/// written, and whether it logs in. Returned by
/// <see cref="GitLabDockerAliases.GitLabDockerPlan(Cake.Core.ICakeContext, GitLabDockerBuildSettings)"/> without
/// running anything. Holds no secret.
/// </summary>
public sealed class GitLabDockerBuildPlan
{
    private string? _cacheExport;

    internal GitLabDockerBuildPlan()
    {
    }

    /// <summary>Gets the kind of pipeline the plan was made for.</summary>
    public GitLabPipelineKind Pipeline { get; init; }

    /// <summary>Gets the engine that runs the plan.</summary>
    public GitLabDockerEngine Engine { get; init; }

    /// <summary>Gets the image repository, lowercased, without a tag.</summary>
    public string Image { get; init; } = string.Empty;

    /// <summary>Gets the full image refs the build is tagged with, for example <c>registry.gitlab.com/group/app:latest</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Gets the cache refs read before building, in order of preference.</summary>
    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    /// <summary>Gets the cache ref written after building, or <see langword="null"/> when this pipeline writes no cache.</summary>
    public string? CacheTo { get; init; }

    /// <summary>
    /// Gets the ref buildx and BuildKit export the cache to when the add-in writes the tags: <see cref="CacheTo"/> with
    /// <c>-staging</c> appended, which the add-in then moves to <see cref="CacheTo"/> with the tag it goes with (<c>latest</c>
    /// or the branch tag), after that tag's check. Otherwise <see cref="CacheTo"/> itself (Buildah's cache is one tag per
    /// step and is written as it is).
    /// </summary>
    public string? CacheExport { get => _cacheExport ?? CacheTo; init => _cacheExport = value; }

    /// <summary>Gets whether <see cref="Tags"/> are pushed.</summary>
    public bool Push { get; init; }

    /// <summary>Gets whether the image is loaded into the local engine instead (local runs).</summary>
    public bool Load { get; init; }

    /// <summary>Gets the registry the add-in logs in to, or <see langword="null"/> when it does not log in.</summary>
    public string? Registry { get; init; }

    /// <summary>Gets whether the add-in logs in to <see cref="Registry"/> before building.</summary>
    public bool Login { get; init; }

    /// <summary>Gets the image labels (<c>--label</c>): the pipeline's OCI labels merged with the user's, sorted by key.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets whether <see cref="Labels"/> are also written as manifest annotations (<c>--annotation</c>).</summary>
    public bool Annotations { get; init; }

    /// <summary>Gets the target platforms; empty for the builder's own.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>
    /// Gets the one platform a <see cref="GitLabDockerBuildSettings.NativePlatform"/> build makes, or <see langword="null"/>.
    /// When it pushes, buildx and BuildKit push by digest only (<see cref="Tags"/> holds the repository alone) and Buildah
    /// pushes to one internal <c>platform-…</c> tag.
    /// </summary>
    public string? NativePlatform { get; init; }

    /// <summary>
    /// Gets whether the engine pushes the image by digest only, with no tag: every push of buildx and BuildKit. The
    /// add-in then writes <see cref="Tags"/> itself, each after its check (see <see cref="TagsChecked"/>).
    /// </summary>
    public bool PushByDigest => Push && Engine != GitLabDockerEngine.Buildah;

    /// <summary>
    /// Gets the internal tag Buildah pushes the image to before the add-in writes <see cref="Tags"/> (Buildah cannot push
    /// by digest alone), or <see langword="null"/>.
    /// </summary>
    public string? StagingTag { get; init; }

    /// <summary>
    /// Gets whether the add-in writes <see cref="Tags"/> itself through the registry API, each right after checking what it
    /// holds: a release tag is never overwritten, a commit tag keeps its first image, and a floating tag only moves forward.
    /// </summary>
    public bool TagsChecked => Push && NativePlatform is null;

    /// <summary>Gets how each of <see cref="Tags"/> may move.</summary>
    internal IReadOnlyDictionary<string, TagKind> TagKinds { get; init; } = new Dictionary<string, TagKind>();

    /// <summary>Gets what this pipeline's image is (commit, commit time, release version), to order it against what a tag holds.</summary>
    internal ImageFacts Claim { get; init; } = new(null, null, null);

    /// <summary>Gets whether a tag may be moved against the rules (<see cref="GitLabDockerBuildSettings.OverwriteTags"/>).</summary>
    internal bool OverwriteTags { get; init; }

    /// <summary>Gets the build secrets as (secret id, name of the environment variable holding the value). Never holds a value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Secrets { get; init; } = [];

    /// <summary>Gets the dotenv report written after the push (relative to the working directory), or <see langword="null"/>.</summary>
    public string? DotenvFile { get; init; }

    /// <summary>Gets the Dependency Proxy the engine also logs in to, or <see langword="null"/>.</summary>
    public string? DependencyProxy { get; init; }

    /// <summary>
    /// Gets the commit image a tag pipeline copies to its tags instead of building (<see cref="GitLabDockerBuildSettings.ReuseCommitImage"/>),
    /// or <see langword="null"/>.
    /// </summary>
    public string? PromoteFrom { get; init; }

    /// <summary>Gets one line per decision, in words, as the add-in logs them.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// Gets the commit's time in Unix seconds that the engine writes as every timestamp of the image
    /// (<see cref="GitLabDockerBuildSettings.Reproducible"/>), or <see langword="null"/> when it is off or the time is unknown.
    /// </summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>Returns the plan as a small readable table.</summary>
    /// <returns>One line per field.</returns>
    public override string ToString()
    {
        static string List(IReadOnlyList<string> values) => values.Count == 0 ? "(none)" : string.Join(", ", values);
        var text = new StringBuilder()
            .AppendLine($"Pipeline   : {Pipeline}")
            .AppendLine($"Engine     : {Engine}")
            .AppendLine($"Image      : {Image}")
            .AppendLine($"Tags       : {List(Tags)}")
            .AppendLine($"Cache from : {List(CacheFrom)}")
            .AppendLine($"Cache to   : {CacheTo ?? "(none)"}{(CacheExport is { } staged && staged != CacheTo ? $" (written to {staged}, moved after the tags' checks)" : string.Empty)}")
            .AppendLine($"Push       : {(Push ? "yes" : "no")}{(Load ? " (loaded into the local engine)" : string.Empty)}")
            .Append($"Login      : {(Login ? Registry : "no")}");
        if (DependencyProxy is not null)
        {
            text.AppendLine().Append($"Proxy login: {DependencyProxy}");
        }

        if (PromoteFrom is not null)
        {
            text.AppendLine().Append($"Promote    : {PromoteFrom}, when it exists");
        }

        if (DotenvFile is not null)
        {
            text.AppendLine().Append($"Dotenv     : {DotenvFile}");
        }

        if (Platforms.Count > 0)
        {
            text.AppendLine().Append($"Platforms  : {List(Platforms)}");
        }

        if (Push && NativePlatform is not null)
        {
            text.AppendLine().Append($"Push by    : {(PushByDigest ? "digest only" : Tags[0])} (for GitLabDockerMerge)");
        }
        else if (TagsChecked)
        {
            text.AppendLine().Append($"Push by    : {(PushByDigest ? "digest" : StagingTag)}, then each tag after its check{(OverwriteTags ? " (OverwriteTags: any tag may move)" : string.Empty)}");
        }

        if (SourceDateEpoch is { } epoch)
        {
            text.AppendLine().Append($"Timestamps : {epoch} (the commit's time, so rebuilds agree)");
        }

        foreach (var (id, variable) in Secrets)
        {
            text.AppendLine().Append($"Secret     : {id} from ${variable}");
        }

        foreach (var (key, value) in Labels)
        {
            text.AppendLine().Append($"Label      : {key}={ImageName.Printable(value)}");
        }

        return text.ToString();
    }
}
