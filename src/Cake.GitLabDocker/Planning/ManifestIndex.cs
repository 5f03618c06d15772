using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Reads platform manifests and writes the index that joins them, for <c>GitLabDockerMerge</c>: an OCI image index when the
/// manifests are OCI, a Docker manifest list when they are Docker v2. Pure: bytes in, bytes out.
/// </summary>
internal static class ManifestIndex
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>Returns the <c>sha256:…</c> digest of some bytes, as a registry computes it.</summary>
    public static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Returns the media type of a manifest: the registry's answer, else the manifest's own <c>mediaType</c>.</summary>
    public static string MediaTypeOf(RegistryManifest manifest)
    {
        if (manifest.MediaType is OciManifest or DockerManifest or OciIndex or DockerList)
        {
            return manifest.MediaType;
        }

        using var json = JsonDocument.Parse(manifest.Content);
        return json.RootElement.TryGetProperty("mediaType", out var type) ? type.GetString() ?? manifest.MediaType : manifest.MediaType;
    }

    /// <summary>Returns the digest of an image manifest's config blob.</summary>
    public static string ConfigDigest(byte[] manifest)
    {
        using var json = JsonDocument.Parse(manifest);
        return json.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
    }

    /// <summary>Returns the platform an image config says: <c>os/architecture[/variant]</c>.</summary>
    public static string PlatformOf(byte[] config)
    {
        using var json = JsonDocument.Parse(config);
        string? Read(string name) => json.RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
        var platform = $"{Read("os") ?? "?"}/{Read("architecture") ?? "?"}";
        return Read("variant") is { Length: > 0 } variant ? $"{platform}/{variant}" : platform;
    }

    /// <summary>Whether an image of platform <paramref name="actual"/> answers for <paramref name="expected"/>; see <see cref="PlatformMatch"/>.</summary>
    public static bool Matches(string expected, string actual) => PlatformMatch.Matches(expected, actual);

    /// <summary>Writes the index of the images, in the given order; an OCI index unless every manifest is Docker v2.</summary>
    public static (byte[] Content, string MediaType) Build(IReadOnlyList<PlatformImage> images)
    {
        if (images.Count == 0)
        {
            throw new CakeException("GitLabDockerMerge has no platform image to merge: list the platforms in GitLabDockerBuildSettings.Platforms.");
        }

        var mediaType = images.All(image => image.MediaType == DockerManifest) ? DockerList : OciIndex;
        var manifests = new JsonArray();
        foreach (var image in images)
        {
            var parts = image.Platform.Split('/');
            var platform = new JsonObject { ["architecture"] = parts[1], ["os"] = parts[0] };
            if (parts.Length > 2)
            {
                platform["variant"] = parts[2];
            }

            manifests.Add(new JsonObject
            {
                ["mediaType"] = image.MediaType,
                ["digest"] = image.Digest,
                ["size"] = image.Size,
                ["platform"] = platform,
            });
        }

        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = mediaType, ["manifests"] = manifests };
        return (Encoding.UTF8.GetBytes(index.ToJsonString()), mediaType);
    }
}

/// <summary>One platform's image in the registry, as the index lists it.</summary>
/// <param name="Platform">The platform its config says, <c>os/arch[/variant]</c>.</param>
/// <param name="Digest">The manifest's digest.</param>
/// <param name="MediaType">The manifest's media type.</param>
/// <param name="Size">The manifest's size in bytes.</param>
internal sealed record PlatformImage(string Platform, string Digest, string MediaType, long Size);
