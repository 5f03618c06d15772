using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public sealed class GitLabDockerRunnerTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("gitlab-docker-runner-").FullName;
    private readonly RecordingLog _log = new();
    private readonly RecordingProcess _process = new RecordingProcess().Existing("buildx inspect:gitlab-docker");

    private GitLabDockerRunner Runner(Dictionary<string, string?> variables) => new(
        _log,
        variables.Reader(),
        path => _work + "/" + path.FullPath.TrimStart('.', '/'),
        (_, _) => _process,
        registry: _ => _registry);

    private readonly MemoryRegistry _registry = new();

    [Fact]
    public void Keep_login_is_obsolete_and_says_it_has_no_effect()
    {
#pragma warning disable CS0618 // The obsolete setting must still compile and run.
        Runner(Variables.DefaultBranch()).Build(new GitLabDockerBuildSettings().WithKeepLogin());
#pragma warning restore CS0618

        Assert.DoesNotContain(_process.Commands, command => command.Step is "login" or "logout");
        Assert.Contains(_log.Lines, line => line.Contains("KeepLogin has no effect") && line.Contains("GitLabDockerLogin()"));
    }

    [Fact]
    public void A_failed_build_leaves_no_private_config_and_runs_no_logout()
    {
        _process.FailStep = "buildx build";

        Assert.Throws<CakeException>(() => Runner(Variables.DefaultBranch()).Build(new GitLabDockerBuildSettings()));

        Assert.Equal("buildx build", _process.Commands[^1].Step);
        var folder = _process.Commands[^1].Environment!["DOCKER_CONFIG"];
        Assert.False(Directory.Exists(folder), folder);
    }

    [Fact]
    public void Builds_with_a_private_docker_config_and_returns_the_plan_with_the_digest()
    {
        var result = Runner(Variables.DefaultBranch()).Build(new GitLabDockerBuildSettings());

        Assert.Equal(["buildx inspect (current builder)", "buildx inspect", "buildx build"], _process.Commands.Select(command => command.Step));
        Assert.All(_process.Commands, command => Assert.Null(command.StandardInput));
        Assert.Single(_process.Commands.Select(command => command.Environment!["DOCKER_CONFIG"]).Distinct());
        Assert.Equal([$"{Variables.Image}:latest"], result.Tags);
        Assert.Equal("sha256:" + new string('a', 64), result.Digest);
        Assert.EndsWith($"\"{_work}/\"", _process.Commands[^1].Arguments.Render());
    }

    [Fact]
    public void A_gitlab_runner_gets_collapsible_sections()
    {
        Runner(Variables.DefaultBranch()).Build(new GitLabDockerBuildSettings());

        Assert.Contains(_log.Lines, line => line.StartsWith("\u001b[0Ksection_start:", StringComparison.Ordinal) && line.Contains(":gitlab_docker_login"));
        Assert.Contains(_log.Lines, line => line.StartsWith("\u001b[0Ksection_end:", StringComparison.Ordinal) && line.Contains(":gitlab_docker_build"));
    }

    [Fact]
    public void Gitlab_ci_true_without_a_runner_prints_no_section_markers()
    {
        // gitlab-ci-local with --variable GITLAB_CI=true, or the demo: a terminal, where the markers would show as text.
        Runner(Variables.With(Variables.DefaultBranch(), ("CI_RUNNER_ID", null))).Build(new GitLabDockerBuildSettings());

        Assert.DoesNotContain(_log.Lines, line => line.Contains("section_start") || line.Contains("section_end"));
        Assert.Contains(_log.Lines, line => line.StartsWith("Pushed ", StringComparison.Ordinal));
    }

    [Fact]
    public void Validation_builds_say_so_in_the_log()
    {
        Runner(Variables.Branch("feature/x")).Build(new GitLabDockerBuildSettings());

        Assert.Contains(_log.Lines, line => line.Contains("Branch 'feature/x' is not the default branch 'main': validation build only"));
    }

    [Fact]
    public void Bad_input_fails_before_any_process_starts()
    {
        Assert.Throws<CakeException>(() => Runner(Variables.Tag("bad/tag")).Build(new GitLabDockerBuildSettings()));
        Assert.Throws<CakeException>(() => Runner(Variables.With(Variables.Tag(), ("CI_REGISTRY_USER", null))).Build(new GitLabDockerBuildSettings()));

        Assert.Empty(_process.Commands);
    }

    [Fact]
    public void A_failed_login_stops_before_the_build()
    {
        _process.FailStep = "login";

        Assert.Throws<CakeException>(() => Runner(Variables.With(Variables.Tag(), ("GITLAB_DOCKER_ENGINE", "buildah"))).Build(new GitLabDockerBuildSettings()));

        // Buildah's storage check started beside the login; nothing came after the login.
        Assert.Equal(["storage check", "login"], _process.Commands.Select(command => command.Step));
    }

    [Fact]
    public void Log_text_never_holds_the_password()
    {
        Runner(Variables.DefaultBranch()).Build(new GitLabDockerBuildSettings());
        Runner(Variables.Tag()).Login(new GitLabDockerBuildSettings());

        Assert.NotEmpty(_log.Lines);
        Assert.DoesNotContain(Variables.Password, _log.Text);
    }

    [Fact]
    public void Braces_in_a_branch_name_do_not_break_the_log()
    {
        Runner(Variables.Branch("feat/{0}-{x}")).Build(new GitLabDockerBuildSettings());

        Assert.Contains(_log.Lines, line => line.Contains("'feat/{0}-{x}'"));
    }

    [Fact]
    public void Login_alone_uses_the_chosen_engine()
    {
        Runner(Variables.With(Variables.Tag(), ("GITLAB_DOCKER_ENGINE", "buildah"))).Login(new GitLabDockerBuildSettings());

        var login = Assert.Single(_process.Commands);
        Assert.StartsWith("login --username", login.Arguments.Render());
    }

    [Fact]
    public void Login_without_credentials_names_the_variables()
    {
        var error = Assert.Throws<CakeException>(() =>
            Runner(Variables.Local()).Login(new GitLabDockerBuildSettings { Image = "registry.example.com/group/app" }));

        Assert.Contains("CI_REGISTRY_USER (or GitLabDockerBuildSettings.Username)", error.Message);
        Assert.Contains("CI_REGISTRY_PASSWORD (or GitLabDockerBuildSettings.Password)", error.Message);
    }

    [Fact]
    public void Buildah_engine_comes_from_the_variable_with_its_ci_defaults()
    {
        Runner(Variables.With(Variables.DefaultBranch(), ("GITLAB_DOCKER_ENGINE", "buildah"), ("STORAGE_DRIVER", "overlay")))
            .Build(new GitLabDockerBuildSettings());

        Assert.Equal(["login", "build", "push"], _process.Commands.Select(command => command.Step));
        Assert.StartsWith("--storage-driver \"overlay\" build --layers --isolation \"chroot\"", _process.Commands[1].Arguments.Render());
    }

    [Theory]
    [InlineData("buildx")]
    [InlineData("buildah")]
    public void Dry_run_logs_the_plan_and_every_command_and_runs_nothing(string engine)
    {
        var variables = Variables.With(Variables.Tag("v1.2.3"), ("GITLAB_DOCKER_ENGINE", engine));

        var result = Runner(variables).Build(new GitLabDockerBuildSettings().WithDryRun().WithSemVerTags());

        Assert.Empty(_process.Commands);
        Assert.Null(result.Digest);
        Assert.Equal(4, result.Tags.Count);
        Assert.Contains(_log.Lines, line => line.StartsWith("Tags       : " + Variables.Image + ":v1.2.3, "));
        Assert.Contains(_log.Lines, line => line.Contains(engine == "buildah" ? "(password on standard input" : "(credentials in a private Docker config") && line.Contains("Logs in"));
        var build = engine == "buildah" ? "buildah --storage-driver \"vfs\" build --layers" : "docker buildx build --builder \"gitlab-docker\"";
        Assert.Contains(_log.Lines, line => line.StartsWith("Would run: " + build));
        Assert.Equal(engine == "buildah" ? 1 : 0, _log.Lines.Count(line => line.StartsWith("Would run: buildah --storage-driver \"vfs\" push")));
        Assert.Contains(_log.Lines, line => line.StartsWith($"Would check each of {Variables.Image}:v1.2.3, "));
        Assert.Contains("Dry run: nothing was built, pushed or logged in to.", _log.Lines);
        Assert.DoesNotContain(Variables.Password, _log.Text);
    }

    [Fact]
    public void A_push_leaves_the_dotenv_report_for_later_jobs()
    {
        Directory.CreateDirectory(Path.Combine(_work, "out"));

        var result = Runner(Variables.With(Variables.DefaultBranch(), ("CI_COMMIT_SHORT_SHA", "1a2b3c4d")))
            .Build(new GitLabDockerBuildSettings().WithCommitTag().WithAdditionalTag("stable").WithDotenvFile("out/image.env"));

        Assert.Equal("out/image.env", result.DotenvFile);
        Assert.Equal(
            $"GITLAB_DOCKER_IMAGE={Variables.Image}:latest@{result.Digest}\n" +
            $"GITLAB_DOCKER_DIGEST={result.Digest}\n" +
            $"GITLAB_DOCKER_TAGS={Variables.Image}:latest,{Variables.Image}:sha-1a2b3c4d,{Variables.Image}:stable\n",
            File.ReadAllText(Path.Combine(_work, "out", "image.env")));
    }

    [Fact]
    public void The_default_report_is_written_on_gitlab_after_a_push_only()
    {
        Runner(Variables.Branch()).Build(new GitLabDockerBuildSettings());
        Assert.False(File.Exists(Path.Combine(_work, "gitlab-docker.env")));

        Runner(Variables.Tag()).Build(new GitLabDockerBuildSettings().WithDryRun());
        Assert.False(File.Exists(Path.Combine(_work, "gitlab-docker.env")));
        Assert.Contains(_log.Lines, line => line.StartsWith($"Would write {_work}/gitlab-docker.env"));

        Runner(Variables.Tag()).Build(new GitLabDockerBuildSettings().WithWriteDotenv(false));
        Assert.False(File.Exists(Path.Combine(_work, "gitlab-docker.env")));

        Runner(Variables.Tag()).Build(new GitLabDockerBuildSettings());
        Assert.StartsWith($"GITLAB_DOCKER_IMAGE={Variables.Image}:v1.2.3@sha256:", File.ReadAllText(Path.Combine(_work, "gitlab-docker.env")));
    }

    [Fact]
    public void A_job_that_pushes_nothing_removes_an_earlier_jobs_report_and_says_so()
    {
        var report = Path.Combine(_work, "gitlab-docker.env");
        Runner(Variables.Tag()).Build(new GitLabDockerBuildSettings());
        Assert.True(File.Exists(report));

        Runner(Variables.Branch()).Build(new GitLabDockerBuildSettings());

        Assert.False(File.Exists(report));
        Assert.Contains(_log.Lines, line => line.StartsWith($"Removed {report}: this branch pipeline pushes nothing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_job_that_pushes_nothing_removes_the_report_even_when_its_build_fails()
    {
        var report = Path.Combine(_work, "gitlab-docker.env");
        File.WriteAllText(report, "GITLAB_DOCKER_IMAGE=old\n");
        _process.FailStep = "buildx build";

        Assert.Throws<CakeException>(() => Runner(Variables.Branch()).Build(new GitLabDockerBuildSettings()));

        Assert.False(File.Exists(report));
    }

    [Fact]
    public void A_dry_run_that_pushes_nothing_only_says_it_would_remove_the_report()
    {
        var report = Path.Combine(_work, "gitlab-docker.env");
        File.WriteAllText(report, "GITLAB_DOCKER_IMAGE=old\n");

        Runner(Variables.Branch()).Build(new GitLabDockerBuildSettings().WithDryRun());

        Assert.True(File.Exists(report));
        Assert.Contains(_log.Lines, line => line.StartsWith($"Would remove {report}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_report_the_job_would_never_write_is_left_alone()
    {
        var report = Path.Combine(_work, "gitlab-docker.env");
        File.WriteAllText(report, "GITLAB_DOCKER_IMAGE=old\n");

        Runner(Variables.Branch()).Build(new GitLabDockerBuildSettings().WithWriteDotenv(false));
        Runner(Variables.Branch()).Build(new GitLabDockerBuildSettings().WithDotenvFile("other.env"));

        Assert.True(File.Exists(report));
        Assert.DoesNotContain(_log.Lines, line => line.StartsWith("Removed ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_merge_that_pushes_nothing_removes_an_earlier_jobs_report()
    {
        var report = Path.Combine(_work, "gitlab-docker.env");
        File.WriteAllText(report, "GITLAB_DOCKER_IMAGE=old\n");

        Runner(Variables.Branch()).Merge(new GitLabDockerBuildSettings().WithPlatform("linux/amd64").WithPlatform("linux/arm64"));

        Assert.False(File.Exists(report));
    }

    [Fact]
    public void A_report_over_gitlabs_limit_is_refused_before_anything_runs()
    {
        var settings = new GitLabDockerBuildSettings();
        for (var i = 0; i < 120; i++)
        {
            settings.AdditionalTags.Add($"extra-tag-number-{i}");
        }

        var error = Assert.Throws<CakeException>(() => Runner(Variables.Tag()).Build(settings));

        Assert.Contains("5 KB", error.Message);
        Assert.Contains("WriteDotenv", error.Message);
        Assert.Empty(_process.Commands);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
