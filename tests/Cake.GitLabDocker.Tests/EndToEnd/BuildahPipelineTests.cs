using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// End to end with real parts only: <c>gitlab-ci-local</c> runs <c>examples/hello/.gitlab-ci.yml</c>, the job runs
/// the real <c>dotnet cake</c> with the packed add-in, Buildah builds, and a real distribution registry receives the
/// pushes. Asserted through the registry's HTTP API.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class BuildahPipelineTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;
    private const string Cache = GitLabCiLocal.Project + "/buildcache";

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    [Fact]
    public void Every_pipeline_kind_pushes_exactly_what_the_seed_pushes_and_only_the_default_branch_writes_the_cache()
    {
        var baseImage = BaseImage.Push(_registry, _storage);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage);

        // Default branch: IMAGE:latest and the cache repository.
        var log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" });
        var latest = PipelineLog.Digest(log);
        Assert.Equal(["latest"], _registry.PublicTags(Image));
        Assert.Equal(["latest", "staging-" + project.Commit[..8]], _registry.Tags(Image));
        Assert.Equal(latest, _registry.Digest(Image, "latest"));
        var cacheAfterDefaultBranch = _registry.Tags(Cache);
        Assert.NotEmpty(cacheAfterDefaultBranch);
        Assert.Equal(["base/busybox", Image, Cache], _registry.Repositories());
        AssertNoPassword(log);

        // Tag pipeline: IMAGE:v1.2.3 only; the cache is read, never written.
        log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_TAG"] = "v1.2.3" }, "CI_COMMIT_BRANCH");
        var release = PipelineLog.Digest(log);
        Assert.Equal(["latest", "v1.2.3"], _registry.PublicTags(Image));
        Assert.Equal(release, _registry.Digest(Image, "v1.2.3"));
        Assert.Equal(latest, _registry.Digest(Image, "latest"));
        Assert.Equal(cacheAfterDefaultBranch, _registry.Tags(Cache));
        AssertNoPassword(log);

        // Feature branch and merge request: validation builds, nothing pushed anywhere.
        log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "feature/login" });
        Assert.Contains("validation build only, nothing is pushed", log);
        Assert.Contains("Image digest: (not pushed)", log);
        log = project.Run(
            new Dictionary<string, string>
            {
                ["CI_PIPELINE_SOURCE"] = "merge_request_event",
                ["CI_MERGE_REQUEST_IID"] = "7",
                ["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"] = "feature/login",
            },
            "CI_COMMIT_BRANCH");
        Assert.Contains("Merge-request pipeline: validation build only", log);
        Assert.Equal(["latest", "v1.2.3"], _registry.PublicTags(Image));
        Assert.Equal(cacheAfterDefaultBranch, _registry.Tags(Cache));
        Assert.Equal(["base/busybox", Image, Cache], _registry.Repositories());
        AssertNoPassword(log);

        // A fresh job (local storage wiped) on the default branch reuses the remote cache for every step.
        _storage.Wipe();
        log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" });
        var steps = PipelineLog.Steps(log).Count(step => !step.Contains("FROM", StringComparison.Ordinal));
        var pulled = PipelineLog.CachePulled(log);
        Assert.True(steps > 0 && pulled == steps, $"{pulled} of {steps} steps came from the remote cache:\n{log}");
        Assert.Equal(latest, PipelineLog.Digest(log));
        Assert.Equal(latest, _registry.Digest(Image, "latest"));
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }

    private static void AssertNoPassword(string log)
    {
        Assert.DoesNotContain(RegistryServer.Password, log);
        Assert.DoesNotContain("w0rd", log);
    }
}
