using System.Text.Json;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Native runners per platform end to end under gitlab-ci-local with Buildah: a <c>parallel: matrix</c> build job per
/// platform (a COPY-only image, which Buildah builds for linux/arm64 here without QEMU) and a merge job with
/// <c>needs:</c>, in a default-branch pipeline. The registry's <c>latest</c> holds one index of exactly the two images.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class NativeMergeEndToEndTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Pipeline = """
        stages:
          - build
          - merge

        variables:
          GITLAB_DOCKER_ENGINE: buildah
          STORAGE_DRIVER: vfs
          BUILDAH_ISOLATION: chroot
          DOTNET_CLI_TELEMETRY_OPTOUT: "1"

        build-platform:
          stage: build
          parallel:
            matrix:
              - PLATFORM: linux/amd64
                ARCH: amd64
              - PLATFORM: linux/arm64
                ARCH: arm64
          before_script:
            # Each platform's runner has storage of its own on GitLab; here the jobs share one, and Buildah keys its
            # local layer cache without the platform, so start each job with an empty one.
            - buildah rmi --all --force || true
            - dotnet tool restore
          script:
            - dotnet cake --target=Image
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

    private const string Script = """

        var target = Argument("target", "Image");

        Task("Image").Does(() =>
        {
            var platform = EnvironmentVariable("PLATFORM");
            var result = GitLabDockerBuild(s => s
                .WithNativePlatform(platform)
                .WithDotenvFile($"gitlab-docker-{platform.Replace('/', '-')}.env"));
            Information("Platform image digest: {0}", result.Digest ?? "(not pushed)");
        });

        Task("Merge").Does(() =>
        {
            var result = GitLabDockerMerge(s => s.WithPlatform("linux/amd64").WithPlatform("linux/arm64"));
            Information("Index digest: {0}", result.Digest ?? "(none)");
        });

        RunTarget(target);
        """;

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    [Fact]
    public void Two_native_jobs_and_a_merge_leave_one_index_of_both_platforms_under_latest()
    {
        var addinLine = File.ReadLines(Path.Combine(Repository.Root, "examples", "hello", "build.cake")).First();
        using var project = new GitLabCiLocal(addin, _registry, _storage, "unused", files: new Dictionary<string, string>
        {
            [".gitlab-ci.yml"] = Pipeline,
            ["build.cake"] = addinLine + "\n" + Script,
            ["Dockerfile"] = "FROM scratch\nCOPY src/ /app/\n",
        });
        project.Concurrency = 1;

        var log = project.RunJobs([], new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" }, "CI_COMMIT_TAG");

        var repository = GitLabCiLocal.Project;
        var amd64 = Digest(project, "linux-amd64", "GITLAB_DOCKER_DIGEST_LINUX_AMD64");
        var arm64 = Digest(project, "linux-arm64", "GITLAB_DOCKER_DIGEST_LINUX_ARM64");
        using var index = JsonDocument.Parse(_registry.Manifest(repository, "latest"));
        var manifests = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal([amd64, arm64], manifests.Select(m => m.GetProperty("digest").GetString()));
        Assert.Equal(["amd64", "arm64"], manifests.Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()));
        Assert.Contains($"GITLAB_DOCKER_DIGEST={_registry.Digest(repository, "latest")}\n",
            File.ReadAllText(Path.Combine(project.Folder, "gitlab-docker.env")));

        var sha = project.Commit[..8];
        Assert.Equal(["latest", $"platform-linux-amd64-{sha}", $"platform-linux-arm64-{sha}"], _registry.Tags(repository));
        Assert.Contains($"{repository}/buildcache-linux-amd64", _registry.Repositories());
        Assert.Contains($"{repository}/buildcache-linux-arm64", _registry.Repositories());
        Assert.DoesNotContain(RegistryServer.Password, log);
    }

    private static string Digest(GitLabCiLocal project, string file, string variable)
    {
        var line = File.ReadAllLines(Path.Combine(project.Folder, $"gitlab-docker-{file}.env")).Single(l => l.StartsWith(variable + "=", StringComparison.Ordinal));
        return line[(variable.Length + 1)..];
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }
}
