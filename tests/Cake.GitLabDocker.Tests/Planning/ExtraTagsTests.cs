using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public class ExtraTagsTests
{
    private const string Image = Variables.Image;

    [Fact]
    public void Commit_tag_follows_the_pipeline_tag_on_pushing_pipelines()
    {
        var variables = Variables.With(Variables.Tag("v1.2.3"), ("CI_COMMIT_SHORT_SHA", "1a2b3c4d"));

        var plan = Inputs.Plan(variables, new GitLabDockerBuildSettings().WithCommitTag());

        Assert.Equal([$"{Image}:v1.2.3", $"{Image}:sha-1a2b3c4d"], plan.Tags);
    }

    [Fact]
    public void Commit_tag_falls_back_to_the_first_8_characters_of_the_sha()
    {
        var variables = Variables.With(Variables.DefaultBranch(), ("CI_COMMIT_SHA", "0123456789abcdef0123456789abcdef01234567"));

        var plan = Inputs.Plan(variables, new GitLabDockerBuildSettings().WithCommitTag());

        Assert.Equal([$"{Image}:latest", $"{Image}:sha-01234567"], plan.Tags);
    }

    [Fact]
    public void Commit_tag_is_not_added_to_validation_builds()
    {
        var plan = Inputs.Plan(Variables.With(Variables.Branch(), ("CI_COMMIT_SHORT_SHA", "1a2b3c4d")),
            new GitLabDockerBuildSettings().WithCommitTag());

        Assert.Empty(plan.Tags);
    }

    [Fact]
    public void Commit_tag_without_a_sha_names_the_variables()
    {
        var error = Assert.Throws<CakeException>(() => Inputs.Plan(Variables.Tag(), new GitLabDockerBuildSettings().WithCommitTag()));

        Assert.Contains("CI_COMMIT_SHORT_SHA", error.Message);
        Assert.Contains("CI_COMMIT_SHA", error.Message);
    }

    [Fact]
    public void Additional_tags_come_last_without_duplicates()
    {
        var settings = new GitLabDockerBuildSettings().WithAdditionalTag("stable").WithAdditionalTag("latest");

        var plan = Inputs.Plan(Variables.DefaultBranch(), settings);

        Assert.Equal([$"{Image}:latest", $"{Image}:stable"], plan.Tags);
    }

    [Fact]
    public void Additional_tags_give_a_forced_push_on_a_branch_something_to_push()
    {
        var plan = Inputs.Plan(Variables.Branch(), new GitLabDockerBuildSettings { Push = true }.WithAdditionalTag("preview"));

        Assert.True(plan.Push);
        Assert.Equal([$"{Image}:preview"], plan.Tags);
    }

    [Theory]
    [InlineData("with space")]
    [InlineData("-dash")]
    [InlineData("a/b")]
    [InlineData("")]
    public void An_invalid_additional_tag_names_the_setting(string tag)
    {
        var error = Assert.Throws<CakeException>(() =>
            Inputs.Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings().WithAdditionalTag(tag)));

        Assert.Contains("GitLabDockerBuildSettings.AdditionalTags", error.Message);
    }
}
