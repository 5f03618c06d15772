using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>What the engines leave behind for the digest, and what a misbehaving engine leaves instead.</summary>
public sealed class MetadataFileTests : IDisposable
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly string _folder = Directory.CreateTempSubdirectory("gitlab-docker-metadata-").FullName;

    [Fact]
    public void The_digest_is_read_from_buildx_metadata()
    {
        Assert.Equal(Digest, MetadataFile.ReadDigest(Write($"{{\"buildx.build.ref\":\"x\",\"containerimage.digest\":\"{Digest}\"}}")));
    }

    [Fact]
    public void The_digest_is_read_from_a_buildah_digest_file()
    {
        Assert.Equal(Digest, MetadataFile.ReadDigestFile(Write(Digest + "\n")));
    }

    [Theory]
    [InlineData("", "is not JSON")]
    [InlineData("{\"containerimage.digest\": ", "is not JSON")]
    [InlineData("[]", "has no 'containerimage.digest'")]
    [InlineData("{\"containerimage.digest\": 7}", "has no 'containerimage.digest'")]
    [InlineData("{}", "has no 'containerimage.digest'")]
    [InlineData("{\"containerimage.digest\": \"sha256:short\"}", "which is not a sha256 digest")]
    public void Malformed_metadata_is_a_cake_error_that_says_what_is_wrong(string content, string expected)
    {
        var error = Assert.Throws<CakeException>(() => MetadataFile.ReadDigest(Write(content)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_build_that_leaves_no_metadata_file_is_a_cake_error()
    {
        var error = Assert.Throws<CakeException>(() => MetadataFile.ReadDigest(Path.Combine(_folder, "absent.json")));

        Assert.Contains("wrote no metadata file", error.Message);
    }

    [Fact]
    public void A_push_that_leaves_no_digest_file_is_a_cake_error()
    {
        var error = Assert.Throws<CakeException>(() => MetadataFile.ReadDigestFile(Path.Combine(_folder, "absent")));

        Assert.Contains("wrote no digest file", error.Message);
    }

    private string Write(string content)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("n"));
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
