using System.Net;

namespace Cake.GitLabDocker;

/// <summary>An image reference split as the distribution API addresses it: host, repository path, tag or digest.</summary>
/// <param name="Host">The registry host[:port]; Docker Hub's API host for images without one.</param>
/// <param name="Path">The repository path, for example <c>group/app</c> (<c>library/NAME</c> on Docker Hub).</param>
/// <param name="Reference">The tag or digest.</param>
internal sealed record RegistryReference(string Host, string Path, string Reference)
{
    private const string DockerHub = "registry-1.docker.io";

    /// <summary>Gets the repository with its host, as the plan names it.</summary>
    public string Repository => $"{Host}/{Path}";

    /// <summary>Parses <c>[HOST/]PATH(:TAG|@DIGEST)</c>; the plan's refs are checked already.</summary>
    public static RegistryReference Parse(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var repository = at >= 0 ? reference[..at] : ImageName.RepositoryOf(reference);
        var tag = at >= 0 ? reference[(at + 1)..] : reference.Length > repository.Length ? reference[(repository.Length + 1)..] : "latest";
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? string.Empty : repository[..slash];
        return first.Contains('.') || first.Contains(':') || first.StartsWith('[') || first == "localhost"
            ? new RegistryReference(first, repository[(slash + 1)..], tag)
            : new RegistryReference(DockerHub, slash < 0 ? "library/" + repository : repository, tag);
    }

    /// <summary>The scheme: plain HTTP when TLS is not verified or the registry is on this machine (as BuildKit does).</summary>
    public string Scheme(bool tlsVerify) => !tlsVerify || IsLoopback ? "http" : "https";

    private bool IsLoopback
    {
        get
        {
            var name = RegistryHost.TryParse(Host)?.Host ?? Host;
            return name == "localhost" || (IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
        }
    }
}
