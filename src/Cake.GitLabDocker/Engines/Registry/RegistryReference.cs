using System.Net;

namespace Cake.GitLabDocker;

/// <summary>An image reference split as the distribution API addresses it: host, repository path, tag or digest.</summary>
/// <param name="Host">The registry host[:port]; Docker Hub's API host (<c>registry-1.docker.io</c>) for Docker Hub.</param>
/// <param name="Path">The repository path, for example <c>group/app</c> (<c>library/NAME</c> for Docker Hub's official images).</param>
/// <param name="Reference">The tag or digest.</param>
internal sealed record RegistryReference(string Host, string Path, string Reference)
{
    private const string DockerHub = "registry-1.docker.io";

    /// <summary>Gets the repository with its host, as the API addresses it.</summary>
    public string Repository => $"{Host}/{Path}";

    /// <summary>Gets whether the registry is on this machine (<c>localhost</c> or a loopback address), where plain HTTP is tried too.</summary>
    public bool IsLoopback
    {
        get
        {
            var name = RegistryHost.TryParse(Host)?.Host ?? Host;
            return name == "localhost" || (IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
        }
    }

    /// <summary>
    /// Parses <c>[HOST/]PATH(:TAG|@DIGEST)</c> the way Docker normalises names: no host, <c>docker.io</c> or
    /// <c>index.docker.io</c> is Docker Hub, whose API is <c>registry-1.docker.io</c> and whose one-part names are
    /// <c>library/NAME</c>. The plan's refs are checked already.
    /// </summary>
    public static RegistryReference Parse(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var repository = at >= 0 ? reference[..at] : ImageName.RepositoryOf(reference);
        var tag = at >= 0 ? reference[(at + 1)..] : reference.Length > repository.Length ? reference[(repository.Length + 1)..] : "latest";
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? string.Empty : repository[..slash];
        var hasHost = first.Contains('.') || first.Contains(':') || first.StartsWith('[') || first == "localhost";
        var (host, path) = hasHost ? (first, repository[(slash + 1)..]) : (DockerHub, repository);
        if (!hasHost || RegistryHost.Same(host, "docker.io"))
        {
            return new RegistryReference(DockerHub, path.Contains('/') ? path : "library/" + path, tag);
        }

        return new RegistryReference(host, path, tag);
    }
}
