namespace Cake.GitLabDocker;

/// <summary>
/// The engine that builds and pushes the image.
/// </summary>
public enum GitLabDockerEngine
{
    /// <summary><c>docker buildx</c> (BuildKit), for example against a Docker-in-Docker service. The default.</summary>
    Buildx,

    /// <summary>Buildah, daemonless: runs in an unprivileged job container with no Docker service.</summary>
    Buildah,

    /// <summary>
    /// BuildKit's own client, <c>buildctl</c>: through <c>buildctl-daemonless.sh</c> in the rootless
    /// <c>moby/buildkit:rootless</c> image (no privileged container, no Docker service), or against a BuildKit daemon at
    /// <see cref="GitLabDockerBuildSettings.BuilderEndpoint"/> or <c>BUILDKIT_HOST</c>. Same registry cache as buildx.
    /// </summary>
    BuildKit,
}
