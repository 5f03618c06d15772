using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public class OciLabelsTests
{
    private static Dictionary<string, string?> Project(Dictionary<string, string?> variables) => Variables.With(variables,
        ("CI_PROJECT_URL", "https://gitlab.example/group/app"),
        ("CI_PROJECT_TITLE", "App \"one\"\nline two"),
        ("CI_COMMIT_SHA", "0123456789abcdef0123456789abcdef01234567"),
        ("CI_COMMIT_TIMESTAMP", "2026-11-27T10:00:00+01:00"));

    [Fact]
    public void A_release_is_labelled_from_the_pipeline()
    {
        var plan = Inputs.Plan(Project(Variables.Tag("v1.2.3-rc.1+build.7")), new GitLabDockerBuildSettings().WithSemVerTags());

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["org.opencontainers.image.created"] = "2026-11-27T10:00:00+01:00",
                ["org.opencontainers.image.ref.name"] = "v1.2.3-rc.1+build.7",
                ["org.opencontainers.image.revision"] = "0123456789abcdef0123456789abcdef01234567",
                ["org.opencontainers.image.source"] = "https://gitlab.example/group/app",
                ["org.opencontainers.image.title"] = "App \"one\"\nline two",
                ["org.opencontainers.image.url"] = "https://gitlab.example/group/app",
                ["org.opencontainers.image.version"] = "1.2.3-rc.1",
            },
            plan.Labels);
    }

    [Theory]
    [InlineData(false, "latest")]
    [InlineData(true, "sha-01234567")]
    public void The_version_of_a_default_branch_image_is_its_most_specific_tag(bool commitTag, string version)
    {
        var plan = Inputs.Plan(Project(Variables.DefaultBranch()), new GitLabDockerBuildSettings().WithCommitTag(commitTag));

        Assert.Equal(version, plan.Labels["org.opencontainers.image.version"]);
    }

    [Fact]
    public void A_validation_build_has_no_version_label()
    {
        var plan = Inputs.Plan(Project(Variables.Branch()));

        Assert.False(plan.Labels.ContainsKey("org.opencontainers.image.version"));
        Assert.Equal("feature/login", plan.Labels["org.opencontainers.image.ref.name"]);
    }

    [Fact]
    public void User_labels_win_and_oci_labels_can_be_turned_off()
    {
        var settings = new GitLabDockerBuildSettings().WithLabel("org.opencontainers.image.title", "Mine").WithLabel("team", "core");

        var merged = Inputs.Plan(Project(Variables.DefaultBranch()), settings).Labels;
        var own = Inputs.Plan(Project(Variables.DefaultBranch()), settings.WithOciLabels(false)).Labels;

        Assert.Equal("Mine", merged["org.opencontainers.image.title"]);
        Assert.Equal("core", merged["team"]);
        Assert.Equal(new Dictionary<string, string> { ["org.opencontainers.image.title"] = "Mine", ["team"] = "core" }, own);
    }

    [Fact]
    public void Both_engines_write_annotations_only_when_asked()
    {
        var settings = new GitLabDockerBuildSettings().WithAnnotations();
        const string revision = "--annotation \"org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567\"";

        var buildx = BuildxCommands.Build(Inputs.Plan(Project(Variables.DefaultBranch()), settings), Inputs.Default(), "b", null);
        var plain = BuildxCommands.Build(Inputs.Plan(Project(Variables.DefaultBranch())), Inputs.Default(), "b", null);
        var buildah = BuildahCommands.Build(
            Inputs.Plan(Variables.With(Project(Variables.DefaultBranch()), ("GITLAB_DOCKER_ENGINE", "buildah")), settings), Inputs.Default());

        Assert.Contains(revision, buildx.Arguments.Render());
        Assert.Contains(revision, buildah.Arguments.Render());
        Assert.DoesNotContain("--annotation", plain.Arguments.Render());
    }

    [Theory]
    [InlineData("", "v")]
    [InlineData("a=b", "v")]
    [InlineData("k", "nul\0here")]
    public void A_label_the_engine_cannot_take_is_refused_by_name(string key, string value)
    {
        var error = Assert.Throws<CakeException>(() => Inputs.Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings().WithLabel(key, value)));

        Assert.Contains("GitLabDockerBuildSettings.Labels", error.Message);
    }
}
