using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>The build inputs of #5 at the argument level, for both engines.</summary>
public class BuildInputsResolverTests
{
    private const string Image = Variables.Image;

    private static GitLabDockerBuildSettings Everything() => new GitLabDockerBuildSettings
    {
        StorageDriver = "vfs",
        Target = "runtime",
        NoCache = true,
        Pull = true,
        Provenance = false,
        Sbom = true,
        CacheImageManifest = true,
        CacheIgnoreError = true,
        Platforms = { "linux/amd64", "linux/arm64" },
        Secrets = { ["npm"] = "NPM_TOKEN" },
        ForwardedVariables = { "SENTRY_AUTH", "NOT_SET_HERE" },
        BuildContexts = { ["shared"] = "../shared" },
    };

    private static Dictionary<string, string?> Job(string engine = "buildx") => Variables.With(Variables.DefaultBranch(),
        ("NPM_TOKEN", "npm-s3cr3t"), ("SENTRY_AUTH", "sentry-s3cr3t"), ("https_proxy", "http://user:pw@proxy:3128"),
        ("NO_PROXY", "localhost"), ("GITLAB_DOCKER_ENGINE", engine));

    private static BuildInputs InputsOf(GitLabDockerBuildSettings settings, Dictionary<string, string?> variables) =>
        BuildInputsResolver.Resolve(settings, variables.Reader(), path => "/src/" + path.FullPath.TrimStart('.', '/'));

    [Fact]
    public void Buildx_gets_every_input_as_one_argument_and_no_secret_or_proxy_value()
    {
        var variables = Job();
        var settings = Everything();

        var line = BuildxCommands.Build(Inputs.Plan(variables, settings), InputsOf(settings, variables), "b", "/tmp/m").Arguments.Render();

        Assert.Contains(
            "--build-arg NO_PROXY --build-arg https_proxy --build-context \"shared=../shared\" " +
            "--secret \"id=SENTRY_AUTH,env=SENTRY_AUTH\" --secret \"id=npm,env=NPM_TOKEN\" --platform \"linux/amd64,linux/arm64\" " +
            "--target \"runtime\" --no-cache --pull --provenance=false --sbom=true --progress=plain", line);
        Assert.Contains($"--cache-to \"type=registry,ref={Image}:latest-buildcache-staging,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true\"", line);
        Assert.DoesNotContain("s3cr3t", line);
        Assert.DoesNotContain("pw@proxy", line);
        Assert.DoesNotContain("NOT_SET_HERE", line);
    }

    [Fact]
    public void Buildah_builds_several_platforms_into_a_manifest_list_without_the_layer_cache_and_pushes_it_whole()
    {
        var variables = Job("buildah");
        var settings = Everything();
        var plan = Inputs.Plan(variables, settings);
        var process = new RecordingProcess();

        new BuildahEngine(process).Build(plan, InputsOf(settings, variables));

        Assert.Empty(plan.CacheFrom);
        Assert.Equal(["manifest rm", "build", "manifest push"], process.Commands.Select(c => c.Step));
        var build = process.Commands[1].Arguments.Render();
        Assert.StartsWith("--storage-driver \"vfs\" build --isolation \"chroot\" --manifest \"" + Image + ":latest\" ", build);
        Assert.Contains(
            "--build-arg NO_PROXY --build-arg https_proxy --label \"org.opencontainers.image.ref.name=main\" " +
            "--label \"org.opencontainers.image.version=latest\" --build-context \"shared=../shared\" " +
            "--secret \"id=SENTRY_AUTH,env=SENTRY_AUTH\" --secret \"id=npm,env=NPM_TOKEN\" --platform \"linux/amd64,linux/arm64\" " +
            "--target \"runtime\" --no-cache --pull=always", build);
        Assert.DoesNotContain("--layers", build);
        Assert.DoesNotContain("--provenance", build);
        Assert.Matches("^--storage-driver \"vfs\" manifest push --all --digestfile \"[^\"]+\" \"" + Image + ":latest\" \"docker://" + Image + ":staging-local\"$",
            process.Commands[2].Arguments.Render());
        Assert.Contains(plan.Notes, note => note.Contains("multi-platform Buildah build runs without the layer cache"));
    }

