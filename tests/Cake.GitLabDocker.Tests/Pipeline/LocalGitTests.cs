namespace Cake.GitLabDocker.Tests;

/// <summary>Local runs read the ref from a real Git repository.</summary>
public sealed class LocalGitTests : IDisposable
{
    private const string Image = "registry.example/team/app";
    private readonly GitRepository _repository = new();

    private GitLabDockerBuildPlan Plan(Dictionary<string, string?>? environment = null, GitLabDockerBuildSettings? settings = null)
    {
        var variable = LocalGit.Overlay((environment ?? []).Reader(), GitRepository.Runner(_repository.Folder));
        return BuildPlanner.Plan(GitLabPipeline.FromVariables(variable), settings ?? new GitLabDockerBuildSettings { Image = Image }, variable);
    }

    [Fact]
    public void The_default_branch_of_a_clone_plans_as_the_default_branch_and_loads_latest()
    {
        _repository.CloneOrigin("main");

        var plan = Plan();

        Assert.Equal(GitLabPipelineKind.Local, plan.Pipeline);
        Assert.Equal([$"{Image}:latest"], plan.Tags);
        Assert.True(plan.Load);
        Assert.False(plan.Push);
        Assert.Null(plan.CacheTo);
        Assert.False(plan.Login);
        Assert.Contains(plan.Notes, note => note.Contains("plans as a default-branch pipeline for 'main'"));
        Assert.Equal(_repository.Head, plan.Labels["org.opencontainers.image.revision"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", plan.Labels["org.opencontainers.image.created"]);
    }

    [Fact]
    public void A_feature_branch_gets_the_plan_its_pipeline_would_get()
    {
        _repository.CloneOrigin("main");
        _repository.Git("checkout", "-q", "-b", "feature/Login");

        var validation = Plan();
        var branchImage = Plan(settings: new GitLabDockerBuildSettings { Image = Image }.WithBranchImages().WithCommitTag());

        Assert.Empty(validation.Tags);
        Assert.False(validation.Load);
        Assert.Equal([$"{Image}:latest-buildcache"], validation.CacheFrom);
        Assert.Equal([$"{Image}:buildcache-feature-login", $"{Image}:latest-buildcache"], branchImage.CacheFrom);
        Assert.Equal([$"{Image}:feature-login", $"{Image}:sha-{_repository.Head[..8]}"], branchImage.Tags);
        Assert.True(branchImage.Load);
        Assert.Null(branchImage.CacheTo);
    }

    [Fact]
    public void Of_several_tags_at_head_the_one_checked_out_wins()
    {
        _repository.CloneOrigin("main");
        _repository.Git("tag", "release/1.0");
        _repository.Git("tag", "v1.0.0");
        _repository.Git("tag", "v1.0.1");
        _repository.Git("checkout", "-q", "v1.0.0");

        Assert.Equal([$"{Image}:v1.0.0"], Plan().Tags);
    }

    [Fact]
    public void Without_a_checked_out_tag_the_highest_version_that_can_be_a_docker_tag_wins()
    {
        _repository.CloneOrigin("main");
        _repository.Git("tag", "release/2.0");
        _repository.Git("tag", "v1.0.0");
        _repository.Git("tag", "v1.0.1");
        _repository.Git("checkout", "-q", _repository.Head);

        Assert.Equal([$"{Image}:v1.0.1"], Plan().Tags);
    }

    [Fact]
    public void A_tag_that_cannot_be_a_docker_tag_is_refused_naming_git_and_every_tag()
    {
        _repository.CloneOrigin("main");
        _repository.Git("tag", "release/1.0");
        _repository.Git("tag", "hotfix/1.0");
        _repository.Git("checkout", "-q", _repository.Head);

        var error = Assert.Throws<Cake.Core.CakeException>(() => Plan());

        Assert.Contains("'release/1.0', 'hotfix/1.0'", error.Message);
        Assert.Contains("read from git", error.Message);
        Assert.Contains("none of them can be a Docker tag", error.Message);
    }

    [Fact]
    public void A_detached_head_at_a_tag_plans_as_the_tag()
    {
        _repository.Git("tag", "v1.2.3");
        _repository.Git("checkout", "-q", "--detach", "v1.2.3");

        var plan = Plan(settings: new GitLabDockerBuildSettings { Image = Image }.WithSemVerTags());

        Assert.Equal([$"{Image}:v1.2.3", $"{Image}:1.2.3", $"{Image}:1.2", $"{Image}:1"], plan.Tags);
        Assert.True(plan.Load);
    }

    [Fact]
    public void Without_origin_head_the_default_branch_comes_from_the_environment()
    {
        Assert.Empty(Plan().Tags);
        Assert.Equal([$"{Image}:latest"], Plan(new() { ["CI_DEFAULT_BRANCH"] = "main" }).Tags);
    }

    [Fact]
    public void The_environment_wins_over_git()
    {
        var plan = Plan(new() { ["CI_COMMIT_BRANCH"] = "release", ["CI_DEFAULT_BRANCH"] = "release" });

        Assert.Equal([$"{Image}:latest"], plan.Tags);
        Assert.Contains(plan.Notes, note => note.Contains("for 'release'"));
    }

    [Fact]
    public void A_folder_that_is_not_a_repository_is_a_plain_local_run()
    {
        var folder = Directory.CreateTempSubdirectory("gitlab-docker-plain-").FullName;
        try
        {
            Assert.Empty(LocalGit.Read(GitRepository.Runner(folder)));
            Assert.Empty(LocalGit.Read(_ => null));
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    public void Dispose() => _repository.Dispose();
}
