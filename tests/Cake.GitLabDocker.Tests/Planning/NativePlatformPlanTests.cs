using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>A NativePlatform build: one platform, caches of its own per platform under the pipeline's cache rules, refusals.</summary>
public sealed class NativePlatformPlanTests
{
    private const string Image = Variables.Image;

    private static GitLabDockerBuildPlan Plan(Dictionary<string, string?> variables, GitLabDockerBuildSettings settings, string? shortSha = "a1b2c3d4")
    {
        variables = Variables.With(variables, ("CI_COMMIT_SHORT_SHA", shortSha));
        return BuildPlanner.Plan(GitLabPipeline.FromVariables(variables.Reader()), settings, variables.Reader());
    }

    private static GitLabDockerBuildSettings Native(string platform = "linux/arm64", GitLabDockerEngine engine = GitLabDockerEngine.Buildx) =>
        new GitLabDockerBuildSettings().WithEngine(engine).WithNativePlatform(platform);

    public static TheoryData<string, bool, string, string[], string?> CacheTable => new()
    {
        // pipeline, BranchImages, platform, cache from, cache to
        { "default", false, "linux/arm64", [$"{Image}:latest-buildcache-linux-arm64"], $"{Image}:latest-buildcache-linux-arm64" },
        { "default", false, "linux/arm/v7", [$"{Image}:latest-buildcache-linux-arm-v7"], $"{Image}:latest-buildcache-linux-arm-v7" },
        { "tag", false, "linux/amd64", [$"{Image}:latest-buildcache-linux-amd64"], null },
        { "branch", false, "linux/arm64", [$"{Image}:latest-buildcache-linux-arm64"], null },
        { "mr", false, "linux/arm64", [$"{Image}:latest-buildcache-linux-arm64"], null },
        { "branch", true, "linux/arm64", [$"{Image}:buildcache-feature-login-linux-arm64", $"{Image}:latest-buildcache-linux-arm64"], $"{Image}:buildcache-feature-login-linux-arm64" },
        { "mr", true, "linux/arm64", [$"{Image}:buildcache-feature-login-linux-arm64", $"{Image}:latest-buildcache-linux-arm64"], null },
    };

    private static Dictionary<string, string?> Pipeline(string kind) => kind switch
    {
        "default" => Variables.DefaultBranch(),
        "tag" => Variables.Tag("v1.2.3"),
        "branch" => Variables.Branch(),
        _ => Variables.MergeRequest(),
    };

    [Theory]
    [MemberData(nameof(CacheTable))]
    public void Reads_and_writes_caches_of_its_own_platform_under_the_pipelines_cache_rules(
        string kind, bool branchImages, string platform, string[] from, string? to)
    {
        var plan = Plan(Pipeline(kind), Native(platform).WithBranchImages(branchImages));

        Assert.Equal([platform], plan.Platforms);
        Assert.Equal(from, plan.CacheFrom);
        Assert.Equal(to, plan.CacheTo);
    }

    [Fact]
    public void Push_false_writes_no_cache_of_its_platform()
    {
        var settings = Native();
        settings.Push = false;

        var plan = Plan(Variables.DefaultBranch(), settings);

        Assert.Equal([$"{Image}:latest-buildcache-linux-arm64"], plan.CacheFrom);
        Assert.Null(plan.CacheTo);
    }

    [Fact]
    public void Buildah_uses_a_cache_repository_per_platform()
    {
        var plan = Plan(Variables.DefaultBranch(), Native(engine: GitLabDockerEngine.Buildah));

        Assert.Equal([$"{Image}/buildcache-linux-arm64"], plan.CacheFrom);
        Assert.Equal($"{Image}/buildcache-linux-arm64", plan.CacheTo);
    }

    [Fact]
    public void Buildah_branch_cache_repository_ends_in_the_platform_too()
    {
        var plan = Plan(Variables.Branch(), Native(engine: GitLabDockerEngine.Buildah).WithBranchImages());

        Assert.Equal([$"{Image}/buildcache-feature-login-linux-arm64", $"{Image}/buildcache-linux-arm64"], plan.CacheFrom);
        Assert.Equal($"{Image}/buildcache-feature-login-linux-arm64", plan.CacheTo);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pipelines_that_push_nothing_validate_the_one_platform(string kind)
    {
        var plan = Plan(Pipeline(kind), Native());

        Assert.False(plan.Push);
        Assert.Empty(plan.Tags);
        Assert.Equal(["linux/arm64"], plan.Platforms);
        Assert.Contains(plan.Notes, note => note.Contains("NativePlatform: builds linux/arm64 only"));
    }

    public static TheoryData<string> Kinds => ["branch", "mr"];

    [Fact]
    public void Refuses_platforms_given_too_naming_both_settings()
    {
        var error = Assert.Throws<CakeException>(() => Plan(Variables.DefaultBranch(), Native().WithPlatform("linux/amd64")));

        Assert.Contains("NativePlatform", error.Message);
        Assert.Contains("Platforms", error.Message);
    }

    [Theory]
    [InlineData("arm64")]
    [InlineData("Linux/arm64")]
    [InlineData("linux/x86_64")]
    [InlineData("linux/arm64/v8/extra")]
    [InlineData("linux/arm64:latest")]
    [InlineData("linux/")]
    public void Refuses_a_platform_that_is_not_os_arch_variant_naming_the_setting(string platform)
    {
        var error = Assert.Throws<CakeException>(() => Plan(Variables.Branch(), Native(platform)));

        Assert.Contains("NativePlatform", error.Message);
    }

    [Fact]
    public void Buildah_refuses_a_pushing_native_build_with_no_commit_to_name_its_internal_tag()
    {
        var error = Assert.Throws<CakeException>(() => Plan(Variables.DefaultBranch(), Native(engine: GitLabDockerEngine.Buildah), shortSha: null));

        Assert.Contains("CI_COMMIT_SHORT_SHA", error.Message);
        Assert.Contains("NativePlatform", error.Message);
    }

    [Fact]
    public void A_native_tag_pipeline_does_not_promote_the_commit_image()
    {
        var settings = Native();
        settings.ReuseCommitImage = true;

        var plan = Plan(Variables.Tag("v1.2.3"), settings);

        Assert.Null(plan.PromoteFrom);
    }
}
