namespace Cake.GitLabDocker.Tests;

/// <summary>The BuildKit engine: no login command, credentials in a private Docker config that lives only as long as the build.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BuildKitEngineTests
{
    private static readonly BuildKitClient Client = new(BuildKitClient.DaemonlessScript, null, []);
    private static readonly RegistryCredentials Login = new("registry.gitlab.example", "gitlab-ci-token", Variables.Password);
    private static readonly RegistryCredentials Proxy = new("gitlab.example:443", "proxy-user", "proxy-s3cret");

    [Fact]
    public void Logging_in_runs_nothing_and_the_build_gets_a_private_config_that_is_gone_afterwards()
    {
        string? folder = null;
        string? content = null;
        UnixFileMode? folderMode = null, fileMode = null;
        var buildctl = new RecordingProcess
        {
            OnRun = command =>
            {
                folder = command.Environment!["DOCKER_CONFIG"];
                content = File.ReadAllText(Path.Combine(folder, "config.json"));
                folderMode = File.GetUnixFileMode(folder);
                fileMode = File.GetUnixFileMode(Path.Combine(folder, "config.json"));
            },
        };
        var engine = new BuildKitEngine(buildctl, Client);

        engine.Login(Login, Inputs.Default());
        engine.Login(Proxy, Inputs.Default());
        Assert.Empty(buildctl.Commands);
        var digest = engine.Build(Inputs.Plan(Variables.With(Variables.DefaultBranch(), ("GITLAB_DOCKER_ENGINE", "buildkit"))), Inputs.Default());

        Assert.NotNull(digest);
        Assert.Equal(
            "{\"auths\":{\"registry.gitlab.example\":{\"auth\":\"" + Base64($"gitlab-ci-token:{Variables.Password}") + "\"}," +
            "\"registry.gitlab.example:443\":{\"auth\":\"" + Base64($"gitlab-ci-token:{Variables.Password}") + "\"}," +
            "\"gitlab.example:443\":{\"auth\":\"" + Base64("proxy-user:proxy-s3cret") + "\"}," +
            "\"gitlab.example\":{\"auth\":\"" + Base64("proxy-user:proxy-s3cret") + "\"}}}",
            content);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, folderMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, fileMode);
        Assert.False(Directory.Exists(folder));
        Assert.DoesNotContain(Variables.Password, buildctl.Commands.Single().Arguments.Render());
    }

    [Fact]
    public void A_failed_build_removes_the_config_too()
    {
        string? folder = null;
        var buildctl = new RecordingProcess { FailStep = "build", OnRun = command => folder = command.Environment!["DOCKER_CONFIG"] };
        var engine = new BuildKitEngine(buildctl, Client);
        engine.Login(Login, Inputs.Default());

        Assert.Throws<Cake.Core.CakeException>(() =>
            engine.Build(Inputs.Plan(Variables.With(Variables.DefaultBranch(), ("GITLAB_DOCKER_ENGINE", "buildkit"))), Inputs.Default()));

        Assert.NotNull(folder);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Docker_hub_credentials_go_under_its_historical_key()
    {
        using var config = DockerConfigFile.Write([new RegistryCredentials("docker.io", "me", "pw")]);

        Assert.Contains("\"https://index.docker.io/v1/\"", File.ReadAllText(Path.Combine(config.Folder, "config.json")));
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
