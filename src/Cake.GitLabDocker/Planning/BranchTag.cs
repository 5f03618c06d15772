using System.Text.RegularExpressions;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// The tag a branch gets under <see cref="GitLabDockerBuildSettings.BranchImages"/>, and the tag of its cache.
/// </summary>
internal static partial class BranchTag
{
    /// <summary>The prefix of every branch cache tag: <c>IMAGE:buildcache-SLUG</c>.</summary>
    public const string CachePrefix = "buildcache-";

    private const int SlugLength = 63;
    private const string Escape = "branch-";

    /// <summary>
    /// Returns the tag for a branch: its ref slug (<c>CI_COMMIT_REF_SLUG</c> when GitLab gives it for this branch,
    /// otherwise computed the same way). A slug GitLab cut at 63 characters ends in a hash of the full name instead, so
    /// two long branches never share a tag; a slug that would read as another tag of the image (<c>latest</c>, a cache,
    /// <c>sha-…</c>, <c>mr-…</c>, a bare number) is prefixed with <c>branch-</c>; a name with no letter or digit
    /// becomes <c>branch-HASH</c>.
    /// </summary>
    /// <param name="branch">The branch name.</param>
    /// <param name="slugVariable"><c>CI_COMMIT_REF_SLUG</c>, or <see langword="null"/> when it is not for this branch.</param>
    public static string For(string branch, string? slugVariable)
    {
        if (slugVariable is not null && !SlugPattern().IsMatch(slugVariable))
        {
            throw new CakeException(
                $"{GitLabVariables.CommitRefSlug} '{ImageName.Printable(slugVariable)}' is not a ref slug (up to 63 characters " +
                $"from [a-z0-9-], not starting or ending with '-'): unset it and the add-in computes the slug from the branch name.");
        }

        var slug = slugVariable ?? RefSlug.From(branch);
        if (slug.Length == 0)
        {
            return Escape + DockerTag.Hash(branch);
        }

        if (RefSlug.Lowercase(branch).Count() > SlugLength)
        {
            // The lowered name was longer than the slug: GitLab's cut would let two long branches share a tag.
            slug = $"{slug[..Math.Min(slug.Length, SlugLength - 9)].TrimEnd('-')}-{DockerTag.Hash(branch)}";
        }

        return IsReserved(slug) ? Escape + slug : slug;
    }

    /// <summary>Returns the cache tag of a branch tag: <c>buildcache-TAG</c>.</summary>
    public static string Cache(string branchTag) => CachePrefix + branchTag;

    private static bool IsReserved(string slug) =>
        BuildPlanner.IsKeptTag(slug)
        || slug.StartsWith("sha-", StringComparison.Ordinal)
        || slug.StartsWith("mr-", StringComparison.Ordinal)
        || slug.All(char.IsAsciiDigit);

    [GeneratedRegex(@"\A[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\z")]
    private static partial Regex SlugPattern();
}
