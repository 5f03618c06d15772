namespace Cake.GitLabDocker.Tests;

/// <summary>Rebuilds of one commit agree: every engine is given the commit's time for every timestamp it writes.</summary>
public sealed class ReproducibleBuildTests
{
    private const long Epoch = 1700000000;
    private static readonly BuildKitClient Daemonless = new(BuildKitClient.DaemonlessScript, null, []);

    private static GitLabDockerBuildPlan Plan(string engine, GitLabDockerBuildSettings? settings = null) =>
        Inputs.Plan(Variables.With(Variables.DefaultBranch(), ("CI_COMMIT_TIMESTAMP", "2023-11-14T22:13:20+00:00"), ("GITLAB_DOCKER_ENGINE", engine)), settings);

    [Fact]
    public void The_plan_carries_the_commits_time_in_unix_seconds()
    {
        Assert.Equal(Epoch, Plan("buildx").SourceDateEpoch);
        Assert.Null(Plan("buildx", new GitLabDockerBuildSettings().WithReproducible(false)).SourceDateEpoch);
        Assert.Null(Inputs.Plan(Variables.DefaultBranch()).SourceDateEpoch);
    }

    [Fact]
    public void Buildx_gets_source_date_epoch_and_no_provenance_unless_asked()
    {
        var rendered = BuildxCommands.Build(Plan("buildx"), Inputs.Default(), "gitlab-docker", null).Arguments.Render();
        var asked = BuildxCommands.Build(Plan("buildx"), Inputs.Default() with { Provenance = true }, "gitlab-docker", null).Arguments.Render();
        var off = BuildxCommands.Build(Plan("buildx", new GitLabDockerBuildSettings().WithReproducible(false)), Inputs.Default(), "gitlab-docker", null)
            .Arguments.Render();

        Assert.Contains($"--build-arg \"SOURCE_DATE_EPOCH={Epoch}\"", rendered);
        Assert.Contains("--provenance=false", rendered);
        Assert.Contains("--provenance=true", asked);
        Assert.DoesNotContain("SOURCE_DATE_EPOCH", off);
        Assert.DoesNotContain("--provenance", off);
    }

    [Fact]
    public void Buildkit_gets_source_date_epoch_as_a_build_argument()
    {
        var rendered = BuildKitCommands.Build(Plan("buildkit"), Inputs.Default(), Daemonless, null, null).Arguments.Render();

        Assert.Contains($"--opt \"build-arg:SOURCE_DATE_EPOCH={Epoch}\"", rendered);
    }

    [Fact]
    public void Buildah_gets_the_commits_time_as_its_timestamp()
    {
        var rendered = BuildahCommands.Build(Plan("buildah"), Inputs.Default()).Arguments.Render();

        Assert.Contains($"--timestamp {Epoch}", rendered);
    }
}
