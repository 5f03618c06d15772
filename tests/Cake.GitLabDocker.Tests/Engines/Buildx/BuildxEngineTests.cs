using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public class BuildxEngineTests
{
    [Fact]
    public void First_run_creates_the_context_and_builder_then_builds_and_reads_the_digest()
    {
        var docker = new RecordingProcess();

        var digest = new BuildxEngine(docker).Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default());

        Assert.Equal(["buildx inspect (current builder)", "buildx inspect", "context inspect", "context create", "buildx create", "buildx build"],
            docker.Commands.Select(command => command.Step));
        Assert.Equal("sha256:" + new string('a', 64), digest);
    }

    [Fact]
    public void Next_run_reuses_the_builder()
    {
        var docker = new RecordingProcess().Existing("buildx inspect:gitlab-docker");

        new BuildxEngine(docker).Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default());

        Assert.Equal(["buildx inspect (current builder)", "buildx inspect", "buildx build"], docker.Commands.Select(command => command.Step));
    }

    [Fact]
    public void An_existing_context_is_reused_when_the_builder_is_gone()
    {
        var docker = new RecordingProcess().Existing("context inspect:gitlab-docker");

        new BuildxEngine(docker).Build(Inputs.Plan(Variables.Tag()), Inputs.Default());

        Assert.Equal(["buildx inspect (current builder)", "buildx inspect", "context inspect", "buildx create", "buildx build"], docker.Commands.Select(command => command.Step));
    }

    [Fact]
    public void A_named_builder_is_used_as_is()
    {
        var docker = new RecordingProcess();

        new BuildxEngine(docker).Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default() with { Builder = "shared-buildkit" });

        var only = Assert.Single(docker.Commands);
        Assert.StartsWith("buildx build --builder \"shared-buildkit\"", only.Arguments.Render());
    }

    [Fact]
    public void Local_runs_use_the_current_builder_and_create_nothing()
    {
        var docker = new RecordingProcess();

        var digest = new BuildxEngine(docker).Build(Inputs.Plan(Variables.Local(), new GitLabDockerBuildSettings { Image = "app" }), Inputs.Default());

        var only = Assert.Single(docker.Commands);
        Assert.DoesNotContain("--builder", only.Arguments.Render());
        Assert.Null(digest);
    }

    [Fact]
    public void No_digest_when_nothing_is_pushed()
    {
        var docker = new RecordingProcess();

        var digest = new BuildxEngine(docker).Build(Inputs.Plan(Variables.MergeRequest()), Inputs.Default());

        Assert.Null(digest);
        Assert.DoesNotContain("--metadata-file", docker.Commands[^1].Arguments.Render());
    }

    [Fact]
    public void A_failed_builder_setup_stops_before_the_build()
    {
        var docker = new RecordingProcess { FailStep = "buildx create" };

        Assert.Throws<CakeException>(() => new BuildxEngine(docker).Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default()));

        Assert.DoesNotContain(docker.Commands, command => command.Step == "buildx build");
    }

    [Fact]
    public void The_metadata_file_is_outside_the_build_context_and_removed_afterwards()
    {
        var docker = new RecordingProcess().Existing("buildx inspect:gitlab-docker");

        new BuildxEngine(docker).Build(Inputs.Plan(Variables.Tag()), Inputs.Default());

        var path = RecordingProcess.ValueAfter(docker.Commands[^1], "--metadata-file")!;
        Assert.StartsWith(Path.GetTempPath(), path);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void The_docker_clis_https_first_notice_on_a_plain_http_registry_is_explained_once()
    {
        var log = new RecordingLog();
        var docker = new RecordingProcess();
        docker.ErrorLines.Add("time=\"2026-11-28T02:11:56Z\" level=info msg=\"Error logging in to endpoint, trying next endpoint\" error=\"http: server gave HTTP response to HTTPS client\"");

        new BuildxEngine(docker, new JobLog(log, onGitLab: true)).LoginForLater(new RegistryCredentials("127.0.0.1:5000", "u", "p"), Inputs.Default());

        Assert.Single(log.Lines, line => line.Contains("Harmless.", StringComparison.Ordinal));
    }
}
