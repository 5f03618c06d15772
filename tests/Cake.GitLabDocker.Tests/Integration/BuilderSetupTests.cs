namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The managed buildx builder under the real <c>dotnet cake</c> with the stand-in <c>docker</c>: a setup that failed half
/// way is finished on the next run, a failure removes what it created, and jobs that set it up at the same moment on
/// one Docker config all succeed, the ones that lose the race using what the winner made. The jobs push to a real,
/// GitLab-like registry (<see cref="RegistryServer"/>), as users' jobs do.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BuilderSetupTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Script = "GitLabDockerBuild();";
    private readonly string _state = Directory.CreateTempSubdirectory("gitlab-docker-docker-config-").FullName;
    private readonly RegistryServer _registry = new();
    private readonly List<CakeJob> _jobs = [];

    private CakeJob Job(string script = Script)
    {
        var job = new CakeJob(addin, script, _registry);
        _jobs.Add(job);
        return job;
    }

    private Dictionary<string, string?> Shared(params (string, string?)[] more) =>
        Variables.With(Variables.DefaultBranch(), [("DOCKER_STANDIN_STATE", _state), .. more]);

    [Fact]
    public void A_context_left_by_a_failed_setup_is_finished_not_mistaken_for_the_builder()
    {
        File.WriteAllText(Path.Combine(_state, "context-gitlab-docker"), string.Empty);
        var job = Job();

        var (exitCode, output) = job.Run(Shared());

        Assert.True(exitCode == 0, output);
        var calls = job.Calls.Select(call => string.Join(' ', call.Arguments.Take(3))).ToList();
        Assert.Contains("buildx create gitlab-docker", calls);
        Assert.DoesNotContain("context create gitlab-docker", calls);
        Assert.Equal("docker-container", File.ReadAllText(Path.Combine(_state, "builder-gitlab-docker")).Trim());
    }

    [Fact]
    public void A_builder_that_cannot_be_created_removes_the_context_it_created()
    {
        var job = Job();

        var (exitCode, output) = job.Run(Shared(("DOCKER_STANDIN_FAIL", "docker-container")));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("docker buildx create failed with exit code 1", output);
        Assert.Equal(["context", "rm", "gitlab-docker"], job.Calls[^1].Arguments);
        Assert.False(File.Exists(Path.Combine(_state, "context-gitlab-docker")), "the context outlived the failed setup");
    }

    [Fact]
    public async Task Jobs_that_set_the_builder_up_at_once_all_build_the_losers_using_what_the_winner_made()
    {
        var jobs = Enumerable.Range(0, 4).Select(_ => Job()).ToList();

        var runs = await Task.WhenAll(jobs.Select(job => Task.Run(() => job.Run(Shared(("DOCKER_STANDIN_RACE", "1"))))));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
        var creators = jobs.Select((job, i) => (job, i)).Where(pair => pair.job.Calls.Any(call => call.Arguments[..2] is ["buildx", "create"])).ToList();
        Assert.NotEmpty(creators);
        Assert.All(creators, pair => Assert.Contains("was created by another job at the same moment: using it.", runs[pair.i].Output));
        Assert.All(jobs, job => Assert.Equal(["buildx", "build", "--builder", "gitlab-docker"], job.Calls[^1].Arguments[..4]));
        Assert.Equal(["latest"], _registry.Tags(CakeJob.ImagePath));
        Assert.Equal(jobs.Count, _registry.ManifestRevisions(CakeJob.ImagePath).Count);
    }

    [Fact]
    public void Two_projects_with_other_endpoints_on_one_runner_each_build_on_their_own_daemon()
    {
        const string script = "GitLabDockerBuild(s => s.WithBuilderEndpoint(EnvironmentVariable(\"PROJECT_BUILDKIT\")));";
        var first = Job(script);
        var second = Job(script);

        var (firstExit, firstOutput) = first.Run(Shared(("PROJECT_BUILDKIT", "tcp://buildkitd-a:1234")));
        var (secondExit, secondOutput) = second.Run(Shared(("PROJECT_BUILDKIT", "tcp://buildkitd-b:1234")));
        var (againExit, againOutput) = second.Run(Shared(("PROJECT_BUILDKIT", "tcp://buildkitd-b:1234")));

        Assert.True(firstExit == 0 && secondExit == 0 && againExit == 0, firstOutput + secondOutput + againOutput);
        Assert.Contains("The builder gitlab-docker-remote was made with the endpoint tcp://buildkitd-a:1234, not tcp://buildkitd-b:1234", secondOutput);
        var calls = second.Calls.Select(call => string.Join(' ', call.Arguments.Take(2))).ToList();
        Assert.Equal(["buildx inspect", "buildx rm", "buildx create", "buildx build", "buildx inspect", "buildx build"], calls);
        Assert.Equal("tcp://buildkitd-b:1234", File.ReadAllText(Path.Combine(_state, "builder-gitlab-docker-remote.endpoint")).Trim());
    }

    public void Dispose()
    {
        foreach (var job in _jobs)
        {
            job.Dispose();
        }

        Directory.Delete(_state, recursive: true);
        _registry.Dispose();
    }
}
