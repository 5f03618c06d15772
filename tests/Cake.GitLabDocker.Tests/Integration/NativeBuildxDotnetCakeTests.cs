using System.Text.Json;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Native runners per platform with buildx, the default engine (<c>GITLAB_DOCKER_ENGINE</c> unset), through the packed
/// add-in under the real <c>dotnet cake</c>: a <c>linux/arm64</c> build job with the stand-in <c>docker</c>, which records
/// its arguments, pushes the image by digest as a real build would and writes its metadata file, and a merge job, which
/// needs no <c>docker</c> at all. Both against a real, GitLab-like distribution registry (<see cref="RegistryServer"/>).
/// </summary>
[Trait("Category", "Integration")]
public sealed class NativeBuildxDotnetCakeTests : IClassFixture<PackedAddin>, IDisposable
{
    private const string Script = """
        var target = Argument("target", "Image");

        Task("Image").Does(() =>
        {
            var result = GitLabDockerBuild(s => s.WithNativePlatform("linux/arm64"));
            Information("RESULT-DIGEST={0}", result.Digest);
        });

        Task("Merge").Does(() =>
        {
            var result = GitLabDockerMerge(s => s.WithPlatform("linux/amd64").WithPlatform("linux/arm64").WithSemVerTags());
            Information("RESULT-DIGEST={0}", result.Digest);
            Information("RESULT-TAGS={0}", string.Join(",", result.Tags));
        });

        RunTarget(target);
        """;

    private readonly RegistryServer _registry = new();
    private readonly CakeJob _job;

    public NativeBuildxDotnetCakeTests(PackedAddin addin) => _job = new(addin, Script, _registry);

    private string Image => _job.Image;

    private const string ImagePath = CakeJob.ImagePath;

    private string Dotenv => Path.Combine(_job.Folder, "gitlab-docker.env");

    [Fact]
    public void A_default_branch_job_builds_arm64_with_its_own_cache_and_pushes_it_by_digest_only()
    {
        var (exitCode, output) = _job.Run(Variables.DefaultBranch());

        Assert.True(exitCode == 0, output);
        var calls = _job.Calls;
        Assert.Equal(
            ["buildx inspect", "buildx inspect", "context inspect", "context create", "buildx create", "buildx build"],
            calls.Select(call => call.Arguments[0] == "buildx" || call.Arguments[0] == "context" ? string.Join(' ', call.Arguments[..2]) : call.Arguments[0]));
        var build = calls[5].Arguments;
        var metadata = build[Array.IndexOf(build, "--metadata-file") + 1];
        Assert.Equal(
        [
            "buildx", "build", "--builder", "gitlab-docker", "--platform", "linux/arm64", "--provenance=false", "--progress=plain",
            "--label", "org.opencontainers.image.ref.name=main", "--label", "org.opencontainers.image.version=latest",
            "--cache-from", $"type=registry,ref={Image}:latest-buildcache-linux-arm64",
            "--cache-to", $"type=registry,ref={Image}:latest-buildcache-linux-arm64,mode=max",
            "--metadata-file", metadata,
            "--output", $"type=image,name={Image},push-by-digest=true,name-canonical=true,push=true",
            _job.Folder,
        ], build);
        Assert.DoesNotContain("--tag", build);
        Assert.DoesNotContain("--push", build);

        // The image the build pushed is in the registry by digest only, for linux/arm64, and is the digest the job reports.
        var digest = Assert.Single(_registry.ManifestRevisions(ImagePath));
        Assert.Empty(_registry.Tags(ImagePath));
        using (var config = JsonDocument.Parse(_registry.Blobs(ImagePath, digest)[0]))
        {
            Assert.Equal("arm64", config.RootElement.GetProperty("architecture").GetString());
        }

        Assert.Equal("main", _registry.Labels(ImagePath, digest)["org.opencontainers.image.ref.name"]);
        Assert.Equal($"GITLAB_DOCKER_IMAGE={Image}@{digest}\nGITLAB_DOCKER_DIGEST_LINUX_ARM64={digest}\n", File.ReadAllText(Dotenv));
        Assert.Contains($"RESULT-DIGEST={digest}", output);
        Assert.Contains($"pushes the linux/arm64 image to {Image} by digest only (no tag)", output);
        Assert.DoesNotContain(_job.Password, output);
    }

