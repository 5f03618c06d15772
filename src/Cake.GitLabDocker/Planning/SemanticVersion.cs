using System.Text.RegularExpressions;

namespace Cake.GitLabDocker;

/// <summary>
/// A Git tag read as SemVer 2.0 (<c>MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]</c>) with an optional <c>v</c> prefix.
/// </summary>
internal sealed partial record SemanticVersion(string Major, string Minor, string Patch, string? PreRelease, string? Build)
{
    /// <summary>Gets whether the version is a pre-release (<c>1.2.3-rc.1</c>).</summary>
    public bool IsPreRelease => PreRelease is not null;

    /// <summary>Gets <c>MAJOR.MINOR.PATCH[-PRERELEASE]</c>: the version without prefix or build metadata.</summary>
    public string Version => $"{Major}.{Minor}.{Patch}{(PreRelease is null ? string.Empty : "-" + PreRelease)}";

    /// <summary>Reads a tag as SemVer, or returns <see langword="null"/> when it is not SemVer 2.0.</summary>
    public static SemanticVersion? TryParse(string tag)
    {
        var match = Pattern().Match(tag);
        return match.Success
            ? new SemanticVersion(
                match.Groups["major"].Value,
                match.Groups["minor"].Value,
                match.Groups["patch"].Value,
                match.Groups["pre"].Success ? match.Groups["pre"].Value : null,
                match.Groups["build"].Success ? match.Groups["build"].Value : null)
            : null;
    }

    // The grammar of semver.org, with an optional leading 'v'.
    [GeneratedRegex(
        @"\Av?(?<major>0|[1-9][0-9]*)\.(?<minor>0|[1-9][0-9]*)\.(?<patch>0|[1-9][0-9]*)" +
        @"(?:-(?<pre>(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*))?" +
        @"(?:\+(?<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?\z")]
    private static partial Regex Pattern();
}
