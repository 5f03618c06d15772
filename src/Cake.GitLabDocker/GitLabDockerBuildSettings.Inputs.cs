using Cake.Core.IO;

namespace Cake.GitLabDocker;

// Settings: what goes into the build.
public sealed partial class GitLabDockerBuildSettings
{
    /// <summary>Gets or sets the Dockerfile stage to build (<c>--target</c>). Default: the last stage.</summary>
    public string? Target { get; set; }

    /// <summary>Gets or sets whether to build without any cache, local or remote (<c>--no-cache</c>). The registry cache is still written. Default: <see langword="false"/>.</summary>
    public bool NoCache { get; set; }

    /// <summary>
    /// Gets or sets whether to always pull a newer base image (buildx <c>--pull</c>, Buildah <c>--pull=always</c>).
    /// Default: <see langword="false"/> (a base image already present is used).
    /// </summary>
    public bool Pull { get; set; }

    /// <summary>
    /// Gets or sets the target platforms, for example <c>linux/amd64</c> and <c>linux/arm64</c>. With more than one,
    /// buildx pushes a multi-platform index and Buildah builds a manifest list and pushes it with all its images.
    /// Default: none (the builder's own platform). <c>RUN</c> steps for a foreign platform need QEMU emulation on the runner.
    /// </summary>
    public IList<string> Platforms { get; } = new List<string>();

    /// <summary>
    /// Gets or sets the one platform this job builds natively, for example <c>linux/arm64</c> in one job of a
    /// <c>parallel: matrix</c> build on runners of that architecture. The job builds only that platform, reads and
    /// writes registry caches of its own (<c>IMAGE:latest-buildcache-linux-arm64</c>; Buildah: <c>IMAGE/buildcache-linux-arm64</c>),
    /// and a pushing pipeline pushes the image by digest for a later <c>GitLabDockerMerge</c> job instead of under the
    /// pipeline's tags. Cannot be combined with <see cref="Platforms"/>. Default: none.
    /// </summary>
    public string? NativePlatform { get; set; }

    /// <summary>
    /// Gets build secrets: secret id → name of the environment variable that holds the value, passed as
    /// <c>--secret id=ID,env=VARIABLE</c> so the value never reaches a command line, a log or a layer. A Dockerfile reads
    /// it with <c>RUN --mount=type=secret,id=ID</c> (as <c>/run/secrets/ID</c>). The variable must be set.
    /// </summary>
    public IDictionary<string, string> Secrets { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets CI variables forwarded to the build as secrets with their own name as id (as GitLab Auto DevOps'
    /// <c>AUTO_DEVOPS_BUILD_IMAGE_FORWARDED_CI_VARIABLES</c>); one that is not set in this job is skipped with a note.
    /// </summary>
    public IList<string> ForwardedVariables { get; } = new List<string>();

    /// <summary>
    /// Gets or sets whether <c>HTTP_PROXY</c>, <c>HTTPS_PROXY</c>, <c>NO_PROXY</c> (either case) are forwarded as build
    /// arguments when set. Only the names reach the command line (<c>--build-arg HTTP_PROXY</c>): the engine reads the
    /// values from its environment. Default: <see langword="true"/>.
    /// </summary>
    public bool ForwardProxy { get; set; } = true;

    /// <summary>Gets extra named build contexts (<c>--build-context NAME=VALUE</c>), for example <c>shared=../shared</c> or <c>base=docker-image://alpine:3.20</c>.</summary>
    public IDictionary<string, string> BuildContexts { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the buildx provenance attestation (<c>--provenance</c>). Default: <see langword="null"/>, BuildKit's
    /// own: a <c>mode=min</c> attestation on pushed images (buildx 0.10 and later). Buildah ignores it.
    /// </summary>
    public bool? Provenance { get; set; }

    /// <summary>Gets or sets the buildx SBOM attestation (<c>--sbom</c>). Default: <see langword="null"/>, BuildKit's own: none. Buildah ignores it.</summary>
    public bool? Sbom { get; set; }

    /// <summary>
    /// Gets or sets whether rebuilds of one commit give the same image: the commit's time (<c>CI_COMMIT_TIMESTAMP</c>,
    /// locally from git) becomes every timestamp the engine writes (buildx and BuildKit: the <c>SOURCE_DATE_EPOCH</c>
    /// build argument; Buildah: <c>--timestamp</c>), and buildx attaches no provenance attestation unless
    /// <see cref="Provenance"/> asks for one (it records the build's own start and end times). Default: <see langword="true"/>.
    /// </summary>
    public bool Reproducible { get; set; } = true;
}
