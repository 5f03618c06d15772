using System.Text;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Six default-branch buildx jobs at once on one shared BuildKit daemon with one Docker config, as jobs of a shell runner
/// with <c>concurrent</c> above 1 share one user's: each job's credentials live in a private config of its own, so no job
/// logs another out, and the base image on another private registry pulls with the login the shared config already has.
/// All succeed and the shared <c>config.json</c> is byte for byte what it was.
/// </summary>
[Trait("Category", "RealEngines")]
public sealed class RealEngineSharedConfigTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const int Jobs = 6;

    private const string BuildxJob = """

        image:buildx-remote:
          stage: build
          script:
            - dotnet cake --target=Image
        """;

    private readonly RegistryServer _registry = new();
    private readonly RegistryServer _baseRegistry = new("base-user", "base-s3cret w0rd");
    private readonly string _dockerConfig = Directory.CreateTempSubdirectory("gitlab-docker-shared-docker-").FullName;
    private readonly ConcurrentJobs _jobs = new();

    [Fact]
    public async Task Six_buildx_jobs_at_once_on_one_docker_config_all_push_and_leave_it_unchanged()
    {
        var daemon = RealDaemon.Require();
        var baseImage = BaseImage.Push(_baseRegistry, _jobs.Own(new BuildahStorage()));
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_baseRegistry.UserName}:{_baseRegistry.Secret}"));
        var shared = Path.Combine(_dockerConfig, "config.json");
        File.WriteAllText(shared, $"{{\n\t\"auths\": {{\n\t\t\"{_baseRegistry.Address}\": {{\n\t\t\t\"auth\": \"{auth}\"\n\t\t}}\n\t}}\n}}\n");
        var before = File.ReadAllBytes(shared);
        var pipeline = File.ReadAllText(Path.Combine(Repository.Root, "examples", "hello", ".gitlab-ci.yml")) + BuildxJob;

        // Each job builds other content, as jobs of other commits do: six pushes of the same blobs at once make the
        // distribution registry answer 500 now and then, which is not what this test is about.
        var projects = Enumerable.Range(0, Jobs)
            .Select(job => _jobs.Own(new GitLabCiLocal(addin, _registry, _jobs.Own(new BuildahStorage()), baseImage, $"settings.WithBuilderEndpoint(\"{daemon}\");",
                new Dictionary<string, string> { [".gitlab-ci.yml"] = pipeline, ["deps.txt"] = $"job {job}\n" })))
            .ToList();
        var engine = new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main", ["GITLAB_DOCKER_ENGINE"] = "buildx", ["DOCKER_CONFIG"] = _dockerConfig };

        var results = await ConcurrentJobs.RunAll(
            projects.Select(project => (Func<(int, string)>)(() => project.TryRunJobs(["image:buildx-remote"], engine, []))),
            "shared Docker config on one BuildKit",
            $"{Jobs} default-branch buildx jobs at once on one DOCKER_CONFIG and one daemon, base image on another private registry");
        Assert.Equal(before, File.ReadAllBytes(shared));
        Assert.Contains(_registry.Digest(GitLabCiLocal.Project, "latest"), results.Select(result => PipelineLog.Digest(result.Output)));
    }

    public void Dispose()
    {
        _jobs.Dispose();
        _registry.Dispose();
        _baseRegistry.Dispose();
        Directory.Delete(_dockerConfig, recursive: true);
    }

}
