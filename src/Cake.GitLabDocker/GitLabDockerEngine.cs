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
}
