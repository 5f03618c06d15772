using System.Text.Json;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Reads the digest an engine wrote: buildx's <c>--metadata-file</c> JSON or Buildah's <c>--digestfile</c>.
/// </summary>
internal static class MetadataFile
{
    /// <summary>Reads <c>containerimage.digest</c> from a buildx metadata file.</summary>
    public static string ReadDigest(string path)
    {
        if (!File.Exists(path))
        {
            throw new CakeException($"The build pushed but wrote no metadata file at '{path}', so the digest is unknown.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.TryGetProperty("containerimage.digest", out var digest) && digest.GetString() is { } value
            ? RequireDigest(value, path)
            : throw new CakeException($"The metadata file '{path}' has no 'containerimage.digest'.");
    }

    /// <summary>Reads a digest file written by <c>buildah push --digestfile</c>.</summary>
    public static string ReadDigestFile(string path) =>
        File.Exists(path)
            ? RequireDigest(File.ReadAllText(path).Trim(), path)
            : throw new CakeException($"The push wrote no digest file at '{path}'.");

    private static string RequireDigest(string value, string path) =>
        value.StartsWith("sha256:", StringComparison.Ordinal) && value.Length == 71
            ? value
            : throw new CakeException($"'{path}' holds '{ImageName.Printable(value)}', which is not a sha256 digest.");
}
