using System.Text;
using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The packed add-in under the real <c>dotnet cake</c>; only the <c>docker</c> executable is a stand-in. The job's
/// registry is a real one, GitLab-like (<see cref="RegistryServer"/>): the stand-in pushes each build there by digest
/// and the add-in writes the tags through the registry API.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DotnetCakeTests : IClassFixture<PackedAddin>, IDisposable
{
    private const string Note = "a b;$(id) \"q\" --push";
    private const string Script = """
        var result = GitLabDockerBuild(s => s.WithBuildArg("NOTE", "a b;$(id) \"q\" --push"));
        Information("RESULT-DIGEST={0}", result.Digest);
        Information("RESULT-TAGS={0}", string.Join(",", result.Tags));
        """;

    private readonly RegistryServer _registry = new();
    private readonly CakeJob _job;

    public DotnetCakeTests(PackedAddin addin) => _job = new(addin, Script, _registry);

    private string Image => _job.Image;

    [Fact]
    public void Tag_pipeline_runs_the_seed_commands_with_the_password_on_stdin_only()
    {
        var (exitCode, output) = _job.Run(Variables.Tag("v1.2.3"));

        Assert.True(exitCode == 0, output);
        AssertSeedSequence(
            labels: ["--label", "org.opencontainers.image.ref.name=v1.2.3", "--label", "org.opencontainers.image.version=1.2.3"],
            cache: ["--cache-from", $"type=registry,ref={Image}:latest-buildcache"]);
        var digest = AssertDigestReported(output);
        AssertPushed(digest, "v1.2.3", ("org.opencontainers.image.ref.name", "v1.2.3"), ("org.opencontainers.image.version", "1.2.3"));
        AssertNoPassword(output);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output,
            @"\x1b\[0Ksection_start:\d+:gitlab_docker_login\[collapsed=true\]\r?\n?\x1b\[0KLog in to " + Regex.Escape(_job.Registry)), output);
        Assert.Matches(@"\x1b\[0Ksection_end:\d+:gitlab_docker_build\r?\n?\x1b\[0K", output);
        Assert.Contains($"Pushed {Image}:v1.2.3 at {digest}.", output);
    }

    [Fact]
    public void Default_branch_pipeline_runs_the_seed_commands_and_writes_the_cache()
    {
        var (exitCode, output) = _job.Run(Variables.DefaultBranch());

        Assert.True(exitCode == 0, output);
        AssertSeedSequence(
            labels: ["--label", "org.opencontainers.image.ref.name=main", "--label", "org.opencontainers.image.version=latest"],
            cache:
            [
                "--cache-from", $"type=registry,ref={Image}:latest-buildcache",
                "--cache-to", $"type=registry,ref={Image}:latest-buildcache-staging,mode=max",
            ]);
        var digest = AssertDigestReported(output);
        AssertPushed(digest, "latest", ("org.opencontainers.image.ref.name", "main"), ("org.opencontainers.image.version", "latest"));
        AssertNoPassword(output);
    }

    [Fact]
    public void Second_run_reuses_the_builder_it_created()
    {
        var (firstExit, firstOutput) = _job.Run(Variables.DefaultBranch());
        Assert.True(firstExit == 0, firstOutput);
        var first = _job.Calls.Count;

        var (secondExit, secondOutput) = _job.Run(Variables.DefaultBranch());

        Assert.True(secondExit == 0, secondOutput);
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
        Assert.DoesNotContain("--output", build);
        Assert.Contains("validation build only, nothing is pushed", output);
        Assert.Equal("RESULT-DIGEST=[NULL]", output.Split('\n').Single(line => line.Contains("RESULT-DIGEST=")).Trim());
        Assert.Empty(_registry.ManifestRevisions(CakeJob.ImagePath));
    }

    [Fact]
    public void A_failing_build_fails_the_cake_run_with_the_command_and_no_secret()
    {
        var variables = Variables.With(Variables.Tag(), ("DOCKER_STANDIN_FAIL", "build"));

        var (exitCode, output) = _job.Run(variables);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("docker buildx build failed with exit code 1", output);
        Assert.DoesNotContain("RESULT-DIGEST", output);
        Assert.Empty(_registry.ManifestRevisions(CakeJob.ImagePath));
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
        Assert.Equal(["login", _job.Registry, "--username", _job.User, "--password-stdin"], Assert.Single(_job.Calls).Arguments);
        Assert.Equal(_job.DockerConfig, Assert.Single(_job.Configs).DockerConfig);
        AssertNoPassword(output);
    }

    [Fact]
    public void Every_docker_call_gets_one_private_config_that_finds_the_plugin_and_is_gone_after_and_the_users_config_is_unchanged()
    {
        Directory.CreateDirectory(_job.DockerConfig);
        var original = $"{{\n\t\"auths\": {{\n\t\t\"{_job.Registry}\": {{}}\n\t}},\n\t\"credsStore\": \"pass\"\n}}";
        File.WriteAllText(Path.Combine(_job.DockerConfig, "config.json"), original);

        var (exitCode, output) = _job.Run(Variables.DefaultBranch());

        Assert.True(exitCode == 0, output);
        var config = Assert.Single(_job.Configs.Select(call => call.DockerConfig).Distinct());
        Assert.NotEqual(_job.DockerConfig, config);
        Assert.All(_job.Configs, call => Assert.True(call.Plugin));
        Assert.False(Directory.Exists(config), config);
        Assert.Equal(original, File.ReadAllText(Path.Combine(_job.DockerConfig, "config.json")));
        Assert.DoesNotContain(_job.Calls, call => call.Arguments[0] is "login" or "logout");
        AssertPushed(AssertDigestReported(output), "latest", ("org.opencontainers.image.ref.name", "main"), ("org.opencontainers.image.version", "latest"));
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

    public void Dispose()
    {
        _job.Dispose();
        _registry.Dispose();
    }

    private void AssertSeedSequence(string[] labels, string[] cache)
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
        // Pushed by digest only: the add-in writes the tag itself through the registry API after its check.
        string[] expected =
        [
            "buildx", "build", "--builder", "gitlab-docker",
            "--build-arg", $"NOTE={Note}", "--progress=plain",
            .. labels,
            .. cache,
            "--metadata-file", metadata,
            "--output", $"type=image,name={Image},push-by-digest=true,name-canonical=true,push=true",
            _job.Folder,
        ];
        Assert.Equal(expected, build);
        Assert.False(metadata.StartsWith(_job.Folder, StringComparison.Ordinal), "the metadata file must stay out of the build context");
    }

    private static string AssertDigestReported(string output)
    {
        var digestLine = output.Split('\n').Single(line => line.Contains("RESULT-DIGEST=")).Trim();
        Assert.Matches("RESULT-DIGEST=sha256:[0-9a-f]{64}$", digestLine);
        return digestLine["RESULT-DIGEST=".Length..];
    }

    /// <summary>The registry holds the reported image under <paramref name="tag"/> (its only tag), with the build's labels.</summary>
    private void AssertPushed(string digest, string tag, params (string Key, string Value)[] labels)
    {
        Assert.Equal([tag], _registry.Tags(CakeJob.ImagePath));
        Assert.Equal(digest, _registry.Digest(CakeJob.ImagePath, tag));
        Assert.Equal(labels.ToDictionary(label => label.Key, label => label.Value), _registry.Labels(CakeJob.ImagePath, tag));
    }

    /// <summary>The password is in no output, no argument and nothing the registry stored (the build's arguments are, as a control).</summary>
    private void AssertNoPassword(string output)
    {
        Assert.DoesNotContain(_job.Password, output);
        Assert.All(_job.Calls, call => Assert.DoesNotContain(call.Arguments, argument => argument.Contains(_job.Password, StringComparison.Ordinal)));
        var stored = RegistryContent.Files(_registry);
        Assert.DoesNotContain(stored, file => Encoding.UTF8.GetString(file.Content).Contains(_job.Password, StringComparison.Ordinal));
        if (_registry.ManifestRevisions(CakeJob.ImagePath).Count > 0)
        {
            Assert.Contains(stored, file => Encoding.UTF8.GetString(file.Content).Contains($"NOTE={Note}", StringComparison.Ordinal));
        }
    }
}
