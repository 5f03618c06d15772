using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Cake.GitLabDocker.Tests;

/// <summary>Pushes a minimal image (a config blob and an OCI manifest without layers) straight through the registry API.</summary>
internal static class RegistryImages
{
    /// <summary>
    /// Pushes <c>repository:tag</c> (or, with a digest as <paramref name="tag"/> left <see langword="null"/>, by digest only)
    /// for one platform, as an OCI manifest or a Docker v2 one, and returns the manifest's digest.
    /// </summary>
    public static string Push(
        RegistryServer registry, string repository, string? tag, string note = "minimal", string architecture = "amd64",
        string? variant = null, bool docker = false, IReadOnlyDictionary<string, string>? labels = null)
    {
        var http = registry.Http;

        var variantField = variant is null ? "" : $"\"variant\":\"{variant}\",";
        var config = Encoding.UTF8.GetBytes($"{{\"architecture\":\"{architecture}\",{variantField}\"os\":\"linux\",\"config\":{{\"Labels\":{LabelsJson(note, labels)}}},\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[]}}}}");
        var configDigest = Digest(config);
        using (var start = http.PostAsync($"v2/{repository}/blobs/uploads/", null).GetAwaiter().GetResult())
        {
            start.EnsureSuccessStatusCode();
            var location = start.Headers.Location!.ToString();
            var upload = $"{location}{(location.Contains('?') ? '&' : '?')}digest={Uri.EscapeDataString(configDigest)}";
            using var put = http.PutAsync(upload, new ByteArrayContent(config)).GetAwaiter().GetResult();
            put.EnsureSuccessStatusCode();
        }

        var (manifestType, configType) = docker
            ? ("application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.container.image.v1+json")
            : ("application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.config.v1+json");
        var manifest = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{manifestType}\"," +
            $"\"config\":{{\"mediaType\":\"{configType}\",\"digest\":\"{configDigest}\",\"size\":{config.Length}}},\"layers\":[]}}");
        var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(manifestType);
        using var response = http.PutAsync($"v2/{repository}/manifests/{tag ?? Digest(manifest)}", content).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        return Digest(manifest);
    }

    private static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private static string LabelsJson(string note, IReadOnlyDictionary<string, string>? labels) =>
        System.Text.Json.JsonSerializer.Serialize(new SortedDictionary<string, string>(labels?.ToDictionary() ?? []) { ["note"] = note });
}
