using Cake.Core.IO;

namespace Cake.GitLabDocker;

// Settings: the engine and how it talks to the registry.
public sealed partial class GitLabDockerBuildSettings
{
    /// <summary>Gets or sets the engine. Default: <c>GITLAB_DOCKER_ENGINE</c> (<c>buildx</c>, <c>buildkit</c> or <c>buildah</c>), else <see cref="GitLabDockerEngine.Buildx"/>.</summary>
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

    /// <summary>
    /// Gets or sets Buildah's storage driver (<c>overlay</c> or <c>vfs</c>). Default: <c>STORAGE_DRIVER</c>, else <c>overlay</c>
    /// where Buildah opens it with the kernel's overlay (a shell runner, a volume for the storage, rootless in a user
    /// namespace), else <c>vfs</c>, which works in any unprivileged container but copies every layer. fuse-overlayfs is
    /// used only when named here or in <c>STORAGE_DRIVER</c> (<c>overlay</c>). The job log says which and why.
    /// </summary>
    public string? StorageDriver { get; set; }

    /// <summary>Gets or sets Buildah's isolation. Default: <c>BUILDAH_ISOLATION</c>, else <c>chroot</c> (works in an unprivileged container).</summary>
    public string? Isolation { get; set; }

    /// <summary>Gets or sets how many times Buildah retries a failed pull or push (<c>--retry</c>). Default: Buildah's own (3).</summary>
    public int? BuildahRetry { get; set; }

    /// <summary>Gets or sets Buildah's own <c>--retry</c>. Renamed to <see cref="BuildahRetry"/> (the add-in's own retries are <see cref="PushRetries"/>).</summary>
    [Obsolete("Use BuildahRetry: this is Buildah's own --retry; the add-in's retries of pushes are PushRetries.")]
    public int? Retry
    {
        get => BuildahRetry;
        set => BuildahRetry = value;
    }

    /// <summary>
    /// Gets or sets how many times a failed push (Buildah) or promotion copy is retried, waiting 1 s, 2 s, 4 s…
    /// between attempts. Default: 3. buildx pushes inside BuildKit during the build; the add-in does not retry that push.
    /// </summary>
    public int PushRetries { get; set; } = RetryPolicy.DefaultRetries;

    /// <summary>
    /// Gets or sets whether the engine writes its debug output (buildah <c>--log-level debug</c>, docker <c>--debug</c>)
    /// for the build. Secrets stay out of it: they reach the engine on standard input or through the environment.
    /// Default: <see langword="false"/>.
    /// </summary>
    public bool EngineDebug { get; set; }

    /// <summary>
    /// Gets or sets whether buildx writes the registry cache as an OCI image manifest (<c>image-manifest=true,oci-mediatypes=true</c>),
    /// for registries that refuse BuildKit's cache index (for example Amazon ECR). Default: <see langword="false"/>.
    /// </summary>
    public bool CacheImageManifest { get; set; }

    /// <summary>
    /// Gets or sets whether a failed cache export only warns (buildx <c>ignore-error=true</c>) instead of failing a
    /// build whose image was pushed. Default: <see langword="false"/>.
    /// </summary>
    public bool CacheIgnoreError { get; set; }

    /// <summary>
    /// Gets or sets whether the engine also gets GitLab's Dependency Proxy credentials when <c>CI_DEPENDENCY_PROXY_SERVER</c>,
    /// <c>CI_DEPENDENCY_PROXY_USER</c> and <c>CI_DEPENDENCY_PROXY_PASSWORD</c> are set (in the call's private credentials
    /// file, for the server's host both with and without <c>:443</c>), so <c>FROM ${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/…</c>
    /// and <c>FROM ${CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX}/…</c> base images pull without Docker Hub's limits.
    /// Default: <see langword="true"/>.
    /// </summary>
    public bool DependencyProxyLogin { get; set; } = true;

    /// <summary>
    /// Has no effect; kept so scripts that set it still compile. The build aliases no longer log in to the user's Docker
    /// config or Buildah auth file: every call gives the engine a private credentials file of its own, deleted when the
    /// call ends (failed or cancelled), so there is no login to keep or to log out, and jobs that share a Docker config
    /// cannot log each other out. For a login that stays after the call (for later steps of your own), call
    /// <c>GitLabDockerLogin()</c>, which logs in to the engine's own credentials store on purpose.
    /// </summary>
    [Obsolete("Has no effect: each call keeps the job's credentials in a private file of its own. Call GitLabDockerLogin() for a login that stays.")]
    public bool KeepLogin { get; set; }
}
