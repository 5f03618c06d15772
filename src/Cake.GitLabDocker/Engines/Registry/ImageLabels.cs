using System.Text.Json;

namespace Cake.GitLabDocker;

/// <summary>Reads an image's labels from its config (for an index or manifest list, the first image's: every platform of one build has the same labels).</summary>
internal static class ImageLabels
{
    /// <summary>Reads the labels of <paramref name="reference"/>; empty when the image or its labels are missing.</summary>
    public static IReadOnlyDictionary<string, string> Read(IImageRegistry client, string reference)
    {
        var repository = RegistryReference.Parse(reference).Repository;
        var manifest = client.Manifest(reference);
        if (manifest is not null && ManifestIndex.MediaTypeOf(manifest) is ManifestIndex.OciIndex or ManifestIndex.DockerList)
        {
            manifest = FirstImage(manifest.Content) is { } first ? client.Manifest($"{repository}@{first}") : null;
        }

        return manifest is null ? new Dictionary<string, string>() : FromConfig(client.Blob(repository, ManifestIndex.ConfigDigest(manifest.Content)));
    }

    /// <summary>The labels in an image config (<c>config.Labels</c>).</summary>
    public static IReadOnlyDictionary<string, string> FromConfig(byte[] config)
    {
        using var document = JsonDocument.Parse(config);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("config", out var settings) && settings.ValueKind == JsonValueKind.Object
            && settings.TryGetProperty("Labels", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in values.EnumerateObject().Where(label => label.Value.ValueKind == JsonValueKind.String))
            {
                labels[label.Name] = label.Value.GetString()!;
            }
        }

        return labels;
    }

    /// <summary>The digest of the first image in an index that is not an attestation.</summary>
    private static string? FirstImage(byte[] index)
    {
        using var document = JsonDocument.Parse(index);
        if (!document.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return manifests.EnumerateArray()
            .Where(entry => !(entry.TryGetProperty("platform", out var platform) && platform.TryGetProperty("os", out var os) && os.GetString() == "unknown"))
            .Select(entry => entry.TryGetProperty("digest", out var digest) ? digest.GetString() : null)
            .FirstOrDefault(digest => digest is not null);
    }
}
