using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>Retries, cache-export fallback and partial pushes at the engine level, without waiting for real delays.</summary>
[Trait("Category", "Reliability")]
public class FailureHandlingTests
{
    private const string Image = Variables.Image;
    private readonly List<TimeSpan> _sleeps = [];

    private string? Build(RecordingProcess buildah, GitLabDockerBuildSettings settings, Dictionary<string, string?>? variables = null)
    {
        // A named storage driver, so the commands are the build's own (the choice of a driver is StorageDriverChoiceTests').
        var v = Variables.With(variables ?? Variables.Tag("v1.2.3"), ("GITLAB_DOCKER_ENGINE", "buildah"), ("STORAGE_DRIVER", "vfs"));
        var inputs = BuildInputsResolver.Resolve(settings, v.Reader(), path => "/src/" + path.FullPath);
        return new BuildahEngine(buildah, sleep: _sleeps.Add).Build(Inputs.Plan(v, settings), inputs);
    }

    [Fact]
    public void A_push_that_fails_twice_is_retried_with_growing_waits_and_lands()
    {
        var buildah = new RecordingProcess { FailStep = "push", FailTimes = 2 };

        var digest = Build(buildah, new GitLabDockerBuildSettings());

        Assert.NotNull(digest);
        Assert.Equal(["build", "push", "push", "push"], buildah.Commands.Select(c => c.Step));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _sleeps);
    }

    [Fact]
    public void A_build_that_failed_at_pushing_its_cache_is_run_again()
    {
        var buildah = new RecordingProcess
        {
            FailStep = "build", FailTimes = 1,
            FailMessage = "buildah build failed with exit code 125:\n  Error: failed pushing cache to …: manifest blob unknown",
        };

        var digest = Build(buildah, new GitLabDockerBuildSettings(), Variables.DefaultBranch());

        Assert.NotNull(digest);
        Assert.Equal(["build", "build", "push"], buildah.Commands.Select(c => c.Step));
        Assert.Equal([TimeSpan.FromSeconds(1)], _sleeps);
    }

    [Fact]
    public void A_build_that_failed_otherwise_is_not_run_again()
    {
        var buildah = new RecordingProcess { FailStep = "build", FailTimes = 1 };

        var error = Assert.Throws<CakeException>(() => Build(buildah, new GitLabDockerBuildSettings(), Variables.DefaultBranch()));

        Assert.Equal("build failed", error.Message);
        Assert.Equal(["build"], buildah.Commands.Select(c => c.Step));
    }

    [Fact]
    public void A_push_that_keeps_failing_says_how_often_and_what_was_not_pushed()
    {
        var buildah = new RecordingProcess { FailStep = "push" };

        var error = Assert.Throws<CakeException>(() => Build(buildah, new GitLabDockerBuildSettings { PushRetries = 2 }));

        Assert.Contains("(push " + Image + ":staging-local failed 3 times.)", error.Message);
        Assert.Contains($"Nothing was written; not written: {Image}:staging-local.", error.Message);
    }

    [Fact]
    public void A_refused_cache_export_is_built_again_without_it_when_cache_errors_are_ignored()
    {
        var buildah = new RecordingProcess { FailWhen = c => c.Step == "build" && c.Arguments.Render().Contains("--cache-to") };

        var digest = Build(buildah, new GitLabDockerBuildSettings().WithCacheIgnoreError(), Variables.DefaultBranch());

        Assert.NotNull(digest);
        Assert.Equal(["build", "build", "push"], buildah.Commands.Select(c => c.Step));
        Assert.DoesNotContain("--cache-to", buildah.Commands[1].Arguments.Render());
    }

    [Fact]
    public void A_refused_cache_export_fails_the_build_when_cache_errors_count()
    {
        var buildah = new RecordingProcess { FailWhen = c => c.Step == "build" && c.Arguments.Render().Contains("--cache-to") };

        Assert.Throws<CakeException>(() => Build(buildah, new GitLabDockerBuildSettings(), Variables.DefaultBranch()));
        Assert.Equal(["build"], buildah.Commands.Select(c => c.Step));
    }

    [Fact]
    public void An_image_on_another_host_than_the_login_is_refused_before_anything_runs()
    {
        var variables = Variables.With(Variables.DefaultBranch(), ("CI_REGISTRY_IMAGE", "registry.elsewhere.example/group/app"));

        var error = Assert.Throws<CakeException>(() => Inputs.Plan(variables));

        Assert.Contains("is on registry.elsewhere.example but the login is for registry.gitlab.example (CI_REGISTRY)", error.Message);
    }

    [Fact]
    public void Login_failures_name_registry_and_user_and_the_usual_causes_but_never_the_password()
    {
        var command = BuildahCommands.Login(new RegistryCredentials("registry.gitlab.example", "gitlab-ci-token", Variables.Password), Inputs.Default());

        Assert.Contains("Could not log in to registry.gitlab.example as 'gitlab-ci-token'", command.Hint);
        Assert.Contains("job token", command.Hint);
        Assert.Contains("protected CI/CD variable", command.Hint);
        Assert.DoesNotContain(Variables.Password, command.Hint);
    }
}