    [Fact]
    public void A_branch_job_builds_arm64_from_its_cache_and_pushes_nothing()
    {
        var (exitCode, output) = _job.Run(Variables.Branch("feature/login"));

        Assert.True(exitCode == 0, output);
        var build = _job.Calls.Single(call => call.Arguments[..2] is ["buildx", "build"]).Arguments;
        Assert.Equal(["--platform", "linux/arm64"], build[(Array.IndexOf(build, "--platform"))..(Array.IndexOf(build, "--platform") + 2)]);
        Assert.Equal(["--cache-from", $"type=registry,ref={Image}:latest-buildcache-linux-arm64"],
            build[(Array.IndexOf(build, "--cache-from"))..(Array.IndexOf(build, "--cache-from") + 2)]);
        Assert.DoesNotContain("--cache-to", build);
        Assert.DoesNotContain("--output", build);
        Assert.DoesNotContain("--push", build);
        Assert.DoesNotContain("--tag", build);
        Assert.DoesNotContain("--metadata-file", build);
        Assert.False(File.Exists(Dotenv), "a build that pushed nothing wrote a dotenv report");
        Assert.Contains("RESULT-DIGEST=[NULL]", output);
        Assert.Empty(_registry.ManifestRevisions(ImagePath));
    }

    [Fact]
    public void A_merge_job_writes_one_index_of_both_digests_under_every_tag_through_the_registry_api_without_docker()
    {
        const string repository = ImagePath;
        var amd64 = RegistryImages.Push(_registry, repository, null);
        var arm64 = RegistryImages.Push(_registry, repository, null, architecture: "arm64");
        var variables = Variables.With(Variables.Tag("v1.2.3"),
            ("CI_REGISTRY", _registry.Address),
            ("CI_REGISTRY_IMAGE", $"{_registry.Address}/{repository}"),
            ("CI_REGISTRY_USER", _registry.UserName),
            ("CI_REGISTRY_PASSWORD", _registry.Secret),
            ("GITLAB_DOCKER_DIGEST_LINUX_AMD64", amd64),
            ("GITLAB_DOCKER_DIGEST_LINUX_ARM64", arm64),

            // The job image's CA bundle: the add-in's own registry client reads it as .NET does.
            ("SSL_CERT_FILE", TestCertificates.CaFile));

        var (exitCode, output) = _job.Run(variables, arguments: ["--target=Merge"]);

        Assert.True(exitCode == 0, output);
        Assert.Empty(_job.Calls);
        var tags = _registry.Tags(repository);
        Assert.Equal(["1", "1.2", "1.2.3", "v1.2.3"], tags);
        var index = _registry.Digest(repository, "v1.2.3");
        Assert.All(tags, tag => Assert.Equal(index, _registry.Digest(repository, tag)));
        using var manifest = JsonDocument.Parse(_registry.Manifest(repository, "v1.2.3"));
        Assert.Equal(["linux/amd64", "linux/arm64"], manifest.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => $"{m.GetProperty("platform").GetProperty("os").GetString()}/{m.GetProperty("platform").GetProperty("architecture").GetString()}"));
        Assert.Equal([amd64, arm64], manifest.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()));
        Assert.Contains($"RESULT-DIGEST={index}", output);
        Assert.Contains($"GITLAB_DOCKER_DIGEST={index}\n", File.ReadAllText(Dotenv));
        Assert.DoesNotContain(_registry.Secret, output);
    }

    public void Dispose()
    {
        _job.Dispose();
        _registry.Dispose();
    }
}
