using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Native runners per platform on the real BuildKit daemon (<c>BUILDKIT_HOST</c>), under <c>gitlab-ci-local</c> with the
/// packed add-in: a <c>parallel: matrix</c> build job per platform, one platform by buildx (a builder the add-in creates on
/// the daemon with the remote driver) and the other by the BuildKit engine (<c>buildctl</c>), each pushing by digest to a
/// real registry with htpasswd; then the merge job. A COPY-only <c>FROM scratch</c> Dockerfile, which BuildKit builds for
/// linux/arm64 on this amd64 daemon without QEMU. Run both ways round, so each engine builds the foreign platform once.
/// </summary>
[Trait("Category", "RealEngines")]
public sealed class RealEngineNativeMergeTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Repository = GitLabCiLocal.Project;

    private const string Script = """

        var target = Argument("target", "Image");

        Task("Image").Does(() =>
        {
            var platform = EnvironmentVariable("PLATFORM");
            var result = GitLabDockerBuild(s => s
                .WithNativePlatform(platform)
                .WithBuilderEndpoint(EnvironmentVariable("BUILDKIT_HOST"))
                .WithDotenvFile($"gitlab-docker-{platform.Replace('/', '-')}.env"));
            Information("Platform image digest: {0}", result.Digest ?? "(not pushed)");
        });

        Task("Merge").Does(() =>
        {
            var result = GitLabDockerMerge(s => s.WithPlatform("linux/amd64").WithPlatform("linux/arm64").WithCommitTag());
            Information("Index digest: {0}", result.Digest ?? "(none)");
        });

        RunTarget(target);
        """;

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();
    private readonly string _dockerConfig = Directory.CreateTempSubdirectory("gitlab-docker-real-docker-").FullName;

    [Theory]
    [InlineData("buildx", "buildkit")]
    [InlineData("buildkit", "buildx")]
    public void Native_jobs_push_by_digest_and_the_merge_job_writes_one_index_of_both_under_every_tag(string amd64Engine, string arm64Engine)
    {
        var daemon = RealDaemon.Require();
        var addinLine = File.ReadLines(Path.Combine(global::Cake.GitLabDocker.Tests.Repository.Root, "examples", "hello", "build.cake")).First();
        using var project = new GitLabCiLocal(addin, _registry, _storage, "unused", files: new Dictionary<string, string>
        {
            [".gitlab-ci.yml"] = Pipeline(amd64Engine, arm64Engine),
            ["build.cake"] = addinLine + "\n" + Script,
            ["Dockerfile"] = "FROM scratch\nCOPY src/ /app/\n",
        });

        // With the shell executor the matrix jobs share the project folder (and Cake's tools/ in it): one at a time.
        project.Concurrency = 1;

        var log = project.RunJobs([], new Dictionary<string, string>
        {
            ["CI_COMMIT_BRANCH"] = "main",
            ["BUILDKIT_HOST"] = daemon,
            ["DOCKER_CONFIG"] = _dockerConfig,
        }, "CI_COMMIT_TAG");

        var amd64 = NativePipeline.PlatformDigest(project, "linux/amd64");
        var arm64 = NativePipeline.PlatformDigest(project, "linux/arm64");
        AssertPushedByDigest(log, "linux/amd64", amd64Engine);
        AssertPushedByDigest(log, "linux/arm64", arm64Engine);

        // The index under every tag of the pipeline, of exactly the two images the jobs reported, in platform order.
        var sha = "sha-" + project.Commit[..8];
        var index = _registry.Digest(Repository, "latest");
        Assert.Equal(index, _registry.Digest(Repository, sha));
        using var manifest = JsonDocument.Parse(_registry.Manifest(Repository, "latest"));
        var entries = manifest.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal([amd64, arm64], entries.Select(entry => entry.GetProperty("digest").GetString()));
        Assert.Equal(["linux/amd64", "linux/arm64"], entries.Select(entry =>
            $"{entry.GetProperty("platform").GetProperty("os").GetString()}/{entry.GetProperty("platform").GetProperty("architecture").GetString()}"));
        Assert.Equal($"GITLAB_DOCKER_DIGEST={index}", File.ReadAllLines(Path.Combine(project.Folder, "gitlab-docker.env"))
            .Single(line => line.StartsWith("GITLAB_DOCKER_DIGEST=", StringComparison.Ordinal)));

        // The platform images have no tag of their own: the only tags are the index's and the per-platform caches.
        string[] tags = ["latest", "latest-buildcache-linux-amd64", "latest-buildcache-linux-arm64", sha];
        Assert.Equal(tags, _registry.Tags(Repository));
        Assert.All(tags, tag => Assert.DoesNotContain(_registry.Digest(Repository, tag), new[] { amd64, arm64 }));
        Assert.All(tags[1..3], cache => Assert.Equal(ManifestIndex.OciIndex, MediaType(_registry.Manifest(Repository, cache))));

        // Each image is one platform's manifest (no attestation made it an index), and the index is of their kind.
        var types = new[] { amd64, arm64 }.Select(digest => MediaType(_registry.Manifest(Repository, digest))).ToList();
        Assert.All(types, type => Assert.Contains(type, new[] { ManifestIndex.OciManifest, ManifestIndex.DockerManifest }));
        var indexType = MediaType(manifest.RootElement.GetRawText());
        Assert.Equal(types.All(type => type == ManifestIndex.DockerManifest) ? ManifestIndex.DockerList : ManifestIndex.OciIndex, indexType);
        Assert.DoesNotContain(RegistryServer.Password, log);

        // A branch pipeline of the same jobs builds both platforms and pushes nothing: no tag, no manifest, no cache.
        var manifests = Manifests();
        log = project.RunJobs([], new Dictionary<string, string>
        {
            ["CI_COMMIT_BRANCH"] = "feature/login",
            ["BUILDKIT_HOST"] = daemon,
            ["DOCKER_CONFIG"] = _dockerConfig,
        }, "CI_COMMIT_TAG");
        Assert.Equal(["amd64", "arm64"], Regex.Matches(log, @"build-platform: \[linux/(\w+),[^\n]*validation build only, nothing is pushed")
            .Select(match => match.Groups[1].Value).Distinct().Order());
        Assert.Contains("pushes nothing, so there is nothing to merge", log);
        Assert.Equal(tags, _registry.Tags(Repository));
        Assert.Equal(index, _registry.Digest(Repository, "latest"));
        Assert.Equal(manifests, Manifests());

        ReliabilityFigures.Record($"real engine native merge (amd64 {amd64Engine}, arm64 {arm64Engine})", 2, 2,
            $"platform images {string.Join(", ", types.Distinct())}; index {indexType}; a branch pipeline pushed nothing");
    }

    /// <summary>The build command the platform's job ran (Cake's diagnostic "Executing:" line): by digest, no tag.</summary>
    private void AssertPushedByDigest(string log, string platform, string engine)
    {
        var job = $"build-platform: [{platform},{platform[(platform.IndexOf('/') + 1)..]},{engine}]";
        var build = log.Split('\n').Single(line => line.StartsWith(job, StringComparison.Ordinal) && line.Contains("> Executing: ")
            && (engine == "buildx" ? line.Contains(" buildx build ") : line.Contains(" build --frontend dockerfile.v0 ")));
        var image = $"{_registry.Address}/{Repository}";
        Assert.Contains(engine == "buildx" ? $"--platform \"{platform}\"" : $"--opt \"platform={platform}\"", build);
        Assert.Contains($"\"type=image,name={image},push-by-digest=true,name-canonical=true,push=true\"", build);
        Assert.Contains($"\"type=registry,ref={image}:latest-buildcache-{platform.Replace('/', '-')},mode=max\"", build);
        Assert.DoesNotContain("--tag", build);
        Assert.DoesNotContain("--push ", build);
        if (engine == "buildx")
        {
            Assert.Contains("--provenance=false", build);
        }
    }

    /// <summary>Every manifest the registry stores for the repository, tagged or not (its revisions folder).</summary>
    private IReadOnlyList<string> Manifests() =>
        Directory.GetDirectories(Path.Combine(_registry.Folder, "data", "docker", "registry", "v2", "repositories", Repository,
            "_manifests", "revisions", "sha256")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    /// <summary>One build job per platform with the engine named, then the merge job that needs them.</summary>
    private static string Pipeline(string amd64Engine, string arm64Engine) => $"""
        stages:
          - build
          - merge

        variables:
          DOTNET_CLI_TELEMETRY_OPTOUT: "1"

        build-platform:
          stage: build
          parallel:
            matrix:
              - PLATFORM: linux/amd64
                ARCH: amd64
                GITLAB_DOCKER_ENGINE: {amd64Engine}
              - PLATFORM: linux/arm64
                ARCH: arm64
                GITLAB_DOCKER_ENGINE: {arm64Engine}
          before_script:
            - dotnet tool restore
          script:
            - dotnet cake --target=Image --verbosity=diagnostic
          artifacts:
            reports:
              dotenv: gitlab-docker-linux-$ARCH.env

        merge-image:
          stage: merge
          needs: ["build-platform"]
          before_script:
            - dotnet tool restore
          script:
            - dotnet cake --target=Merge
          artifacts:
            reports:
              dotenv: gitlab-docker.env
        """;

    private static string MediaType(string manifest)
    {
        using var document = JsonDocument.Parse(manifest);
        return document.RootElement.GetProperty("mediaType").GetString()!;
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
        Directory.Delete(_dockerConfig, recursive: true);
    }
}
