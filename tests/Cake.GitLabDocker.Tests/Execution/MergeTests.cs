using System.Text.Json;
using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>GitLabDockerMerge through the runner against the real distribution registry (HTTPS from a test CA given as CertDirectory, token scopes): one index under every tag, or nothing.</summary>
public sealed class MergeTests : IDisposable
{
    private const string Repository = "group/app";
    private readonly RegistryServer _registry = new();
    private readonly string _work = Directory.CreateTempSubdirectory("gitlab-docker-merge-").FullName;
    private readonly RecordingLog _log = new();
    private readonly RecordingProcess _process = new();

    private Dictionary<string, string?> Pipeline(params (string Name, string? Value)[] digests) => Variables.With(
        Variables.With(Variables.Tag("v1.2.3"),
            ("CI_REGISTRY", _registry.Address),
            ("CI_REGISTRY_IMAGE", $"{_registry.Address}/{Repository}"),
            ("CI_REGISTRY_USER", _registry.UserName),
            ("CI_REGISTRY_PASSWORD", _registry.Secret),
            ("CI_COMMIT_SHORT_SHA", "a1b2c3d4")),
        digests);

    private GitLabDockerRunner Runner(Dictionary<string, string?> variables) => new(
        _log, variables.Reader(), path => path.IsRelative ? _work + "/" + path.FullPath.TrimStart('.', '/') : path.FullPath, (_, _) => _process);

    private GitLabDockerBuildSettings Settings() =>
        new GitLabDockerBuildSettings().WithCertDirectory(_registry.CertDirectory).WithPlatform("linux/amd64").WithPlatform("linux/arm64").WithSemVerTags().WithLatestOnRelease();

