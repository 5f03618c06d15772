using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>The <c>buildctl build</c> command line for every pipeline kind and every build input.</summary>
public sealed class BuildKitCommandsTests
{
    private const string Image = Variables.Image;
    private static readonly BuildKitClient Daemonless = new(BuildKitClient.DaemonlessScript, null, []);
    private static readonly BuildKitClient Remote = new(BuildKitClient.Buildctl, "tcp://buildkitd:1234",
        [new("--tlscacert", "/certs/ca.pem"), new("--tlscert", "/certs/cert.pem"), new("--tlskey", "/certs/key.pem")]);

    private static GitLabDockerBuildPlan Plan(Dictionary<string, string?> variables, GitLabDockerBuildSettings? settings = null) =>
        Inputs.Plan(Variables.With(variables, ("GITLAB_DOCKER_ENGINE", "buildkit")), settings);

    [Fact]
    public void Default_branch_pushes_by_digest_and_writes_the_buildx_cache()
    {
        var command = BuildKitCommands.Build(Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings { OciLabels = false }),
            Inputs.Default(), Daemonless, "/tmp/m.json", "/tmp/auth");

        Assert.Equal(
            "build --frontend dockerfile.v0 --local \"context=/src/app\" --local \"dockerfile=/src/app\" " +
            $"--import-cache \"type=registry,ref={Image}:latest-buildcache\" " +
            $"--export-cache \"type=registry,ref={Image}:latest-buildcache-staging,mode=max\" " +
            $"--output \"type=image,name={Image},push-by-digest=true,name-canonical=true,push=true\" " +
            "--metadata-file \"/tmp/m.json\" --progress=plain",
            command.Arguments.Render());
        Assert.Equal("/tmp/auth", command.Environment!["DOCKER_CONFIG"]);
        Assert.Null(command.StandardInput);
    }

    [Fact]
    public void A_release_pushes_by_digest_for_the_tag_checks_and_writes_no_cache()
    {
        var plan = Plan(Variables.Tag("v1.2.3"), new GitLabDockerBuildSettings { OciLabels = false }.WithSemVerTags());

        var rendered = BuildKitCommands.Build(plan, Inputs.Default(), Daemonless, "/tmp/m.json", null).Arguments.Render();

        Assert.Contains($"--output \"type=image,name={Image},push-by-digest=true,name-canonical=true,push=true\"", rendered);
        Assert.DoesNotContain(":v1.2.3", rendered);
        Assert.DoesNotContain("--export-cache", rendered);
    }

    [Fact]
    public void A_branch_validation_build_reads_the_cache_and_has_no_output()
    {
        var command = BuildKitCommands.Build(Plan(Variables.Branch()), Inputs.Default(), Daemonless, null, null);

        var rendered = command.Arguments.Render();
        Assert.Contains("--import-cache", rendered);
        Assert.DoesNotContain("--output", rendered);
        Assert.DoesNotContain("--metadata-file", rendered);
        Assert.Null(command.Environment);
    }

    [Fact]
    public void A_daemon_address_comes_first_with_its_tls_files()
    {
        var rendered = BuildKitCommands.Build(Plan(Variables.DefaultBranch()), Inputs.Default(), Remote, null, null).Arguments.Render();

        Assert.StartsWith(
            "--addr \"tcp://buildkitd:1234\" --tlscacert \"/certs/ca.pem\" --tlscert \"/certs/cert.pem\" --tlskey \"/certs/key.pem\" build ",
            rendered);
    }

    [Fact]
    public void Every_input_reaches_the_frontend_as_one_argument_each()
    {
        var settings = new GitLabDockerBuildSettings { Provenance = true, Sbom = true, Annotations = true, Dockerfile = "docker/Api.Dockerfile" }
            .WithTarget("runtime").WithPull().WithNoCache().WithPlatform("linux/amd64").WithPlatform("linux/arm64")
            .WithSecret("npm", "NPM_TOKEN").WithBuildArg("NOTE", "a b;$(id)").WithLabel("team", "platform")
            .WithCacheImageManifest().WithCacheIgnoreError();
        var variables = Variables.With(Variables.DefaultBranch(), ("NPM_TOKEN", "t0ken"), ("GITLAB_DOCKER_ENGINE", "buildkit"));
        var plan = Inputs.Plan(variables, settings);
        var inputs = Inputs.Default() with
        {
            Dockerfile = "/src/app/docker/Api.Dockerfile", Target = "runtime", Pull = true, NoCache = true, Provenance = true, Sbom = true,
            BuildArgs = [new("NOTE", "a b;$(id)")], ProxyArgs = ["HTTP_PROXY", "HTTPS_PROXY"], PlainProxies = [new("HTTP_PROXY", "http://proxy:3128")], CacheImageManifest = true, CacheIgnoreError = true,
            BuildContexts = [new("base", "docker-image://registry.example.com/base:1"), new("shared", "/src/shared")],
            EngineDebug = true, TlsVerify = false,
        };

        var arguments = BuildKitCommands.Build(plan, inputs, Daemonless, "/tmp/m.json", null).Arguments.Select(a => a.Render()).ToList();

        Assert.Equal("--debug", arguments[0]);
        Assert.Contains("\"dockerfile=/src/app/docker\"", arguments);
        Assert.Contains("\"filename=Api.Dockerfile\"", arguments);
        Assert.Contains("\"target=runtime\"", arguments);
        Assert.Contains("\"build-arg:NOTE=a b;$(id)\"", arguments);
        Assert.Contains("\"build-arg:HTTP_PROXY=http://proxy:3128\"", arguments);
        Assert.DoesNotContain(arguments, a => a.Contains("HTTPS_PROXY", StringComparison.Ordinal));
        Assert.Contains("\"label:team=platform\"", arguments);
        Assert.Contains("\"platform=linux/amd64,linux/arm64\"", arguments);
        Assert.Contains("\"context:base=docker-image://registry.example.com/base:1\"", arguments);
        Assert.Contains("\"context-shared=/src/shared\"", arguments);
        Assert.Contains("\"context:shared=local:context-shared\"", arguments);
        Assert.Contains("image-resolve-mode=pull", arguments);
        Assert.Contains("\"attest:provenance=mode=min\"", arguments);
        Assert.Contains("attest:sbom=", arguments);
        Assert.Contains("\"id=npm,env=NPM_TOKEN\"", arguments);
        Assert.Contains("--no-cache", arguments);
        Assert.Contains($"\"type=registry,ref={Image}:latest-buildcache,registry.insecure=true\"", arguments);
        Assert.Contains($"\"type=registry,ref={Image}:latest-buildcache-staging,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true,registry.insecure=true\"", arguments);
        var output = arguments.Single(a => a.StartsWith("\"type=image", StringComparison.Ordinal));
        Assert.StartsWith($"\"type=image,name={Image},push-by-digest=true,name-canonical=true,push=true,registry.insecure=true,annotation.", output);
        Assert.Contains(",annotation.team=platform", output);
        Assert.DoesNotContain(arguments, a => a.Contains("t0ken", StringComparison.Ordinal));
    }

    [Fact]
    public void Argument_customization_applies_to_the_build()
    {
        var inputs = Inputs.Default() with { ArgumentCustomization = args => args.Append("--trace").Append("/tmp/trace") };

        Assert.EndsWith("--progress=plain --trace /tmp/trace",
            BuildKitCommands.Build(Plan(Variables.Branch()), inputs, Daemonless, null, null).Arguments.Render());
    }

    [Theory]
    [InlineData("description", "line one\nline two", "value")]
    [InlineData("note", "a\rb", "value")]
    [InlineData("bad\nkey", "v", "name")]
    public void A_line_break_in_an_annotated_label_is_refused_naming_the_label(string key, string value, string where)
    {
        var plan = Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings { Annotations = true }.WithLabel(key, value));

        var error = Assert.Throws<CakeException>(() => BuildKitCommands.Build(plan, Inputs.Default(), Daemonless, null, null));

        Assert.Contains($"The label '{ImageName.Printable(key)}' has a line break in its {where}", error.Message);
        Assert.Contains("GitLabDockerBuildSettings.Labels", error.Message);
    }

    [Fact]
    public void A_line_break_in_a_label_without_annotations_stays_one_argument()
    {
        var plan = Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings().WithLabel("description", "line one\nline two"));

        var arguments = BuildKitCommands.Build(plan, Inputs.Default(), Daemonless, null, null).Arguments.Select(a => a.Render()).ToList();

        Assert.Contains("\"label:description=line one\nline two\"", arguments);
    }
}

