using System.Text.RegularExpressions;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>Checks <see cref="GitLabDockerBuildSettings.Platforms"/>: <c>os/arch[/variant]</c>, lowercase, no duplicates. Pure.</summary>
internal static partial class Platforms
{
    public static IReadOnlyList<string> Resolve(GitLabDockerBuildSettings settings)
    {
        var platforms = settings.Platforms.Select(p => p.Trim()).ToList();
        foreach (var platform in platforms)
        {
            if (!Pattern().IsMatch(platform))
            {
                throw new CakeException(
                    $"GitLabDockerBuildSettings.Platforms entry '{ImageName.Printable(platform)}' is not a platform: use os/arch[/variant], " +
                    "for example linux/amd64 or linux/arm64/v8.");
            }
        }

        return platforms.Distinct(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"\A[a-z0-9]+/[a-z0-9_]+(?:/[a-z0-9]+)?\z")]
    private static partial Regex Pattern();
}