    [Fact]
    public void Writes_one_index_of_exactly_the_platform_digests_under_every_tag_and_reports_its_digest()
    {
        var amd64 = RegistryImages.Push(_registry, Repository, null);
        var arm64 = RegistryImages.Push(_registry, Repository, null, architecture: "arm64");

        var result = Runner(Pipeline(("GITLAB_DOCKER_DIGEST_LINUX_AMD64", amd64), ("GITLAB_DOCKER_DIGEST_LINUX_ARM64", arm64)))
            .Merge(Settings());

        Assert.Equal(["1", "1.2", "1.2.3", "latest", "v1.2.3"], _registry.Tags(Repository));
        Assert.EndsWith(":latest", result.Tags[^1]);
        Assert.All(_registry.Tags(Repository), tag => Assert.Equal(result.Digest, _registry.Digest(Repository, tag)));
        using var index = JsonDocument.Parse(_registry.Manifest(Repository, "latest"));
        Assert.Equal(ManifestIndex.OciIndex, index.RootElement.GetProperty("mediaType").GetString());
        Assert.Equal([amd64, arm64], index.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()));
        Assert.Equal(["linux/amd64", "linux/arm64"], index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => $"{m.GetProperty("platform").GetProperty("os").GetString()}/{m.GetProperty("platform").GetProperty("architecture").GetString()}"));
        Assert.Contains($"GITLAB_DOCKER_DIGEST={result.Digest}\n", File.ReadAllText(Path.Combine(_work, "gitlab-docker.env")));
        Assert.Empty(_process.Commands);
        Assert.DoesNotContain(_registry.Secret, _log.Text);
        Assert.Empty(result.Plan.CacheFrom);
        Assert.Null(result.Plan.CacheTo);
        Assert.Contains(_log.Lines, line => line.Contains("Merges the images of linux/amd64, linux/arm64 into one index."));
        Assert.Contains(_log.Lines, line => line.Contains("(the registry API)"));
    }

    [Fact]
    public void Docker_v2_images_are_joined_in_a_docker_manifest_list()
    {
        var amd64 = RegistryImages.Push(_registry, Repository, null, docker: true);
        var arm64 = RegistryImages.Push(_registry, Repository, null, architecture: "arm64", docker: true);

        Runner(Pipeline(("GITLAB_DOCKER_DIGEST_LINUX_AMD64", amd64), ("GITLAB_DOCKER_DIGEST_LINUX_ARM64", arm64))).Merge(Settings());

        using var index = JsonDocument.Parse(_registry.Manifest(Repository, "latest"));
        Assert.Equal(ManifestIndex.DockerList, index.RootElement.GetProperty("mediaType").GetString());
    }

    [Fact]
    public void A_missing_digest_variable_fails_naming_the_platform_and_the_variable_with_nothing_pushed()
    {
        var amd64 = RegistryImages.Push(_registry, Repository, null);

        var error = Assert.Throws<CakeException>(() => Runner(Pipeline(("GITLAB_DOCKER_DIGEST_LINUX_AMD64", amd64))).Merge(Settings()));

        Assert.Contains("linux/arm64", error.Message);
        Assert.Contains("GITLAB_DOCKER_DIGEST_LINUX_ARM64", error.Message);
        Assert.Contains("Did the linux/arm64 build job fail?", error.Message);
        Assert.Empty(_registry.Tags(Repository));
    }

    [Fact]
    public void A_digest_of_another_platform_fails_naming_the_platform_with_nothing_pushed()
    {
        var amd64 = RegistryImages.Push(_registry, Repository, null);
        var other = RegistryImages.Push(_registry, Repository, null, note: "also amd64");

        var error = Assert.Throws<CakeException>(() =>
            Runner(Pipeline(("GITLAB_DOCKER_DIGEST_LINUX_AMD64", amd64), ("GITLAB_DOCKER_DIGEST_LINUX_ARM64", other))).Merge(Settings()));

        Assert.Contains("linux/arm64", error.Message);
        Assert.Contains("GITLAB_DOCKER_DIGEST_LINUX_ARM64", error.Message);
        Assert.Contains("linux/amd64 image", error.Message);
        Assert.Empty(_registry.Tags(Repository));
    }

    [Fact]
    public void A_digest_the_registry_does_not_have_fails_naming_the_platform_with_nothing_pushed()
    {
        var amd64 = RegistryImages.Push(_registry, Repository, null);

        var error = Assert.Throws<CakeException>(() => Runner(Pipeline(
            ("GITLAB_DOCKER_DIGEST_LINUX_AMD64", amd64),
            ("GITLAB_DOCKER_DIGEST_LINUX_ARM64", "sha256:" + new string('1', 64)))).Merge(Settings()));

        Assert.Contains("linux/arm64", error.Message);
        Assert.Contains("not in the registry", error.Message);
        Assert.Empty(_registry.Tags(Repository));
    }

    [Fact]
    public void A_dry_run_says_what_it_would_write_and_contacts_nothing()
    {
        var digest = "sha256:" + new string('2', 64);

        var result = Runner(Variables.With(
                Pipeline(("GITLAB_DOCKER_DIGEST_LINUX_AMD64", digest), ("GITLAB_DOCKER_DIGEST_LINUX_ARM64", digest)),
                ("CI_REGISTRY", "127.0.0.1:9"), ("CI_REGISTRY_IMAGE", $"127.0.0.1:9/{Repository}")))
            .Merge(Settings().WithDryRun());

        Assert.Null(result.Digest);
        Assert.Contains(_log.Lines, line => line.StartsWith("Dry run: would check") && line.Contains("127.0.0.1:9/group/app:v1.2.3"));
    }

    [Fact]
    public void A_pipeline_that_pushes_nothing_merges_nothing()
    {
        var result = Runner(Variables.With(Pipeline(), ("CI_COMMIT_TAG", null), ("CI_COMMIT_BRANCH", "feature/x"), ("CI_COMMIT_REF_NAME", "feature/x")))
            .Merge(Settings());

        Assert.Null(result.Digest);
        // One line, in words: no notes of a login or a merge that does not happen.
        Assert.Equal(["This branch pipeline pushes nothing, so there is nothing to merge."], _log.Lines);
    }

    [Fact]
    public void Refuses_a_native_platform_or_no_platforms_by_name()
    {
        Assert.Contains("NativePlatform", Assert.Throws<CakeException>(() =>
            Runner(Pipeline()).Merge(new GitLabDockerBuildSettings().WithNativePlatform("linux/arm64"))).Message);
        Assert.Contains("Platforms", Assert.Throws<CakeException>(() => Runner(Pipeline()).Merge(new GitLabDockerBuildSettings())).Message);
    }

    public void Dispose()
    {
        _registry.Dispose();
        Directory.Delete(_work, recursive: true);
    }
}
