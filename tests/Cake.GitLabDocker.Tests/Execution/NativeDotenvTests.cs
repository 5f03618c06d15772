namespace Cake.GitLabDocker.Tests;

/// <summary>A pushing native-platform build leaves its digest under the platform's own variable, in a file per job.</summary>
public sealed class NativeDotenvTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("gitlab-docker-native-").FullName;
    private readonly RecordingLog _log = new();
    private readonly RecordingProcess _process = new RecordingProcess().Existing("buildx inspect:gitlab-docker");

    private GitLabDockerRunner Runner() => new(
        _log,
        Variables.With(Variables.DefaultBranch(), ("CI_COMMIT_SHORT_SHA", "a1b2c3d4")).Reader(),
        path => _work + "/" + path.FullPath.TrimStart('.', '/'),
        (_, _) => _process,
        registry: _ => _registry);

    private readonly MemoryRegistry _registry = new();

    [Theory]
    [InlineData("linux/arm64", "GITLAB_DOCKER_DIGEST_LINUX_ARM64")]
    [InlineData("linux/arm/v7", "GITLAB_DOCKER_DIGEST_LINUX_ARM_V7")]
    public void Writes_the_platforms_digest_and_the_image_by_digest(string platform, string variable)
    {
        var file = $"gitlab-docker-{platform.Replace('/', '-')}.env";

        var result = Runner().Build(new GitLabDockerBuildSettings().WithNativePlatform(platform).WithDotenvFile(file));

        Assert.Equal(
            $"GITLAB_DOCKER_IMAGE={Variables.Image}@{result.Digest}\n{variable}={result.Digest}\n",
            File.ReadAllText(Path.Combine(_work, file)));
        Assert.Contains(_log.Lines, line => line.Contains($"GITLAB_DOCKER_IMAGE={Variables.Image}@{result.Digest}"));
    }

    [Fact]
    public void Buildahs_report_names_the_repository_by_digest_not_its_internal_tag()
    {
        var plan = Inputs.Plan(
            Variables.With(Variables.DefaultBranch(), ("CI_COMMIT_SHORT_SHA", "a1b2c3d4")),
            new GitLabDockerBuildSettings().WithEngine(GitLabDockerEngine.Buildah).WithNativePlatform("linux/arm64"));

        Assert.Equal(
            $"GITLAB_DOCKER_IMAGE={Variables.Image}@sha256:1\nGITLAB_DOCKER_DIGEST_LINUX_ARM64=sha256:1\n",
            DotenvReport.Render(plan, "sha256:1", []));
    }

    [Fact]
    public void A_dry_run_names_the_platforms_variable()
    {
        Runner().Build(new GitLabDockerBuildSettings().WithNativePlatform("linux/arm64").WithDryRun());

        Assert.Contains(_log.Lines, line => line.StartsWith("Would write") && line.Contains("GITLAB_DOCKER_DIGEST_LINUX_ARM64"));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
