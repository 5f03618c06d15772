namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Native runners per platform when one platform's build fails: the merge job still runs and refuses, naming the platform,
/// and no release tag is written. End to end under gitlab-ci-local with Buildah (<see cref="NativePipeline"/>).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class NativeMergeFailureEndToEndTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = NativePipeline.Image;

    /// <summary>
    /// The image copies a program built for its platform (a cross-compile step before the image build, as projects with
    /// prebuilt binaries do); this commit has only the amd64 one, so Buildah's COPY fails for linux/arm64, in the build,
    /// before anything of that platform is pushed or reported. Buildah sets TARGETARCH from the job's --platform.
    /// </summary>
    private const string PerArchitectureDockerfile = "FROM scratch\nARG TARGETARCH\nCOPY dist/${TARGETARCH}/ /app/\n";

    /// <summary>
    /// GitLab runs a job with <c>when: always</c> even when a job it needs failed; without it the merge job would not run
    /// at all, and this test is about what the merge itself does with a missing platform.
    /// </summary>
    private const string MergeJob = "when: always";

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    [Fact]
    public void A_failed_arm64_job_fails_the_merge_naming_linux_arm64_and_no_release_tag_is_written()
    {
        using var project = NativePipeline.Project(addin, _registry, _storage, NativePipeline.Pipeline(MergeJob), new Dictionary<string, string>
        {
            ["Dockerfile"] = PerArchitectureDockerfile,
            ["dist/amd64/hello"] = "hello from amd64\n",
        });

        var (exitCode, log) = project.TryRun(NativePipeline.Tag);

        // The arm64 build fails at its COPY, so that job reports no digest, and GitLab (gitlab-ci-local likewise) passes on
        // no dotenv report of a failed job.
        var arm64 = NativePipeline.PlatformJob(NativePipeline.Arm64);
        var merge = NativePipeline.JobLog(log, "merge-image");
        Assert.True(exitCode != 0, "the pipeline should fail:\n" + log);
        Assert.Equal("PASS", NativePipeline.JobResult(log, NativePipeline.PlatformJob(NativePipeline.Amd64)));
        Assert.Equal("FAIL", NativePipeline.JobResult(log, arm64));
        Assert.Contains("\"/dist/arm64\": no such file or directory", NativePipeline.JobLog(log, arm64));
        Assert.False(File.Exists(Path.Combine(project.Folder, "gitlab-docker-linux-arm64.env")), log);
        Assert.Contains($"reports.dotenv produced by '{arm64}' could not be found", merge);

        // The merge job runs all the same, and fails naming the platform it has no image of.
        Assert.Equal("FAIL", NativePipeline.JobResult(log, "merge-image"));
        Assert.Contains("> Error: GitLabDockerMerge has no linux/arm64 image: GITLAB_DOCKER_DIGEST_LINUX_ARM64 is not set.", merge);
        Assert.DoesNotContain("no linux/amd64 image", merge);
        Assert.False(File.Exists(Path.Combine(project.Folder, "gitlab-docker.env")), log);

        // The amd64 job pushed its image to its internal tag (and reported it); nothing else is in the registry, not even an
        // index without a tag.
        var amd64Tag = NativePipeline.PlatformTag(project, NativePipeline.Amd64);
        var amd64 = NativePipeline.PlatformDigest(project, NativePipeline.Amd64);
        Assert.Equal([amd64Tag], _registry.Tags(Image));
        Assert.Equal(amd64, _registry.Digest(Image, amd64Tag));
        Assert.Equal([amd64], _registry.ManifestRevisions(Image));
        Assert.Equal([Image], _registry.Repositories());
        Assert.All(NativePipeline.ReleaseTags, tag => Assert.DoesNotContain(tag, _registry.Tags(Image)));
        Assert.DoesNotContain(RegistryServer.Password, log);
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }
}
