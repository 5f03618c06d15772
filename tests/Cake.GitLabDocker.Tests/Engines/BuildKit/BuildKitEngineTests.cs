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
    public void A_clean_up_that_fails_after_a_failed_build_warns_and_the_builds_own_error_stands()
    {
        var log = new RecordingLog();
        var buildctl = new RecordingProcess { FailStep = "build", FailMessage = "buildctl: failed to solve: the real cause" };
        var engine = new BuildKitEngine(buildctl, Client, new JobLog(log, onGitLab: false),
            deleteFolder: _ => throw new UnauthorizedAccessException("Access to the path is denied."));
        engine.Login(Login, Inputs.Default());

        var error = Assert.Throws<Cake.Core.CakeException>(() =>
            engine.Build(Inputs.Plan(Variables.With(Variables.DefaultBranch(), ("GITLAB_DOCKER_ENGINE", "buildkit"))), Inputs.Default()));

        Assert.Equal("buildctl: failed to solve: the real cause", error.Message);
        var folder = buildctl.Commands.Single().Environment!["DOCKER_CONFIG"];
        Assert.Contains(log.Lines, line => line.Contains("Could not delete the job's private credentials folder " + folder));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void The_users_other_logins_and_helpers_reach_buildctl_and_the_users_config_stays_as_it_was()
    {
        var user = Directory.CreateTempSubdirectory("gitlab-docker-user-config-").FullName;
        const string original = """{"auths":{"base.example.com":{"auth":"YmFzZTpwdw=="}},"credHelpers":{"gcr.io":"gcloud"}}""";
        File.WriteAllText(Path.Combine(user, "config.json"), original);
        string? content = null;
        var buildctl = new RecordingProcess { OnRun = command => content = File.ReadAllText(Path.Combine(command.Environment!["DOCKER_CONFIG"], "config.json")) };
        var engine = new BuildKitEngine(buildctl, Client, variable: name => name == "DOCKER_CONFIG" ? user : null);
        engine.Login(Login, Inputs.Default());

        engine.Build(Inputs.Plan(Variables.With(Variables.DefaultBranch(), ("GITLAB_DOCKER_ENGINE", "buildkit"))), Inputs.Default());

        Assert.Contains("\"base.example.com\":{\"auth\":\"YmFzZTpwdw==\"}", content);
        Assert.Contains("\"credHelpers\":{\"gcr.io\":\"gcloud\"}", content);
        Assert.Equal(original, File.ReadAllText(Path.Combine(user, "config.json")));
        Assert.Equal(["config.json"], Directory.EnumerateFileSystemEntries(user).Select(Path.GetFileName));
        Directory.Delete(user, recursive: true);
    }

    [Fact]
    public void Docker_hub_credentials_go_under_its_historical_key()
    {
        using var config = DockerConfigFile.Write([new RegistryCredentials("docker.io", "me", "pw")]);

        Assert.Contains("\"https://index.docker.io/v1/\"", File.ReadAllText(Path.Combine(config.Folder, "config.json")));
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
