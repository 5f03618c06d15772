namespace Cake.GitLabDocker;

/// <summary>
/// Maps the plan's cache refs to Buildah cache repositories. buildx keeps a cache as one manifest under a tag
/// (<c>IMAGE:latest-buildcache</c>); Buildah keeps one content-addressed tag per cached layer in a repository of its
/// own, so each cache ref becomes a repository beside the image: <c>IMAGE:latest-buildcache</c> →
/// <c>IMAGE/buildcache</c>, <c>IMAGE:NAME</c> → <c>IMAGE/NAME</c> otherwise.
/// </summary>
internal static class BuildahCache
{
    private const string LatestPrefix = "latest-";

    /// <summary>Returns the cache repository for a cache ref. The tag is what follows the last ':' after the last '/'.</summary>
    public static string Repository(string cacheRef)
    {
        var slash = cacheRef.LastIndexOf('/');
        var colon = cacheRef.LastIndexOf(':');
        if (colon <= slash)
        {
            return cacheRef;
        }

        var tag = cacheRef[(colon + 1)..];
        var name = tag.StartsWith(LatestPrefix, StringComparison.Ordinal) ? tag[LatestPrefix.Length..] : tag;
        return $"{cacheRef[..colon]}/{name}";
    }
}
