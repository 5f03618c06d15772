namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Native runners per platform end to end under gitlab-ci-local with Buildah (<see cref="NativePipeline"/>): a build job
/// per platform and a merge job with <c>needs:</c>, in a default-branch pipeline. The registry's <c>latest</c> holds one
/// index of exactly the two images.
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

        Assert.Equal(
            ["latest", NativePipeline.PlatformTag(project, NativePipeline.Amd64), NativePipeline.PlatformTag(project, NativePipeline.Arm64)],
            _registry.Tags(Image));
        Assert.Contains(NativePipeline.CacheRepository(NativePipeline.Amd64), _registry.Repositories());
        Assert.Contains(NativePipeline.CacheRepository(NativePipeline.Arm64), _registry.Repositories());
        Assert.DoesNotContain(RegistryServer.Password, log);
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }
}
