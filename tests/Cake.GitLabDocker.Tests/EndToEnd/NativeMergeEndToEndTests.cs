namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Native runners per platform end to end under gitlab-ci-local with Buildah (<see cref="NativePipeline"/>): a build job
/// per platform and a merge job with <c>needs:</c>, in each kind of pipeline that succeeds. Asserted through the registry's
/// HTTP API: what the registry holds is exactly one index per pipeline tag of the two images the platform jobs reported.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class NativeMergeEndToEndTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = NativePipeline.Image;

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    [Fact]
    public void Two_native_jobs_and_a_merge_leave_one_index_of_both_platforms_under_latest()
    {
        using var project = NativePipeline.Project(addin, _registry, _storage);

        var log = project.Run(NativePipeline.DefaultBranch);

        var amd64 = NativePipeline.PlatformDigest(project, NativePipeline.Amd64);
        var arm64 = NativePipeline.PlatformDigest(project, NativePipeline.Arm64);
        Assert.Equal([(amd64, "linux/amd64"), (arm64, "linux/arm64")], NativePipeline.IndexEntries(_registry, "latest"));
        Assert.Equal(_registry.Digest(Image, "latest"), NativePipeline.Dotenv(project, "gitlab-docker.env", "GITLAB_DOCKER_DIGEST"));
        // Buildah pushes OCI image manifests, so the merge writes an OCI image index (not a Docker manifest list).
        using (var index = System.Text.Json.JsonDocument.Parse(_registry.Manifest(Image, "latest")))
        {
            Assert.Equal("application/vnd.oci.image.index.v1+json", index.RootElement.GetProperty("mediaType").GetString());
        }


        Assert.Equal(
            ["latest", NativePipeline.PlatformTag(project, NativePipeline.Amd64), NativePipeline.PlatformTag(project, NativePipeline.Arm64)],
            _registry.Tags(Image));
        Assert.Contains(NativePipeline.CacheRepository(NativePipeline.Amd64), _registry.Repositories());
        Assert.Contains(NativePipeline.CacheRepository(NativePipeline.Arm64), _registry.Repositories());
        Assert.DoesNotContain(RegistryServer.Password, log);
    }

    [Fact]
    public void A_tag_pipeline_writes_one_index_under_every_release_tag_and_no_cache()
    {
        using var project = NativePipeline.Project(addin, _registry, _storage);

        var log = project.Run(NativePipeline.Tag);

        // One index, the same under every release tag, of exactly the two images the platform jobs reported.
        var amd64 = NativePipeline.PlatformDigest(project, NativePipeline.Amd64);
        var arm64 = NativePipeline.PlatformDigest(project, NativePipeline.Arm64);
        var index = NativePipeline.Dotenv(project, "gitlab-docker.env", "GITLAB_DOCKER_DIGEST");
        foreach (var tag in NativePipeline.ReleaseTags)
        {
            Assert.Equal(index, _registry.Digest(Image, tag));
            Assert.Equal([(amd64, "linux/amd64"), (arm64, "linux/arm64")], NativePipeline.IndexEntries(_registry, tag));
        }

        // The platform images are only under Buildah's internal tags: no public per-platform tag.
        var amd64Tag = NativePipeline.PlatformTag(project, NativePipeline.Amd64);
        var arm64Tag = NativePipeline.PlatformTag(project, NativePipeline.Arm64);
        Assert.Equal(NativePipeline.ReleaseTags.Append(amd64Tag).Append(arm64Tag).Order(StringComparer.Ordinal), _registry.Tags(Image));
        Assert.Equal(amd64, _registry.Digest(Image, amd64Tag));
        Assert.Equal(arm64, _registry.Digest(Image, arm64Tag));

        // A tag pipeline reads its platform's default-branch cache (none yet on this registry) and writes none.
        foreach (var platform in new[] { NativePipeline.Amd64, NativePipeline.Arm64 })
        {
            Assert.Contains($"Reads the cache {_registry.Address}/{NativePipeline.CacheRepository(platform)}; writes no cache.", log);
        }

        Assert.Equal([Image], _registry.Repositories());
        Assert.DoesNotContain(RegistryServer.Password, log);
    }

    [Fact]
    public void A_merge_request_pipeline_reads_the_platform_caches_and_pushes_nothing()
    {
        using var project = NativePipeline.Project(addin, _registry, _storage);
        project.Run(NativePipeline.DefaultBranch);
        var before = NativePipeline.Contents(_registry);
        Assert.Contains($"{Image}@{NativePipeline.PlatformDigest(project, NativePipeline.Amd64)}", before.Keys);
        Assert.Contains($"{Image}@{_registry.Digest(Image, "latest")}", before.Keys);
        foreach (var platform in new[] { NativePipeline.Amd64, NativePipeline.Arm64 })
        {
            Assert.NotEmpty(_registry.Tags(NativePipeline.CacheRepository(platform)));
        }

        var log = project.Run(NativePipeline.MergeRequest);

        // Each platform job builds from its own platform's cache (its local storage emptied first) and pushes nothing.
        foreach (var (platform, other) in new[] { (NativePipeline.Amd64, NativePipeline.Arm64), (NativePipeline.Arm64, NativePipeline.Amd64) })
        {
            var job = NativePipeline.JobLog(log, NativePipeline.PlatformJob(platform));
            var cache = $"{_registry.Address}/{NativePipeline.CacheRepository(platform)}";
            Assert.Contains("> Merge-request pipeline: validation build only, nothing is pushed", job);
            Assert.Contains($"> Reads the cache {cache}; writes no cache.", job);
            Assert.Contains($"> --> Cache pulled from remote {cache}:", job);
            Assert.DoesNotContain($"Cache pulled from remote {_registry.Address}/{NativePipeline.CacheRepository(other)}:", job);
            Assert.Contains("> Platform image digest: (not pushed)", job);
        }

        var merge = NativePipeline.JobLog(log, "merge-image");
        Assert.Contains("pipeline pushes nothing, so there is nothing to merge.", merge);
        Assert.Contains("> Index digest: (none)", merge);

        // Not a tag, manifest or cache entry more or moved in the registry.
        Assert.Equal(before, NativePipeline.Contents(_registry));
        Assert.DoesNotContain(RegistryServer.Password, log);
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }
}
