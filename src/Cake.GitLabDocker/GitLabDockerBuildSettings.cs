using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.GitLabDocker;

/// <summary>
/// Settings for <see cref="GitLabDockerAliases.GitLabDockerBuild(Cake.Core.ICakeContext, GitLabDockerBuildSettings)"/>,
/// <see cref="GitLabDockerAliases.GitLabDockerPlan(Cake.Core.ICakeContext, GitLabDockerBuildSettings)"/> and
/// <see cref="GitLabDockerAliases.GitLabDockerLogin(Cake.Core.ICakeContext, GitLabDockerBuildSettings)"/>.
/// Every property is optional: left unset, the value comes from GitLab's predefined variables or a default.
/// <see cref="ToolSettings.ToolPath"/> is the engine's executable (<c>docker</c> or <c>buildah</c>);
/// <see cref="ToolSettings.ToolTimeout"/> applies to each engine call;
/// <see cref="ToolSettings.ArgumentCustomization"/> applies to the build command only.
/// </summary>
public sealed partial class GitLabDockerBuildSettings : ToolSettings
{
    /// <summary>Gets or sets the build context folder. Default: <c>.</c> (the working directory).</summary>
    public DirectoryPath Context { get; set; } = ".";

    /// <summary>Gets or sets the Dockerfile. Default: the engine's default, <c>Dockerfile</c> in <see cref="Context"/>.</summary>
    public FilePath? Dockerfile { get; set; }

    /// <summary>
    /// Gets or sets the image repository without a tag, for example <c>registry.gitlab.com/group/app</c>.
    /// Default: <c>CI_REGISTRY_IMAGE</c>. Required when not running on GitLab CI. It is lowercased.
    /// </summary>
    public string? Image { get; set; }

    /// <summary>Gets the build arguments passed as <c>--build-arg KEY=VALUE</c>. They are not secret: they end up in the image history.</summary>
    public IDictionary<string, string> BuildArgs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets whether to push. <see langword="null"/> (the default) lets the pipeline decide: tag and
    /// default-branch pipelines push, every other pipeline does not. <see langword="false"/> also writes no cache.
    /// </summary>
    public bool? Push { get; set; }

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
    /// pushed after the version tags. Default: <see langword="false"/> (only the default branch moves <c>latest</c>).
    /// </summary>
    public bool LatestOnRelease { get; set; }

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

    /// <summary>
    /// Gets or sets whether to log the plan and the exact engine commands (secrets redacted) and run nothing. The Cake
    /// argument <c>--gitlab-docker-dry-run</c> turns it on too. Default: <see langword="false"/>.
    /// </summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Gets or sets an existing buildx builder to use as is. Default: <c>BUILDX_BUILDER</c>; when neither is set, the
    /// add-in creates (once, then reuses) a <c>docker-container</c> builder named <c>gitlab-docker</c> on GitLab CI and
    /// uses the engine's current builder locally.
    /// </summary>
    public string? Builder { get; set; }

    /// <summary>Gets or sets the registry to log in to. Default: <c>CI_REGISTRY</c>, else the host part of <see cref="Image"/>.</summary>
    public string? Registry { get; set; }

    /// <summary>Gets or sets the registry user name. Default: <c>CI_REGISTRY_USER</c>.</summary>
    public string? Username { get; set; }

    /// <summary>
    /// Gets or sets the registry password. Default: <c>CI_REGISTRY_PASSWORD</c>. It is only ever given to the engine on
    /// standard input, never on a command line or in a log.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets the engine. Default: <c>GITLAB_DOCKER_ENGINE</c> (<c>buildx</c> or <c>buildah</c>), else <see cref="GitLabDockerEngine.Buildx"/>.</summary>
    public GitLabDockerEngine? Engine { get; set; }

    /// <summary>
    /// Gets or sets whether registry connections use verified TLS. Default: <c>GITLAB_DOCKER_TLS_VERIFY</c>
    /// (<c>true</c> or <c>false</c>), else <see langword="true"/>. Set <see langword="false"/> for a self-hosted
    /// registry on plain HTTP (Buildah: <c>--tls-verify=false</c> on login, build and push; buildx:
    /// <c>registry.insecure=true</c> on the image output and the cache refs).
    /// </summary>
    public bool? TlsVerify { get; set; }

    /// <summary>Gets or sets a folder of CA certificates for a registry with a private CA (Buildah <c>--cert-dir</c>).</summary>
    public DirectoryPath? CertDirectory { get; set; }

    /// <summary>Gets or sets Buildah's storage driver. Default: <c>STORAGE_DRIVER</c>, else <c>vfs</c> (works in an unprivileged container).</summary>
    public string? StorageDriver { get; set; }

    /// <summary>Gets or sets Buildah's isolation. Default: <c>BUILDAH_ISOLATION</c>, else <c>chroot</c> (works in an unprivileged container).</summary>
    public string? Isolation { get; set; }

    /// <summary>Gets or sets how many times Buildah retries a failed pull or push (<c>--retry</c>). Default: Buildah's own (3).</summary>
    public int? Retry { get; set; }
}
