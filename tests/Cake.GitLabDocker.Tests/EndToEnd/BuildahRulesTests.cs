using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The opt-in tag rules end to end: <c>examples/hello</c> with every rule on, run by <c>gitlab-ci-local</c> through
/// <c>dotnet cake</c> and Buildah into the real registry, checked through the registry's HTTP API.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class BuildahRulesTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;
    private const string Rules = "settings.WithSemVerTags().WithLatestOnRelease().WithBranchImages().WithMergeRequestImages().WithCommitTag().WithAnnotations();";

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    [Fact]
    public void Every_rule_pushes_its_tags_writes_only_its_own_cache_and_labels_the_image()
    {
        var baseImage = BaseImage.Push(_registry, _storage);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage, Rules);
        var sha = project.Commit;
        var commitTag = "sha-" + sha[..8];

        // Default branch: latest and the commit tag; the shared cache.
        var latest = PipelineLog.Digest(project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" }));
        Assert.Equal(["latest", commitTag], _registry.PublicTags(Image));
        Assert.Equal(["latest", commitTag, "staging-" + sha[..8]], _registry.Tags(Image));
        var sharedCache = _registry.Tags(Image + "/buildcache");
        Assert.NotEmpty(sharedCache);

        // Release: every SemVer tag, then latest, all one image; the commit tag keeps the commit's first image (the release's
        // labels make another digest); the cache is only read.
        var release = PipelineLog.Digest(project.Run(new Dictionary<string, string> { ["CI_COMMIT_TAG"] = "v2.1.0" }, "CI_COMMIT_BRANCH"));
        string[] releaseTags = ["v2.1.0", "2.1.0", "2.1", "2", "latest"];
        Assert.All(releaseTags, tag => Assert.Equal(release, _registry.Digest(Image, tag)));
        Assert.Equal(latest, _registry.Digest(Image, commitTag));
        Assert.NotEqual(latest, release);
        var labels = _registry.Labels(Image, "2.1.0");
        Assert.Equal("2.1.0", labels["org.opencontainers.image.version"]);
        Assert.Equal(sha, labels["org.opencontainers.image.revision"]);
        Assert.Equal("v2.1.0", labels["org.opencontainers.image.ref.name"]);
        Assert.Equal("https://gitlab.example.com/group/hello", labels["org.opencontainers.image.source"]);
        Assert.Equal(Command.Succeed("git", ["log", "-1", "--format=%cI"], project.Folder).Trim(), labels["org.opencontainers.image.created"]);
        using (var manifest = System.Text.Json.JsonDocument.Parse(_registry.Manifest(Image, "2.1.0")))
        {
            Assert.Equal("2.1.0", manifest.RootElement.GetProperty("annotations").GetProperty("org.opencontainers.image.version").GetString());
        }

        // A pre-release moves neither 2.1 nor latest.
        var candidate = PipelineLog.Digest(project.Run(new Dictionary<string, string> { ["CI_COMMIT_TAG"] = "v2.2.0-rc.1" }, "CI_COMMIT_BRANCH"));
        Assert.Equal(candidate, _registry.Digest(Image, "2.2.0-rc.1"));
        Assert.Equal(release, _registry.Digest(Image, "2.1"));
        Assert.Equal(release, _registry.Digest(Image, "latest"));

        // Feature branch: its slug tag and its own cache repository; the shared cache is untouched.
        var branch = PipelineLog.Digest(project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "feature/Login" }));
        Assert.Equal(branch, _registry.Digest(Image, "feature-login"));
        Assert.NotEmpty(_registry.Tags(Image + "/buildcache-feature-login"));
        Assert.Equal(sharedCache, _registry.Tags(Image + "/buildcache"));

        // Merge request: mr-IID, reads the branch's cache chain, writes no cache.
        var branchCache = _registry.Tags(Image + "/buildcache-feature-login");
        var log = project.Run(
            new Dictionary<string, string>
            {
                ["CI_PIPELINE_SOURCE"] = "merge_request_event",
                ["CI_MERGE_REQUEST_IID"] = "7",
                ["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"] = "feature/Login",
            },
            "CI_COMMIT_BRANCH");
        Assert.Equal(PipelineLog.Digest(log), _registry.Digest(Image, "mr-7"));
        Assert.Contains("buildcache-feature-login, then", log);
        Assert.Equal(branchCache, _registry.Tags(Image + "/buildcache-feature-login"));
        Assert.Equal(sharedCache, _registry.Tags(Image + "/buildcache"));

        string[] expected = ["2", "2.1", "2.1.0", "2.2.0-rc.1", "feature-login", "latest", "mr-7", commitTag, "v2.1.0", "v2.2.0-rc.1"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), _registry.PublicTags(Image).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["base/busybox", Image, Image + "/buildcache", Image + "/buildcache-feature-login"],
            _registry.Repositories());
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }
}