    [Fact]
    public void One_platform_keeps_the_layer_cache_and_plain_tags()
    {
        var variables = Job("buildah");
        var settings = new GitLabDockerBuildSettings { StorageDriver = "vfs", Platforms = { "linux/arm64" } };

        var line = BuildahCommands.Build(Inputs.Plan(variables, settings), InputsOf(settings, variables)).Arguments.Render();

        Assert.Contains("build --layers", line);
        Assert.Contains("--tag \"" + Image + ":latest\"", line);
        Assert.Contains("--platform \"linux/arm64\"", line);
    }

    [Fact]
    public void The_plan_names_secrets_and_skipped_variables_but_holds_no_value()
    {
        var plan = Inputs.Plan(Job(), Everything());

        Assert.Equal([new("SENTRY_AUTH", "SENTRY_AUTH"), new("npm", "NPM_TOKEN")], plan.Secrets);
        Assert.Contains(plan.Notes, note => note == "ForwardedVariables not set in this job, so not forwarded: NOT_SET_HERE.");
        Assert.Contains("Secret     : npm from $NPM_TOKEN", plan.ToString());
        Assert.DoesNotContain("s3cr3t", plan.ToString() + string.Join("\n", plan.Notes));
    }

    [Theory]
    [InlineData("npm", "UNSET_TOKEN", "reads the variable UNSET_TOKEN, which is not set")]
    [InlineData("npm token", "NPM_TOKEN", "has the secret id 'npm token'")]
    [InlineData("npm", "NPM-TOKEN", "names the variable 'NPM-TOKEN'")]
    public void A_bad_secret_is_refused_by_name(string id, string variable, string message)
    {
        var settings = new GitLabDockerBuildSettings { Secrets = { [id] = variable } };

        var error = Assert.Throws<CakeException>(() => Inputs.Plan(Job(), settings));

        Assert.Contains("GitLabDockerBuildSettings.Secrets", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("amd64")]
    [InlineData("Linux/AMD64")]
    [InlineData("linux/amd64 --push")]
    public void A_bad_platform_is_refused_by_name(string platform)
    {
        var error = Assert.Throws<CakeException>(() => Inputs.Plan(Job(), new GitLabDockerBuildSettings { Platforms = { platform } }));

        Assert.Contains("GitLabDockerBuildSettings.Platforms", error.Message);
    }

    [Fact]
    public void Proxies_are_forwarded_only_when_set_and_can_be_turned_off()
    {
        Assert.Equal(["NO_PROXY", "https_proxy"], InputsOf(new GitLabDockerBuildSettings(), Job()).ProxyArgs);
        Assert.Empty(InputsOf(new GitLabDockerBuildSettings { ForwardProxy = false }, Job()).ProxyArgs);
        Assert.Empty(InputsOf(new GitLabDockerBuildSettings(), Variables.DefaultBranch()).ProxyArgs);
    }

    [Fact]
    public void Defaults_add_no_flag_beyond_plain_progress_on_gitlab()
    {
        var variables = Variables.DefaultBranch();
        var settings = new GitLabDockerBuildSettings();

        var line = BuildxCommands.Build(Inputs.Plan(variables, settings), InputsOf(settings, variables), "b", "/tmp/m").Arguments.Render();

        Assert.DoesNotContain("--provenance", line);
        Assert.DoesNotContain("--sbom", line);
        Assert.DoesNotContain("--pull", line);
        Assert.DoesNotContain("--platform", line);
        Assert.Contains("--progress=plain", line);
        Assert.False(InputsOf(settings, Variables.Local()).PlainProgress);
    }
}
