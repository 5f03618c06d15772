namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Tags only move forward with buildx and the BuildKit engine on a real BuildKit daemon (<c>BUILDKIT_HOST</c>): the
/// image pushed by digest, then tagged by the add-in after its checks. Not part of <c>Test</c>: <c>./build.sh --target=RealEngines</c>.
/// </summary>
[Trait("Category", "RealEngines")]
public sealed class RealEngineTagOrderTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private const string BuildxJob = """

        image:buildx-remote:
          stage: build
          script:
            - dotnet cake --target=Image
          artifacts:
            reports:
              dotenv: gitlab-docker.env
        """;

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();
    private readonly string _dockerConfig = Directory.CreateTempSubdirectory("gitlab-docker-real-docker-").FullName;

    [Theory]
    [InlineData("image:buildkit")]
    [InlineData("image:buildx-remote")]
    public void An_older_commit_leaves_latest_and_a_release_is_never_overwritten(string job)
    {
        var daemon = RealDaemon.Require();
        var engine = job == "image:buildkit"
            ? new Dictionary<string, string> { ["BUILDKIT_HOST"] = daemon }
            : new Dictionary<string, string> { ["GITLAB_DOCKER_ENGINE"] = "buildx", ["DOCKER_CONFIG"] = _dockerConfig };
        var pipeline = File.ReadAllText(Path.Combine(Repository.Root, "examples", "hello", ".gitlab-ci.yml")) + BuildxJob;
        using var project = new GitLabCiLocal(addin, _registry, _storage, BaseImage.Push(_registry, _storage),
            "settings.WithSemVerTags().WithLatestOnRelease();" + (job == "image:buildkit" ? string.Empty : $"settings.WithBuilderEndpoint(\"{daemon}\");"),
            new Dictionary<string, string> { [".gitlab-ci.yml"] = pipeline });
        string Run(Dictionary<string, string> variables, params string[] unset) =>
            project.RunJobs([job], new Dictionary<string, string>(variables.Concat(engine)), unset);

        var first = project.CommitChange("first", Monday);
        Run(new() { ["CI_COMMIT_BRANCH"] = "main" });
        var released = PipelineLog.Digest(Run(new() { ["CI_COMMIT_TAG"] = "v1.0.0" }, "CI_COMMIT_BRANCH"));

        // A child committed with an earlier time: Git's ancestry says it is newer.
        project.CommitChange("second", Monday.AddDays(-1));
        var newer = PipelineLog.Digest(Run(new() { ["CI_COMMIT_BRANCH"] = "main" }));
        Assert.Equal(newer, _registry.Digest(Image, "latest"));
        var newerCache = _registry.Digest(Image, "latest-buildcache");
        Assert.Equal(newerCache, _registry.Digest(Image, "latest-buildcache-staging"));

        project.Git("checkout", "-q", first);
        var log = Run(new() { ["CI_COMMIT_BRANCH"] = "main" });
        Assert.Equal(newer, _registry.Digest(Image, "latest"));
        Assert.Contains($"{_registry.Address}/{Image}:latest stays at {newer}", log);

        // The older build exported its own cache to the staging ref; the cache latest goes with stayed the newer one's.
        Assert.Contains($"The cache {_registry.Address}/{Image}:latest-buildcache is not written", log);
        Assert.Equal(newerCache, _registry.Digest(Image, "latest-buildcache"));
        Assert.NotEqual(newerCache, _registry.Digest(Image, "latest-buildcache-staging"));

        project.Git("checkout", "-q", "main");
        var (exitCode, failed) = project.TryRunJobs([job], new Dictionary<string, string>(engine) { ["CI_COMMIT_TAG"] = "v1.0.0" }, ["CI_COMMIT_BRANCH"]);
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{_registry.Address}/{Image}:v1.0.0 is a release and already holds another image: {released}", failed);
        Assert.All(["v1.0.0", "1.0.0", "1.0", "1"], tag => Assert.Equal(released, _registry.Digest(Image, tag)));
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
        Directory.Delete(_dockerConfig, recursive: true);
    }
}
