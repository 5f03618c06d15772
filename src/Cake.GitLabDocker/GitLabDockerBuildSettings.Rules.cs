using Cake.Core.IO;

namespace Cake.GitLabDocker;

// Settings: the tag and cache rules and the image metadata.
public sealed partial class GitLabDockerBuildSettings
{
    /// <summary>
    /// Gets or sets whether every pushing pipeline also pushes <c>IMAGE:sha-$CI_COMMIT_SHORT_SHA</c>, so any commit's
    /// image can be found by its commit. Default: <see langword="false"/>.
    /// </summary>
    public bool CommitTag { get; set; }

    /// <summary>
    /// Gets or sets whether a branch pipeline (other than the default branch) pushes <c>IMAGE:SLUG</c> and writes the
    /// branch cache <c>IMAGE:buildcache-SLUG</c>, where SLUG is the branch's <c>CI_COMMIT_REF_SLUG</c>.
    /// Default: <see langword="false"/> (branches run a validation build, as in the seed pipeline).
    /// </summary>
    public bool BranchImages { get; set; }

    /// <summary>
    /// Gets or sets whether a merge-request pipeline pushes <c>IMAGE:mr-$CI_MERGE_REQUEST_IID</c>. It never writes a
    /// cache. Default: <see langword="false"/> (merge requests run a validation build).
    /// </summary>
    public bool MergeRequestImages { get; set; }

    /// <summary>
    /// Gets or sets whether a tag pipeline whose tag is SemVer 2.0 (optional <c>v</c> prefix) also pushes
    /// <c>MAJOR.MINOR.PATCH</c>, <c>MAJOR.MINOR</c> and <c>MAJOR</c> (no bare <c>0</c> for 0.x versions). A pre-release
    /// (<c>v1.2.3-rc.1</c>) adds only <c>1.2.3-rc.1</c>; build metadata is dropped from these tags. Default: <see langword="false"/>.
    /// </summary>
    public bool SemVerTags { get; set; }

    /// <summary>
    /// Gets or sets whether a tag pipeline for a SemVer release (not a pre-release) also moves <c>IMAGE:latest</c>,
    /// pushed after the version tags, and only to a higher version than the one it holds (a hotfix of an older line leaves
    /// it). Default: <see langword="false"/> (only the default branch moves <c>latest</c>, and only to a newer commit).
    /// </summary>
    public bool LatestOnRelease { get; set; }

    /// <summary>
    /// Gets or sets whether this run may move tags against the rules that keep them moving forward: overwrite a release
    /// tag (<c>v1.2.3</c>) or a commit tag (<c>sha-…</c>) that holds another image, or move <c>latest</c>, <c>1</c>,
    /// <c>1.2</c> or a branch tag back to an older version or commit. Off by default; the job log names every tag it moved
    /// this way. Turn it on for one deliberate run, not for good.
    /// </summary>
    public bool OverwriteTags { get; set; }

    /// <summary>
    /// Gets extra tags (tag only, for example <c>stable</c>) added to every pipeline that pushes or loads an image,
    /// after the pipeline's own tags. Each must satisfy Docker's tag grammar.
    /// </summary>
    public IList<string> AdditionalTags { get; } = new List<string>();

    /// <summary>
    /// Gets or sets whether the image gets the OCI labels <c>org.opencontainers.image.*</c> from the pipeline:
    /// <c>source</c> and <c>url</c> (<c>CI_PROJECT_URL</c>), <c>revision</c> (<c>CI_COMMIT_SHA</c>), <c>created</c>
    /// (<c>CI_COMMIT_TIMESTAMP</c>, so rebuilds of one commit agree), <c>version</c> (the most specific tag),
    /// <c>title</c> (<c>CI_PROJECT_TITLE</c>) and <c>ref.name</c> (<c>CI_COMMIT_REF_NAME</c>). Default: <see langword="true"/>.
    /// </summary>
    public bool OciLabels { get; set; } = true;

    /// <summary>
    /// Gets or sets whether the labels are also written as manifest annotations (<c>--annotation</c>; buildx 0.12 and
    /// later, Buildah 1.28 and later). Default: <see langword="false"/>.
    /// </summary>
    public bool Annotations { get; set; }

    /// <summary>Gets image labels passed as <c>--label KEY=VALUE</c>. A label given here wins over the OCI label of the same key.</summary>
    public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
