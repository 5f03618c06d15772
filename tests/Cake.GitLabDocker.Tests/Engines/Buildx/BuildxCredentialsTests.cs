using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// buildx with a private Docker config per call: every docker command gets <c>DOCKER_CONFIG</c>, there is no
/// <c>docker login</c> or logout, and the user's Docker config is never written.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BuildxCredentialsTests : IDisposable
{
    private const string Original = "{\n\t\"auths\": {\n\t\t\"base.example.com\": {}\n\t},\n\t\"credsStore\": \"pass\",\n\t\"currentContext\": \"ci\"\n}";
    private static readonly RegistryCredentials Login = new("registry.gitlab.example", "gitlab-ci-token", Variables.Password);

    private readonly string _user = Directory.CreateTempSubdirectory("gitlab-docker-user-config-").FullName;
    private readonly List<(string Step, string? Folder, string? Config, bool Plugin)> _seen = [];

    public BuildxCredentialsTests()
    {
        File.WriteAllText(Path.Combine(_user, "config.json"), Original);
        Directory.CreateDirectory(Path.Combine(_user, "cli-plugins"));
        File.WriteAllText(Path.Combine(_user, "cli-plugins", "docker-buildx"), "#!/bin/sh\n");
    }

    [Fact]
    public void Every_docker_command_of_a_build_gets_one_private_config_with_the_plugins_and_the_users_config_is_unchanged()
    {
        var docker = Recording();
        var engine = Engine(docker);

        engine.Login(Login, Inputs.Default());
        Assert.Empty(docker.Commands);
        engine.Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default());
        engine.Dispose();

        Assert.Equal(["buildx inspect (current builder)", "buildx inspect", "context inspect", "context create", "buildx create", "buildx build"],
            docker.Commands.Select(command => command.Step));
        var folder = Assert.Single(docker.Commands.Select(command => command.Environment!["DOCKER_CONFIG"]).Distinct());
        Assert.Equal(["context create", "buildx create", "buildx build"], _seen.Select(seen => seen.Step));
        Assert.All(_seen, seen => Assert.True(seen.Folder == folder && seen.Plugin, seen.Step));
        var config = _seen[^1].Config!;
        Assert.Contains("\"base.example.com\":{}", config);
        Assert.Contains("\"registry.gitlab.example\":{\"auth\":", config);
        Assert.Contains("\"credHelpers\":{\"registry.gitlab.example\":\"\",\"registry.gitlab.example:443\":\"\"}", config);
        Assert.Contains("\"currentContext\":\"ci\"", config);
        Assert.All(docker.Commands, command => Assert.Null(command.StandardInput));
        Assert.DoesNotContain(docker.Commands, command => command.Arguments.Render().Contains(Variables.Password, StringComparison.Ordinal));
        Assert.False(Directory.Exists(folder));
        Assert.Equal(Original, File.ReadAllText(Path.Combine(_user, "config.json")));
        Assert.True(Directory.Exists(Path.Combine(_user, "buildx")));
    }

    [Fact]
    public void A_failed_build_leaves_no_private_config()
    {
        var docker = Recording();
        docker.FailStep = "buildx build";
        var engine = Engine(docker);
        engine.Login(Login, Inputs.Default());

        Assert.Throws<CakeException>(() => engine.Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default()));
        engine.Dispose();

        Assert.False(Directory.Exists(_seen[^1].Folder));
        Assert.Equal(Original, File.ReadAllText(Path.Combine(_user, "config.json")));
    }

    [Fact]
    public void The_commit_image_check_gets_the_private_config_too()
    {
        var docker = Recording();
        docker.Outputs["imagetools inspect"] = "sha256:" + new string('c', 64);
        using var engine = Engine(docker);
        engine.Login(Login, Inputs.Default());

        engine.Inspect(Variables.Image + ":sha-1", Inputs.Default());

        Assert.Single(docker.Commands);
        Assert.All(docker.Commands, command => Assert.NotNull(command.Environment?["DOCKER_CONFIG"]));
    }

    [Fact]
    public void Without_credentials_the_users_own_config_is_used()
    {
        var docker = Recording();
        using var engine = Engine(docker);

        engine.Build(Inputs.Plan(Variables.Branch("feature/x")), Inputs.Default());

        Assert.All(docker.Commands, command => Assert.Null(command.Environment));
    }

    [Fact]
    public void Gitlab_docker_login_logs_in_to_the_users_own_config_with_the_password_on_standard_input()
    {
        var docker = Recording();
        using var engine = Engine(docker);

        engine.LoginForLater(Login, Inputs.Default());

        var login = Assert.Single(docker.Commands);
        Assert.Equal("login \"registry.gitlab.example\" --username \"gitlab-ci-token\" --password-stdin", login.Arguments.Render());
        Assert.Equal(Variables.Password, login.StandardInput);
        Assert.Null(login.Environment);
    }

    [Fact]
    public void A_refused_password_in_the_build_gets_the_credentials_hint()
    {
        var command = BuildxCommands.Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default(), "gitlab-docker", null);

        Assert.Equal(BuildxCommands.Unauthorized, command.HintFor("ERROR: failed to solve: failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized"));
    }

    public void Dispose() => Directory.Delete(_user, recursive: true);

    private BuildxEngine Engine(RecordingProcess docker) => new(docker, variable: name => name == "DOCKER_CONFIG" ? _user : null);

    private RecordingProcess Recording() => new()
    {
        OnRun = Record,
    };

    private void Record(EngineCommand command)
    {
        var folder = command.Environment?.GetValueOrDefault("DOCKER_CONFIG");
        _seen.Add((command.Step, folder,
            folder is null ? null : File.ReadAllText(Path.Combine(folder, "config.json")),
            folder is not null && File.Exists(Path.Combine(folder, "cli-plugins", "docker-buildx"))));
    }
}
