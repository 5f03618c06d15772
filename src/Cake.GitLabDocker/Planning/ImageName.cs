using System.Text.RegularExpressions;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// An image repository without a tag (<c>[host[:port]/]path</c>), checked against Docker's reference grammar.
/// </summary>
internal sealed partial record ImageName(string Repository, string? Host)
{
    private const int MaxLength = 255;

    /// <summary>
    /// Parses and lowercases a repository. The port's colon is part of the host and never read as a tag.
    /// </summary>
    /// <param name="value">The repository, for example <c>registry.example.com:5050/group/app</c>.</param>
    /// <param name="source">Where the value came from, named in the error (a setting or a variable).</param>
    public static ImageName Parse(string value, string source)
    {
        if (value.Length > MaxLength)
        {
            throw Invalid(value, source, $"it is longer than {MaxLength} characters");
        }

        var lowered = value.ToLowerInvariant();
        var parts = lowered.Split('/');
        var host = parts.Length > 1 && LooksLikeHost(parts[0]) ? parts[0] : null;
        var path = host is null ? parts : parts[1..];

        if (host is not null && !HostPattern().IsMatch(host))
        {
            throw Invalid(value, source, $"'{host}' is not a valid registry host");
        }

        if (lowered.Contains('@'))
        {
            throw Invalid(value, source, "it carries a digest; give the repository only");
        }

        if (path.Length > 0 && path[^1].Contains(':'))
        {
            throw Invalid(value, source, "it carries a tag; give the repository only (tags come from the pipeline)");
        }

        foreach (var component in path)
        {
            if (!PathComponentPattern().IsMatch(component))
            {
                throw Invalid(value, source,
                    $"the path component '{Printable(component)}' must be lowercase letters and digits separated by '.', '_', '__' or '-'");
            }
        }

        return new ImageName(lowered, host);
    }

    /// <summary>Returns the repository of a full reference <c>REPOSITORY:TAG</c> (a port's colon is not a tag's).</summary>
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

    [GeneratedRegex(@"\A(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?))*(?::[0-9]{1,5})?\z")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"\p{C}")]
    private static partial Regex ControlCharacters();
}
