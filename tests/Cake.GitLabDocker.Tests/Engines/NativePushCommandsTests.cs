namespace Cake.GitLabDocker.Tests;

/// <summary>A pushing NativePlatform build: buildx and BuildKit push by digest only; Buildah pushes one internal tag.</summary>
public sealed class NativePushCommandsTests
{
    private const string Image = Variables.Image;
    private static readonly BuildKitClient Daemonless = new(BuildKitClient.DaemonlessScript, null, []);

    private static GitLabDockerBuildPlan Plan(GitLabDockerEngine engine, Dictionary<string, string?>? variables = null) =>
        Inputs.Plan(
            Variables.With(variables ?? Variables.DefaultBranch(), ("CI_COMMIT_SHORT_SHA", "a1b2c3d4")),
            new GitLabDockerBuildSettings { OciLabels = false }.WithEngine(engine).WithNativePlatform("linux/arm64"));

    [Fact]
    public void Buildx_pushes_by_digest_to_the_repository_with_no_tag()
    {
        var plan = Plan(GitLabDockerEngine.Buildx);

        var rendered = BuildxCommands.Build(plan, Inputs.Default(), "gitlab-docker", "/tmp/m.json").Arguments.Render();

        Assert.Equal(
            "buildx build --builder \"gitlab-docker\" --platform \"linux/arm64\" --provenance=false " +
            "--cache-from \"type=registry,ref=" + Image + ":latest-buildcache-linux-arm64\" " +
            "--cache-to \"type=registry,ref=" + Image + ":latest-buildcache-linux-arm64,mode=max\" " +
            "--metadata-file \"/tmp/m.json\" " +
            "--output \"type=image,name=" + Image + ",push-by-digest=true,name-canonical=true,push=true\" \"/src/app\"",
            rendered);
        Assert.DoesNotContain("--tag", rendered);
        Assert.DoesNotContain("--push", rendered);
    }

    [Fact]
    public void Buildx_push_by_digest_to_a_plain_http_registry_marks_it_insecure()
    {
        var inputs = Inputs.Default() with { TlsVerify = false };

        var rendered = BuildxCommands.Build(Plan(GitLabDockerEngine.Buildx), inputs, "gitlab-docker", null).Arguments.Render();

        Assert.Contains("--output \"type=image,name=" + Image + ",push-by-digest=true,name-canonical=true,push=true,registry.insecure=true\"", rendered);
    }

    [Fact]
    public void BuildKit_pushes_by_digest_to_the_repository_with_no_tag()
    {
        var rendered = BuildKitCommands.Build(Plan(GitLabDockerEngine.BuildKit), Inputs.Default(), Daemonless, "/tmp/m.json", null)
            .Arguments.Render();

        Assert.Contains("--opt \"platform=linux/arm64\"", rendered);
        Assert.Contains("--import-cache \"type=registry,ref=" + Image + ":latest-buildcache-linux-arm64\"", rendered);
        Assert.Contains("--export-cache \"type=registry,ref=" + Image + ":latest-buildcache-linux-arm64,mode=max\"", rendered);
        Assert.Contains("--output \"type=image,name=" + Image + ",push-by-digest=true,name-canonical=true,push=true\"", rendered);
        Assert.DoesNotContain(":latest\"", rendered);
    }

    [Fact]
    public void Buildah_builds_and_pushes_one_internal_tag_of_the_platform_and_commit()
    {
        var plan = Plan(GitLabDockerEngine.Buildah);
        var build = BuildahCommands.Build(plan, Inputs.Default()).Arguments.Render();
        var buildah = new RecordingProcess { Outputs = { ["platform check"] = "linux arm64 v8" } };

        new BuildahEngine(buildah).Build(plan, Inputs.Default());

        Assert.Equal([$"{Image}:platform-linux-arm64-a1b2c3d4"], plan.Tags);
        Assert.Contains($"--tag \"{Image}:platform-linux-arm64-a1b2c3d4\"", build);
        Assert.Contains("--platform \"linux/arm64\"", build);
        Assert.Contains($"--cache-to \"{Image}/buildcache-linux-arm64\"", build);
        Assert.Equal(["build", "platform check", "push"], buildah.Commands.Select(command => command.Step));
        Assert.Contains($"{Image}:platform-linux-arm64-a1b2c3d4", buildah.Commands[2].Arguments.Render());
    }

    [Theory]
    [InlineData(GitLabDockerEngine.Buildx)]
    [InlineData(GitLabDockerEngine.BuildKit)]
    public void The_plan_of_a_digest_push_targets_the_repository_alone(GitLabDockerEngine engine)
    {
        var plan = Plan(engine, Variables.Tag("v1.2.3"));

        Assert.True(plan.Push);
        Assert.True(plan.PushByDigest);
        Assert.Equal([Image], plan.Tags);
        Assert.Contains("Push by    : digest only", plan.ToString());
        Assert.Contains(plan.Notes, note => note.Contains("by digest only") && note.Contains($"{Image}:v1.2.3") && note.Contains("GitLabDockerMerge"));
    }

    [Fact]
    public void Buildah_names_its_internal_tag_and_the_cleanup_in_the_notes()
    {
        var plan = Plan(GitLabDockerEngine.Buildah, Variables.Tag("v1.2.3"));

        Assert.True(plan.Push);
        Assert.False(plan.PushByDigest);
        Assert.Contains(plan.Notes, note => note.Contains($"{Image}:platform-linux-arm64-a1b2c3d4") && note.Contains("cleanup policy"));
    }

    [Fact]
    public void A_validation_build_pushes_nothing_and_is_not_a_digest_push()
    {
        var plan = Plan(GitLabDockerEngine.Buildx, Variables.Branch());

        Assert.False(plan.Push);
        Assert.False(plan.PushByDigest);
        Assert.Empty(plan.Tags);
    }

    [Fact]
    public void Buildx_attaches_provenance_to_a_native_build_only_when_asked()
    {
        var inputs = Inputs.Default() with { Provenance = true };

        var rendered = BuildxCommands.Build(Plan(GitLabDockerEngine.Buildx), inputs, "gitlab-docker", null).Arguments.Render();

        Assert.Contains("--provenance=true", rendered);
    }
}
