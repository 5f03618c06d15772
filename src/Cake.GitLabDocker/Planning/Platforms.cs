using System.Text.RegularExpressions;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Checks <see cref="GitLabDockerBuildSettings.Platforms"/> (<c>os/arch[/variant]</c>, lowercase, no duplicates) and
/// <see cref="GitLabDockerBuildSettings.NativePlatform"/>. Pure.
/// </summary>
internal static partial class Platforms
{
    /// <summary>Returns the platforms to build: the native platform alone when one is set, else <see cref="GitLabDockerBuildSettings.Platforms"/>.</summary>
    public static IReadOnlyList<string> Resolve(GitLabDockerBuildSettings settings)
    {
        if (Native(settings) is { } native)
        {
            return [native];
        }

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

    /// <summary>Returns the checked native platform, or <see langword="null"/> when none is set.</summary>
    public static string? Native(GitLabDockerBuildSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.NativePlatform))
        {
            return null;
        }

        var native = settings.NativePlatform.Trim();
        if (!NativePattern().IsMatch(native))
        {
            throw new CakeException(
                $"GitLabDockerBuildSettings.NativePlatform '{ImageName.Printable(native)}' is not a platform: use os/arch[/variant] " +
                "in lowercase letters and digits, for example linux/amd64 or linux/arm64/v8.");
        }

        if (settings.Platforms.Count > 0)
        {
            throw new CakeException(
                $"GitLabDockerBuildSettings.NativePlatform ({native}) and GitLabDockerBuildSettings.Platforms " +
                $"({string.Join(", ", settings.Platforms.Select(ImageName.Printable))}) are both set: a native build makes one platform. " +
                "Set NativePlatform in each platform's job and list the Platforms only in the GitLabDockerMerge job.");
        }

        return native;
    }

    /// <summary>Returns a platform as a tag suffix: <c>linux/arm64/v8</c> → <c>linux-arm64-v8</c>.</summary>
    public static string TagSuffix(string platform) => platform.Replace('/', '-');

    [GeneratedRegex(@"\A[a-z0-9]+/[a-z0-9_]+(?:/[a-z0-9]+)?\z")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"\A[a-z0-9]+/[a-z0-9]+(?:/[a-z0-9]+)?\z")]
    private static partial Regex NativePattern();
}
