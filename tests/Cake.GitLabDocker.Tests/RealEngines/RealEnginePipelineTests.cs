using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The BuildKit engine and buildx against a real BuildKit daemon (<c>BUILDKIT_HOST</c>): <c>gitlab-ci-local</c> runs the
/// example's jobs with the packed add-in under the real <c>dotnet cake</c>, and a registry like GitLab's (HTTPS, token scopes) receives
/// the pushes. Not part of <c>Test</c> (no BuildKit exists on the CI machines): <c>./build.sh --target=RealEngines</c>.
/// </summary>
[Trait("Category", "RealEngines")]
public sealed partial class RealEnginePipelineTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;

    /// <summary>buildx on a builder the add-in creates on the same daemon (the remote driver), without a Docker service.</summary>
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

    [Fact]
    public void The_buildkit_engine_runs_every_pipeline_kind_with_the_buildx_cache_format()
    {
        var daemon = RealDaemon.Require();
        Pipelines(daemon, "image:buildkit", new Dictionary<string, string> { ["BUILDKIT_HOST"] = daemon }, settings: null);
    }

    [Fact]
    public void Buildx_on_the_same_daemon_runs_every_pipeline_kind()
    {
        var daemon = RealDaemon.Require();
        Pipelines(daemon, "image:buildx-remote",
            new Dictionary<string, string> { ["GITLAB_DOCKER_ENGINE"] = "buildx", ["DOCKER_CONFIG"] = _dockerConfig },
            settings: $"settings.WithBuilderEndpoint(\"{daemon}\");");
    }

    private void Pipelines(string daemon, string job, Dictionary<string, string> engine, string? settings)
    {
        var baseImage = BaseImage.Push(_registry, _storage);
        var pipeline = File.ReadAllText(Path.Combine(Repository.Root, "examples", "hello", ".gitlab-ci.yml")) + BuildxJob;
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage, settings,
            new Dictionary<string, string> { [".gitlab-ci.yml"] = pipeline });
        string Run(Dictionary<string, string> variables, params string[] unset) =>
            project.RunJobs([job], new Dictionary<string, string>(variables.Concat(engine)), unset);
        string Cache() => _registry.Digest(Image, "latest-buildcache");

        RealDaemon.Prune(daemon);
        var log = Run(new() { ["CI_COMMIT_BRANCH"] = "main" });
        var latest = PipelineLog.Digest(log);
        Assert.Equal(["latest", "latest-buildcache", "latest-buildcache-staging"], _registry.Tags(Image));
        Assert.Equal(latest, _registry.Digest(Image, "latest"));
        Assert.Equal(["base/busybox", Image], _registry.Repositories());
        Assert.StartsWith($"GITLAB_DOCKER_IMAGE={_registry.Address}/{Image}:latest@{latest}\n", File.ReadAllText(Path.Combine(project.Folder, "gitlab-docker.env")));
        var cache = Cache();
        Assert.Equal(_registry.Digest(Image, "latest-buildcache-staging"), cache);
        AssertNoPassword(log);
        Assert.Contains($"No registry cache at {_registry.Address}/{Image}:latest-buildcache yet (a first build)", log);

        log = Run(new() { ["CI_COMMIT_TAG"] = "v1.2.3" }, "CI_COMMIT_BRANCH");
        Assert.Equal(["latest", "latest-buildcache", "latest-buildcache-staging", "v1.2.3"], _registry.Tags(Image));
        Assert.Equal(PipelineLog.Digest(log), _registry.Digest(Image, "v1.2.3"));
        Assert.Equal(latest, _registry.Digest(Image, "latest"));
        Assert.Equal(cache, Cache());

        log = Run(new() { ["CI_COMMIT_BRANCH"] = "feature/login" });
        Assert.Contains("validation build only, nothing is pushed", log);
        log = Run(new() { ["CI_PIPELINE_SOURCE"] = "merge_request_event", ["CI_MERGE_REQUEST_IID"] = "7",
            ["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"] = "feature/login" }, "CI_COMMIT_BRANCH");
        Assert.Contains("Merge-request pipeline: validation build only", log);
        Assert.Equal(["latest", "latest-buildcache", "latest-buildcache-staging", "v1.2.3"], _registry.Tags(Image));
        Assert.Equal(cache, Cache());
        Assert.Equal(latest, _registry.Digest(Image, "latest"));

        // A new job on an empty daemon: every step of the build stage comes from the registry cache.
        RealDaemon.Prune(daemon);
        log = Run(new() { ["CI_COMMIT_BRANCH"] = "main" });
        var steps = BuildStep().Matches(log).Select(match => match.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(steps);
        Assert.All(steps, step => Assert.Matches($@"#{step} CACHED", log));

        // Reproducible (the default): the commit's time for every timestamp and no build-time provenance, so the rebuild
        // of one commit is the same image.
        Assert.Equal(latest, PipelineLog.Digest(log));

        ReliabilityFigures.Record($"real engine {job}", 5, 5, $"5 pipelines on BuildKit at {daemon}; warm run took {steps.Count} of {steps.Count} steps from the registry cache");
    }

    private void AssertNoPassword(string log)
    {
        Assert.DoesNotContain(_registry.Secret, log);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{_registry.UserName}:{_registry.Secret}")), log);
    }

    /// <summary>BuildKit's progress line of a build-stage step, for example "#9 [build 3/5] RUN mkdir …" (its number).</summary>
    [GeneratedRegex(@"#(\d+) \[build \d+/\d+\] (?:RUN|COPY)")]
    private static partial Regex BuildStep();

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
        Directory.Delete(_dockerConfig, recursive: true);
    }
}
