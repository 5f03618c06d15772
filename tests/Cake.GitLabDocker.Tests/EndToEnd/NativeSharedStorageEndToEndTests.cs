namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Native platform jobs with Buildah on one shared storage (one runner for both platforms, no clean-up between jobs):
/// Buildah 1.28 keys its local layer cache without the platform, so the second platform's build reuses the first one's
/// image. The second build job itself fails, before its push, naming the shared storage. End to end under
/// gitlab-ci-local with the real Buildah (<see cref="NativePipeline"/>).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class NativeSharedStorageEndToEndTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = NativePipeline.Image;
    private const string EmptyStorage = "    - buildah rmi --all --force || true\n";

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    [Fact]
    public void The_second_platforms_build_job_fails_before_pushing_an_image_of_the_first_platform()
    {
        var pipeline = NativePipeline.Pipeline();
        Assert.Contains(EmptyStorage, pipeline);
        using var project = NativePipeline.Project(addin, _registry, _storage, pipeline.Replace(EmptyStorage, string.Empty, StringComparison.Ordinal));

        var (exitCode, log) = project.TryRun(NativePipeline.DefaultBranch);

        Assert.True(exitCode != 0, "the pipeline should fail:\n" + log);
        var results = new[] { NativePipeline.Amd64, NativePipeline.Arm64 }
            .ToDictionary(platform => platform, platform => NativePipeline.JobResult(log, NativePipeline.PlatformJob(platform)));
        var passed = Assert.Single(results, result => result.Value == "PASS").Key;
        var failed = Assert.Single(results, result => result.Value == "FAIL").Key;
        var failedLog = NativePipeline.JobLog(log, NativePipeline.PlatformJob(failed));
        Assert.Contains($"Error: The {failed} build made a {passed} image ({_registry.Address}/{Image}:{NativePipeline.PlatformTag(project, failed)}), " +
                        "so nothing was pushed.", failedLog);
        Assert.Contains("storage shared with another platform's job", failedLog);

        // Only the first platform's image is in the registry; the merge job did not run (a job it needs failed).
        Assert.Equal([NativePipeline.PlatformTag(project, passed)], _registry.Tags(Image));
        Assert.DoesNotContain("latest", _registry.Tags(Image));
        Assert.False(File.Exists(Path.Combine(project.Folder, "gitlab-docker.env")), log);
        Assert.DoesNotContain(RegistryServer.Password, log);
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }
}
