using System.Text.RegularExpressions;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// An image repository without a tag (<c>[host[:port]/]path</c>), checked against Docker's reference grammar as
/// distribution/reference v0.6 reads it: the host may be an IPv6 address in brackets, the path after the host is at
/// most 255 characters, and a bare 64-digit hex name is refused because Docker reads it as an image ID.
/// </summary>
internal sealed partial record ImageName(string Repository, string? Host)
{
    private const int MaxPathLength = 255;
    private const string DockerHubPrefix = "library/";

    /// <summary>
    /// Parses and lowercases a repository. The port's colon (and an IPv6 host's) is part of the host and never read as a tag.
    /// </summary>
    /// <param name="value">The repository, for example <c>registry.example.com:5050/group/app</c> or <c>[::1]:5000/app</c>.</param>
    /// <param name="source">Where the value came from, named in the error (a setting or a variable).</param>
    public static ImageName Parse(string value, string source)
    {
        var lowered = value.ToLowerInvariant();
        var slash = lowered.IndexOf('/', StringComparison.Ordinal);
        var host = slash > 0 && LooksLikeHost(lowered[..slash]) ? lowered[..slash] : null;
        var path = host is null ? lowered : lowered[(slash + 1)..];

        if (host is not null && RegistryHost.TryParse(host) is null)
        {
            throw Invalid(value, source,
                $"'{Printable(host)}' is not a valid registry host (a DNS name or IPv4 address, or an IPv6 address in brackets, " +
                "then an optional port of at most 65535: 'registry.example.com:5050', '[2001:db8::1]:5000')");
        }

        if (lowered.Contains('@'))
        {
            throw Invalid(value, source, "it carries a digest; give the repository only");
        }

        if (slash < 0 && lowered.StartsWith('['))
        {
            throw Invalid(value, source, "it is a registry host without a repository path; add one, as in '[::1]:5000/group/app'");
        }

        var components = path.Split('/');
        if (components[^1].Contains(':'))
        {
            throw Invalid(value, source, "it carries a tag; give the repository only (tags come from the pipeline)");
        }

        // Docker counts the path as it sends it: a one-component Docker Hub name goes out as 'library/NAME'.
        var remote = components.Length == 1 && host is null or "docker.io" or "index.docker.io" ? DockerHubPrefix + path : path;
        if (remote.Length > MaxPathLength)
        {
            throw Invalid(value, source,
                $"its path after the registry host ('{Printable(remote)}') is {remote.Length} characters, longer than {MaxPathLength}");
        }

        foreach (var component in components)
        {
            if (!PathComponentPattern().IsMatch(component))
            {
                throw Invalid(value, source,
                    $"the path component '{Printable(component)}' must be lowercase letters and digits separated by '.', '_', '__' or '-'");
            }
        }

        if (host is null && ImageIdPattern().IsMatch(path))
        {
            throw Invalid(value, source,
                "Docker reads a name of 64 hexadecimal characters as an image ID; put it under a group or a registry host, " +
                "as in 'group/NAME' or 'registry.example.com/NAME'");
        }

        return new ImageName(lowered, host);
    }

    /// <summary>
    /// Returns the repository of a full reference <c>REPOSITORY:TAG</c>: a tag's colon is the last one after the last
    /// '/', so a port's colon and an IPv6 host's colons are never read as a tag's.
    /// </summary>
    public static string RepositoryOf(string reference)
    {
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? reference[..colon] : reference;
    }

    /// <summary>Returns the full reference for a tag, for example <c>registry.example.com/group/app:latest</c>.</summary>
    public string WithTag(string tag) => $"{Repository}:{tag}";

    /// <inheritdoc />
    public override string ToString() => Repository;

    /// <summary>Makes a value safe to show in one line of an error message.</summary>
    internal static string Printable(string value)
    {
        var shown = value.Length > 80 ? value[..80] + "…" : value;
        return ControlCharacters().Replace(shown, m => $"\\u{(int)m.Value[0]:x4}");
    }

    private static bool LooksLikeHost(string component) =>
        component.Contains('.') || component.Contains(':') || component == "localhost";

    private static CakeException Invalid(string value, string source, string why) =>
        new($"{source} '{Printable(value)}' is not a valid image repository: {why}. " +
            $"Set GitLabDockerBuildSettings.Image to a repository such as 'registry.example.com/group/app'.");

    [GeneratedRegex(@"\A[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*\z")]
    private static partial Regex PathComponentPattern();

    [GeneratedRegex(@"\A[a-f0-9]{64}\z")]
    private static partial Regex ImageIdPattern();

    [GeneratedRegex(@"\p{C}")]
    private static partial Regex ControlCharacters();
}
