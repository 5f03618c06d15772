namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The packed add-in under the real <c>dotnet cake</c>; only the <c>docker</c> executable is a stand-in.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DotnetCakeTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = Variables.Image;
    private const string Script = """
        var result = GitLabDockerBuild(s => s.WithBuildArg("NOTE", "a b;$(id) \"q\" --push"));
        Information("RESULT-DIGEST={0}", result.Digest);
        Information("RESULT-TAGS={0}", string.Join(",", result.Tags));
        """;

    private readonly CakeJob _job = new(addin, Script);

    [Fact]
    public void Tag_pipeline_runs_the_seed_commands_with_the_password_on_stdin_only()
    {
        var (exitCode, output) = _job.Run(Variables.Tag("v1.2.3"));

        Assert.True(exitCode == 0, output);
        AssertSeedSequence(
            tag: "v1.2.3",
            labels: ["--label", "org.opencontainers.image.ref.name=v1.2.3", "--label", "org.opencontainers.image.version=1.2.3"],
            cache: ["--cache-from", $"type=registry,ref={Image}:latest-buildcache"]);
        AssertDigestReported(output);
        AssertNoPassword(output);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output,
            @"\x1b\[0Ksection_start:\d+:gitlab_docker_login\[collapsed=true\]\r?\n?\x1b\[0KLog in to registry.gitlab.example"), output);
        Assert.Matches(@"\x1b\[0Ksection_end:\d+:gitlab_docker_build\r?\n?\x1b\[0K", output);
        Assert.Matches($@"Pushed {Image}:v1.2.3 at sha256:[0-9a-f]{{64}}\.", output);
    }

    [Fact]
    public void Default_branch_pipeline_runs_the_seed_commands_and_writes_the_cache()
    {
        var (exitCode, output) = _job.Run(Variables.DefaultBranch());

        Assert.True(exitCode == 0, output);
        AssertSeedSequence(
            tag: "latest",
            labels: ["--label", "org.opencontainers.image.ref.name=main", "--label", "org.opencontainers.image.version=latest"],
            cache:
            [
                "--cache-from", $"type=registry,ref={Image}:latest-buildcache",
                "--cache-to", $"type=registry,ref={Image}:latest-buildcache,mode=max",
            ]);
        AssertDigestReported(output);
        AssertNoPassword(output);
    }

    [Fact]
    public void Second_run_reuses_the_builder_it_created()
    {
        Assert.Equal(0, _job.Run(Variables.DefaultBranch()).ExitCode);
        var first = _job.Calls.Count;

        Assert.Equal(0, _job.Run(Variables.DefaultBranch()).ExitCode);

        var second = _job.Calls.Skip(first).Select(call => string.Join(' ', call.Arguments.Take(2))).ToList();
        Assert.Equal(["buildx inspect", "buildx inspect", "buildx build"], second);
    }

    [Fact]
    public void Feature_branch_validates_without_pushing()
    {
        var (exitCode, output) = _job.Run(Variables.Branch("feature/login"));

        Assert.True(exitCode == 0, output);
        var build = _job.Calls.Last(call => call.Arguments[..2] is ["buildx", "build"]).Arguments;
        Assert.DoesNotContain("--push", build);
        Assert.DoesNotContain("--cache-to", build);
        Assert.DoesNotContain("--tag", build);
        Assert.Contains("validation build only, nothing is pushed", output);
        Assert.Equal("RESULT-DIGEST=[NULL]", output.Split('\n').Single(line => line.Contains("RESULT-DIGEST=")).Trim());
    }

    [Fact]
    public void A_failing_build_fails_the_cake_run_with_the_command_and_no_secret()
    {
        var variables = Variables.With(Variables.Tag(), ("DOCKER_STANDIN_FAIL", "build"));

        var (exitCode, output) = _job.Run(variables);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("docker buildx build failed with exit code 1", output);
        Assert.DoesNotContain("RESULT-DIGEST", output);
        AssertNoPassword(output);
    }

    [Fact]
    public void Gitlab_docker_login_logs_in_to_the_users_docker_config_and_a_refusal_names_the_command()
    {
        var script = Path.Combine(_job.Folder, "login.cake");
        File.WriteAllText(script, $"#addin nuget:?package=Cake.GitLabDocker&version={PackedAddin.Version}\nGitLabDockerLogin();");

        var (exitCode, output) = _job.Run(Variables.With(Variables.Tag(), ("DOCKER_STANDIN_FAIL", "login")), script: script);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("docker login failed with exit code 1", output);
        Assert.Equal(["login", "registry.gitlab.example", "--username", "gitlab-ci-token", "--password-stdin"], Assert.Single(_job.Calls).Arguments);
        Assert.Equal(_job.DockerConfig, Assert.Single(_job.Configs).DockerConfig);
        AssertNoPassword(output);
    }

    [Fact]
    public void Every_docker_call_gets_one_private_config_that_finds_the_plugin_and_is_gone_after_and_the_users_config_is_unchanged()
    {
        Directory.CreateDirectory(_job.DockerConfig);
        const string original = "{\n\t\"auths\": {\n\t\t\"registry.gitlab.example\": {}\n\t},\n\t\"credsStore\": \"pass\"\n}";
        File.WriteAllText(Path.Combine(_job.DockerConfig, "config.json"), original);

        var (exitCode, output) = _job.Run(Variables.DefaultBranch());

        Assert.True(exitCode == 0, output);
        var config = Assert.Single(_job.Configs.Select(call => call.DockerConfig).Distinct());
        Assert.NotEqual(_job.DockerConfig, config);
        Assert.All(_job.Configs, call => Assert.True(call.Plugin));
        Assert.False(Directory.Exists(config), config);
        Assert.Equal(original, File.ReadAllText(Path.Combine(_job.DockerConfig, "config.json")));
        Assert.DoesNotContain(_job.Calls, call => call.Arguments[0] is "login" or "logout");
    }

    [Fact]
    public void Missing_docker_names_the_executable_and_the_fix()
    {
        var empty = Directory.CreateTempSubdirectory("gitlab-docker-empty-path-").FullName;

        var (exitCode, output) = _job.Run(Variables.Tag(), path: empty);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Could not find the 'docker' executable", output);
        Assert.Contains("GitLabDockerBuildSettings.ToolPath", output);
        Directory.Delete(empty);
    }

    [Fact]
    public void Missing_credentials_fail_before_any_docker_call()
    {
        var (exitCode, output) = _job.Run(Variables.With(Variables.DefaultBranch(), ("CI_REGISTRY_PASSWORD", null)));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("CI_REGISTRY_PASSWORD (or GitLabDockerBuildSettings.Password) is not set", output);
        Assert.Empty(_job.Calls);
    }

    [Fact]
    public void Dry_run_argument_on_a_laptop_clone_shows_the_default_branch_plan_and_runs_no_docker()
    {
        using var clone = new GitRepository(Directory.CreateDirectory(Path.Combine(_job.Folder, "clone")).FullName);
        clone.CloneOrigin("main");
        File.WriteAllText(Path.Combine(clone.Folder, "Dockerfile"), "FROM scratch\n");
        File.WriteAllText(Path.Combine(clone.Folder, "build.cake"), File.ReadAllText(Path.Combine(_job.Folder, "build.cake"))
            .Replace("s => s.WithBuildArg(", "s => s.WithImage(\"registry.example/team/app\").WithBuildArg(", StringComparison.Ordinal));

        var (exitCode, output) = _job.Run([], script: Path.Combine(clone.Folder, "build.cake"), arguments: ["--gitlab-docker-dry-run"]);

        Assert.True(exitCode == 0, output);
        Assert.Empty(_job.Calls);
        Assert.Contains("Not on GitLab CI: plans as a default-branch pipeline for 'main'", output);
        Assert.Contains("Tags       : registry.example/team/app:latest", output);
        Assert.Contains($"Would run: docker buildx build --tag \"registry.example/team/app:latest\"", output);
        Assert.Contains($"org.opencontainers.image.revision={clone.Head}", output);
        Assert.Contains("--load", output);
        Assert.Contains("RESULT-DIGEST=[NULL]", output);
    }

    public void Dispose() => _job.Dispose();

    private void AssertSeedSequence(string tag, string[] labels, string[] cache)
    {
        var calls = _job.Calls;
        Assert.Equal(6, calls.Count);
        Assert.All(calls, call => Assert.Null(call.StandardInput));
        Assert.Equal(["buildx", "inspect"], calls[0].Arguments);
        Assert.Equal(["buildx", "inspect", "gitlab-docker"], calls[1].Arguments);
        Assert.Equal(["context", "inspect", "gitlab-docker"], calls[2].Arguments);
        Assert.Equal(["context", "create", "gitlab-docker"], calls[3].Arguments);
        Assert.Equal(["buildx", "create", "gitlab-docker", "--name", "gitlab-docker", "--driver", "docker-container"], calls[4].Arguments);

        var build = calls[5].Arguments;
        var metadata = build[Array.IndexOf(build, "--metadata-file") + 1];
        string[] expected =
        [
            "buildx", "build", "--builder", "gitlab-docker", "--tag", $"{Image}:{tag}",
            "--build-arg", "NOTE=a b;$(id) \"q\" --push", "--progress=plain",
            .. labels,
            .. cache,
            "--metadata-file", metadata, "--push", _job.Folder,
        ];
        Assert.Equal(expected, build);
        Assert.False(metadata.StartsWith(_job.Folder, StringComparison.Ordinal), "the metadata file must stay out of the build context");
    }

    private void AssertDigestReported(string output)
    {
        var digestLine = output.Split('\n').Single(line => line.Contains("RESULT-DIGEST=")).Trim();
        Assert.Matches("RESULT-DIGEST=sha256:[0-9a-f]{64}$", digestLine);
    }

    private void AssertNoPassword(string output)
    {
        Assert.DoesNotContain(Variables.Password, output);
        Assert.All(_job.Calls, call => Assert.DoesNotContain(call.Arguments, argument => argument.Contains("s3cr3t")));
        Assert.DoesNotContain("s3cr3t", output);
    }
}
