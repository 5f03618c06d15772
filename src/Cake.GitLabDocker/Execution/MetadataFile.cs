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

        var text = File.ReadAllText(path);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("containerimage.digest", out var digest)
                   && digest.ValueKind == JsonValueKind.String
                ? RequireDigest(digest.GetString()!, path)
                : throw new CakeException($"The build pushed but its metadata file '{path}' has no 'containerimage.digest', so the digest is unknown.");
        }
        catch (JsonException error)
        {
            throw new CakeException(
                $"The build pushed but its metadata file '{path}' is not JSON ({error.Message}), so the digest is unknown.");
        }
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
