using System.IO.Compression;

namespace Cake.GitLabDocker.Tests;

/// <summary>What a test registry stored, for the secret scans: every file of its storage, a gzip'd blob decompressed.</summary>
internal static class RegistryContent
{
    /// <summary>
    /// Every file under the registry's storage (blobs, manifests, tag links, upload leftovers) as (name, content), with
    /// gzip'd content (image layers) decompressed so that a secret written into a layer is found as written.
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Files(RegistryServer registry)
    {
        var data = Path.Combine(registry.Folder, "data");
        return Directory.Exists(data)
            ? Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories)
                .Select(file => ($"registry {Path.GetRelativePath(data, file)}", Plain(File.ReadAllBytes(file))))
                .ToList()
            : [];
    }

    private static byte[] Plain(byte[] content)
    {
        if (content is not [0x1f, 0x8b, ..])
        {
            return content;
        }

        using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
