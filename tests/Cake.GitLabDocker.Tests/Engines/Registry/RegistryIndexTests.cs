using System.Text.Json;

namespace Cake.GitLabDocker.Tests;

/// <summary>The registry client's manifest and config reads and its index write, against the real distribution registry (HTTPS, token scopes).</summary>
public sealed class RegistryIndexTests : IDisposable
{
    private const string Repository = "group/app";
    private readonly RegistryServer _registry = new();

    private RegistryClient Client() =>
        new(new RegistryCredentials(_registry.Address, _registry.UserName, _registry.Secret), tlsVerify: true, _registry.CertDirectory);

    [Fact]
    public void Reads_a_manifest_by_digest_and_its_config_with_the_platform()
    {
        var digest = RegistryImages.Push(_registry, Repository, null, architecture: "arm64", variant: "v8");
        using var client = Client();

        var manifest = client.Manifest($"{_registry.Address}/{Repository}@{digest}")!;
        var config = client.Blob($"{_registry.Address}/{Repository}", ManifestIndex.ConfigDigest(manifest.Content));

        Assert.Equal(digest, manifest.Digest);
        Assert.Equal(ManifestIndex.OciManifest, ManifestIndex.MediaTypeOf(manifest));
        Assert.Equal("linux/arm64/v8", ManifestIndex.PlatformOf(config));
        Assert.Null(client.Manifest($"{_registry.Address}/{Repository}@sha256:{new string('0', 64)}"));
    }

    [Theory]
    [InlineData(false, ManifestIndex.OciIndex)]
    [InlineData(true, ManifestIndex.DockerList)]
    public void Writes_an_index_whose_digest_is_the_sha256_of_the_bytes_put(bool docker, string mediaType)
    {
        var amd64 = RegistryImages.Push(_registry, Repository, null, docker: docker);
        var arm64 = RegistryImages.Push(_registry, Repository, null, architecture: "arm64", docker: docker);
        var type = docker ? ManifestIndex.DockerManifest : ManifestIndex.OciManifest;
        var (index, indexType) = ManifestIndex.Build([new("linux/amd64", amd64, type, 300), new("linux/arm64", arm64, type, 300)]);
        using var client = Client();

        var kept = client.Put($"{_registry.Address}/{Repository}:latest", index, indexType);

        Assert.Equal(mediaType, indexType);
        Assert.Equal(ManifestIndex.Digest(index), kept);
        Assert.Equal(kept, _registry.Digest(Repository, "latest"));
        using var json = JsonDocument.Parse(_registry.Manifest(Repository, "latest"));
        Assert.Equal([amd64, arm64], json.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()));
    }

    public void Dispose() => _registry.Dispose();
}
