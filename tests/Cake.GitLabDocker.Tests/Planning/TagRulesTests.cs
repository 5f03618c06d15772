using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public class TagRulesTests
{
    private const string Image = Variables.Image;

    private static IEnumerable<string> TagsOf(GitLabDockerBuildPlan plan) => plan.Tags.Select(tag => tag[(Image.Length + 1)..]);

    private static GitLabDockerBuildSettings Release() => new GitLabDockerBuildSettings().WithSemVerTags().WithLatestOnRelease();

    [Theory]
    [InlineData("v1.2.3", "v1.2.3 1.2.3 1.2 1 latest")]
    [InlineData("1.2.3", "1.2.3 1.2 1 latest")]
    [InlineData("v0.4.1", "v0.4.1 0.4.1 0.4 latest")]
    [InlineData("v10.20.30", "v10.20.30 10.20.30 10.20 10 latest")]
    [InlineData("v1.2.3-rc.1", "v1.2.3-rc.1 1.2.3-rc.1")]
    [InlineData("v2.0.0-alpha", "v2.0.0-alpha 2.0.0-alpha")]
    [InlineData("v1.2.3+build.5", "v1.2.3_build.5 1.2.3 1.2 1 latest")]
    [InlineData("v1.2.3-rc.1+exp.sha.5114f85", "v1.2.3-rc.1_exp.sha.5114f85 1.2.3-rc.1")]
    [InlineData("v1.2", "v1.2")]
    [InlineData("v01.2.3", "v01.2.3")]
    [InlineData("release-2024", "release-2024")]
    public void Semver_tags_and_latest_on_release(string gitTag, string expected)
    {
        var plan = Inputs.Plan(Variables.Tag(gitTag), Release());

        Assert.Equal(expected.Split(' '), TagsOf(plan));
    }

    [Fact]
    public void Latest_on_release_without_semver_tags_moves_latest_after_the_raw_tag()
    {
        var plan = Inputs.Plan(Variables.Tag("v3.1.0"), new GitLabDockerBuildSettings().WithLatestOnRelease());

        Assert.Equal(["v3.1.0", "latest"], TagsOf(plan));
    }

    [Fact]
    public void Latest_goes_last_even_after_commit_and_additional_tags()
    {
        var plan = Inputs.Plan(Variables.With(Variables.Tag("v1.0.0"), ("CI_COMMIT_SHORT_SHA", "1a2b3c4d")),
            Release().WithCommitTag().WithAdditionalTag("stable"));

        Assert.Equal(["v1.0.0", "1.0.0", "1.0", "1", "sha-1a2b3c4d", "stable", "latest"], TagsOf(plan));
    }

    [Fact]
    public void A_git_tag_over_128_characters_is_shortened_with_a_hash()
    {
        var first = TagsOf(Inputs.Plan(Variables.Tag("v" + new string('1', 130) + "a"))).Single();
        var second = TagsOf(Inputs.Plan(Variables.Tag("v" + new string('1', 130) + "b"))).Single();

        Assert.Equal(128, first.Length);
        Assert.NotEqual(first, second);
        Assert.True(DockerTag.IsValid(first));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("latest-buildcache")]
    [InlineData("latest-buildcache-staging")]
    [InlineData("buildcache-main")]
    public void A_git_tag_that_would_overwrite_latest_or_a_cache_is_refused(string gitTag)
    {
        var error = Assert.Throws<CakeException>(() => Inputs.Plan(Variables.Tag(gitTag)));

        Assert.Contains("CI_COMMIT_TAG", error.Message);
        Assert.Contains("LatestOnRelease", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("7a")]
    [InlineData("-1")]
    public void Merge_request_images_need_a_numeric_iid(string? iid)
    {
        var variables = Variables.With(Variables.MergeRequest(), ("CI_MERGE_REQUEST_IID", iid));

        var error = Assert.Throws<CakeException>(() => Inputs.Plan(variables, new GitLabDockerBuildSettings().WithMergeRequestImages()));

        Assert.Contains("CI_MERGE_REQUEST_IID", error.Message);
    }

    [Fact]
    public void Branch_images_use_the_ref_slug_variable_only_when_it_belongs_to_the_branch()
    {
        var variables = Variables.With(Variables.Branch("feature/login"), ("CI_COMMIT_REF_SLUG", "feature-login"));
        var stale = Variables.With(Variables.Branch("feature/login"), ("CI_COMMIT_REF_NAME", "main"), ("CI_COMMIT_REF_SLUG", "main"));

        Assert.Equal(["feature-login"], TagsOf(Inputs.Plan(variables, new GitLabDockerBuildSettings().WithBranchImages())));
        Assert.Equal(["feature-login"], TagsOf(Inputs.Plan(stale, new GitLabDockerBuildSettings().WithBranchImages())));
    }

    [Fact]
    public void The_default_branch_never_gets_a_branch_image()
    {
        var plan = Inputs.Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings().WithBranchImages());

        Assert.Equal(["latest"], TagsOf(plan));
        Assert.Equal($"{Image}:latest-buildcache", plan.CacheTo);
    }

    [Fact]
    public void Push_false_on_a_branch_image_pipeline_writes_no_branch_cache()
    {
        var plan = Inputs.Plan(Variables.Branch(), new GitLabDockerBuildSettings { Push = false }.WithBranchImages());

        Assert.False(plan.Push);
        Assert.Null(plan.CacheTo);
    }

    [Fact]
    public void Every_decision_is_a_note_of_the_plan()
    {
        var plan = Inputs.Plan(Variables.Tag("v1.2.3-rc.1"), Release());

        Assert.Contains(plan.Notes, note => note.Contains("pre-release 1.2.3-rc.1 moves no MAJOR.MINOR"));
        Assert.Contains(plan.Notes, note => note.Contains("LatestOnRelease: not a SemVer release"));
    }
}
