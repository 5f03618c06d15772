using Cake.Core.IO;

namespace Cake.GitLabDocker;

// Settings: the buildx builder.
public sealed partial class GitLabDockerBuildSettings
{
    /// <summary>
    /// Gets or sets an existing buildx builder to use as is. Default: <c>BUILDX_BUILDER</c>; when neither is set, the
    /// add-in creates (once, then reuses) a <c>docker-container</c> builder named <c>gitlab-docker</c> on GitLab CI and
    /// uses the engine's current builder locally.
    /// </summary>
    public string? Builder { get; set; }

    /// <summary>
    /// Gets or sets a shared BuildKit daemon to build on, for example <c>tcp://buildkitd.ci.svc:1234</c> or
    /// <c>unix:///run/buildkit/buildkitd.sock</c>: the add-in creates (once, then reuses) a buildx builder named
    /// <c>gitlab-docker-remote</c> with the <c>remote</c> driver. Default: none.
    /// </summary>
    public string? BuilderEndpoint { get; set; }

    /// <summary>Gets or sets the CA certificate that signs the remote BuildKit daemon's certificate (<c>cacert</c>).</summary>
    public FilePath? BuilderCaCertificate { get; set; }

    /// <summary>Gets or sets the client certificate for the remote BuildKit daemon (<c>cert</c>).</summary>
    public FilePath? BuilderClientCertificate { get; set; }

    /// <summary>Gets or sets the client key for the remote BuildKit daemon (<c>key</c>). Its path is logged, never its content.</summary>
    public FilePath? BuilderClientKey { get; set; }

    /// <summary>
    /// Gets or sets a buildx driver for the managed builder, for example <c>kubernetes</c> (builder
    /// <c>gitlab-docker-kubernetes</c>). Default: <c>docker-container</c> (builder <c>gitlab-docker</c>), unless
    /// <see cref="BuilderEndpoint"/> is set.
    /// </summary>
    public string? BuilderDriver { get; set; }

    /// <summary>
    /// Gets driver options for the managed builder (<c>--driver-opt KEY=VALUE</c>), for example <c>namespace=ci</c>,
    /// <c>replicas=2</c> or <c>requests.memory=4Gi</c> for <c>kubernetes</c>.
    /// </summary>
    public IDictionary<string, string> BuilderDriverOptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
