using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public class BuildPlannerTests
{
    private const string Image = Variables.Image;

    private static GitLabDockerBuildPlan Plan(Dictionary<string, string?> variables, GitLabDockerBuildSettings? settings = null) =>
        BuildPlanner.Plan(GitLabPipeline.FromVariables(variables.Reader()), settings ?? new GitLabDockerBuildSettings(), variables.Reader());

    [Fact]
    public void Tag_pipeline_pushes_the_tag_and_reads_the_cache_as_the_seed_does()
    {
        var plan = Plan(Variables.Tag("v1.2.3"));

        Assert.Equal(GitLabPipelineKind.Tag, plan.Pipeline);
        Assert.Equal([$"{Image}:v1.2.3"], plan.Tags);
        Assert.Equal([$"{Image}:latest-buildcache"], plan.CacheFrom);
        Assert.Null(plan.CacheTo);
        Assert.True(plan.Push);
        Assert.False(plan.Load);
        Assert.True(plan.Login);
        Assert.Equal("registry.gitlab.example", plan.Registry);
    }

    [Fact]
    public void Default_branch_pushes_latest_and_writes_the_cache_as_the_seed_does()
    {
        var plan = Plan(Variables.DefaultBranch());

        Assert.Equal(GitLabPipelineKind.DefaultBranch, plan.Pipeline);
        Assert.Equal([$"{Image}:latest"], plan.Tags);
        Assert.Equal([$"{Image}:latest-buildcache"], plan.CacheFrom);
        Assert.Equal($"{Image}:latest-buildcache", plan.CacheTo);
        Assert.True(plan.Push);
        Assert.True(plan.Login);
    }

    [Theory]
    [MemberData(nameof(ValidationPipelines))]
    public void Other_branches_and_merge_requests_validate_with_the_cache_and_push_nothing(Dictionary<string, string?> variables)
    {
        var plan = Plan(variables);

        Assert.Empty(plan.Tags);
        Assert.Equal([$"{Image}:latest-buildcache"], plan.CacheFrom);
        Assert.Null(plan.CacheTo);
        Assert.False(plan.Push);
        Assert.False(plan.Load);
        Assert.True(plan.Login);
        Assert.Contains(plan.Notes, note => note.Contains("validation build only, nothing is pushed"));
    }

    [Theory]
    [MemberData(nameof(ValidationPipelines))]
    public void With_branch_images_a_branch_or_merge_request_reads_its_branch_cache_first(Dictionary<string, string?> variables)
    {
        var plan = Plan(variables, new GitLabDockerBuildSettings().WithBranchImages());

        Assert.Equal([$"{Image}:buildcache-feature-login", $"{Image}:latest-buildcache"], plan.CacheFrom);
    }

    public static TheoryData<Dictionary<string, string?>> ValidationPipelines =>
        [Variables.Branch(), Variables.MergeRequest()];

    [Fact]
    public void Validation_builds_read_the_cache_without_logging_in_when_there_are_no_credentials()
    {
        var plan = Plan(Variables.With(Variables.Branch(), ("CI_REGISTRY_PASSWORD", null)));

        Assert.False(plan.Login);
        Assert.Null(plan.Registry);
    }

    [Fact]
    public void Local_run_outside_git_loads_only_the_users_tags_with_no_login_push_or_cache_write()
    {
        var plan = Plan(Variables.Local(), new GitLabDockerBuildSettings { Image = "registry.example/team/app" }.WithAdditionalTag("dev"));

        Assert.Equal(GitLabPipelineKind.Local, plan.Pipeline);
        Assert.Equal(["registry.example/team/app:dev"], plan.Tags);
        Assert.Equal(["registry.example/team/app:latest-buildcache"], plan.CacheFrom);
        Assert.Null(plan.CacheTo);
        Assert.False(plan.Push);
        Assert.True(plan.Load);
        Assert.False(plan.Login);
    }

    [Fact]
    public void Local_run_needs_an_image()
    {
        var error = Assert.Throws<CakeException>(() => Plan(Variables.Local()));

        Assert.Contains("set GitLabDockerBuildSettings.Image or CI_REGISTRY_IMAGE", error.Message);
        Assert.DoesNotContain("not available", error.Message);
    }

    [Fact]
    public void An_image_with_capitals_is_lowercased_with_one_note_naming_the_setting()
    {
        var plan = Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings { Image = "registry.gitlab.example/Group/App" });

        Assert.Equal("registry.gitlab.example/group/app", plan.Image);
        Assert.Single(plan.Notes, note => note.Contains("capitals"));
        Assert.Contains(plan.Notes, note => note.StartsWith(
            "GitLabDockerBuildSettings.Image 'registry.gitlab.example/Group/App' has capitals", StringComparison.Ordinal)
            && note.EndsWith("building registry.gitlab.example/group/app instead.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lowercase_image_gets_no_case_note()
    {
        var plan = Plan(Variables.DefaultBranch());

        Assert.DoesNotContain(plan.Notes, note => note.Contains("capitals"));
    }

    [Fact]
    public void Missing_registry_image_on_gitlab_names_the_variable_and_the_setting()
    {
        var error = Assert.Throws<CakeException>(() => Plan(Variables.With(Variables.DefaultBranch(), ("CI_REGISTRY_IMAGE", null))));

        Assert.Contains("CI_REGISTRY_IMAGE is not set", error.Message);
        Assert.Contains("GitLabDockerBuildSettings.Image", error.Message);
    }

    [Theory]
    [InlineData("CI_REGISTRY_USER")]
    [InlineData("CI_REGISTRY_PASSWORD")]
    [InlineData("CI_REGISTRY")]
    public void Pushing_without_credentials_names_what_is_missing(string missing)
    {
        var variables = Variables.With(Variables.Tag(), (missing, null), ("CI_REGISTRY_IMAGE", "app"));

        var error = Assert.Throws<CakeException>(() => Plan(variables));

        Assert.Contains($"{missing} (or GitLabDockerBuildSettings.", error.Message);
        Assert.DoesNotContain(Variables.Password, error.Message);
    }

    [Fact]
    public void Registry_falls_back_to_the_image_host()
    {
        var plan = Plan(Variables.With(Variables.Tag(), ("CI_REGISTRY", null)));

        Assert.Equal("registry.gitlab.example", plan.Registry);
    }

    [Theory]
    [InlineData("release/1.0")]
    [InlineData("v1.0+build/5")]
    [InlineData(".hidden")]
    [InlineData("-rc")]
    [InlineData("with space")]
    public void Refuses_a_git_tag_docker_cannot_use(string tag)
    {
        var error = Assert.Throws<CakeException>(() => Plan(Variables.Tag(tag)));

        Assert.Contains("CI_COMMIT_TAG", error.Message);
        Assert.Contains("cannot be a Docker tag", error.Message);
    }

    [Fact]
    public void Push_false_on_the_default_branch_pushes_and_writes_nothing()
    {
        var plan = Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings { Push = false });

        Assert.False(plan.Push);
        Assert.Null(plan.CacheTo);
        Assert.Equal([$"{Image}:latest"], plan.Tags);
        Assert.Contains(plan.Notes, note => note.StartsWith("Push = false", StringComparison.Ordinal));
    }

    [Fact]
    public void Push_true_on_a_branch_without_a_tag_is_refused()
    {
        var error = Assert.Throws<CakeException>(() => Plan(Variables.Branch(), new GitLabDockerBuildSettings { Push = true }));

        Assert.Contains("no tag to push", error.Message);
    }

    [Fact]
    public void Settings_override_the_variables()
    {
        var settings = new GitLabDockerBuildSettings
        {
            Image = "Other.Registry:5050/Team/Svc",
            Registry = "other.registry:5050",
            Username = "robot",
            Password = "p",
        };

        var plan = Plan(Variables.Tag("v1"), settings);

        Assert.Equal(["other.registry:5050/team/svc:v1"], plan.Tags);
        Assert.Equal("other.registry:5050", plan.Registry);
    }

    [Theory]
    [InlineData(null, GitLabDockerEngine.Buildx)]
    [InlineData("buildah", GitLabDockerEngine.Buildah)]
    [InlineData(" Buildah ", GitLabDockerEngine.Buildah)]
    [InlineData("buildx", GitLabDockerEngine.Buildx)]
    public void Engine_comes_from_the_variable(string? value, GitLabDockerEngine expected)
    {
        var plan = Plan(Variables.With(Variables.Tag(), ("GITLAB_DOCKER_ENGINE", value)));

        Assert.Equal(expected, plan.Engine);
    }

    [Fact]
    public void Engine_setting_wins_over_the_variable()
    {
        var plan = Plan(Variables.With(Variables.Tag(), ("GITLAB_DOCKER_ENGINE", "buildah")),
            new GitLabDockerBuildSettings { Engine = GitLabDockerEngine.Buildx });

        Assert.Equal(GitLabDockerEngine.Buildx, plan.Engine);
    }

    [Fact]
    public void Unknown_engine_names_the_variable()
    {
        var error = Assert.Throws<CakeException>(() => Plan(Variables.With(Variables.Tag(), ("GITLAB_DOCKER_ENGINE", "kaniko"))));

        Assert.Contains("GITLAB_DOCKER_ENGINE", error.Message);
        Assert.Contains("'buildx', 'buildkit' or 'buildah'", error.Message);
    }

    [Fact]
    public void The_plan_prints_as_a_table_without_secrets()
    {
        var text = Plan(Variables.DefaultBranch()).ToString();

        Assert.Contains($"Tags       : {Image}:latest", text);
        Assert.Contains($"Cache to   : {Image}:latest-buildcache", text);
        Assert.DoesNotContain(Variables.Password, text);
    }
}
