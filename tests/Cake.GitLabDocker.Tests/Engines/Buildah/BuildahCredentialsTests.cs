using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Buildah and skopeo with a private auth file per call (<c>REGISTRY_AUTH_FILE</c>): the login checks the credentials
/// into it, the user's auth files are read for their other logins and never written, and there is no logout.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BuildahCredentialsTests : IDisposable
{
    private const string Original = "{\n\t\"auths\": {\n\t\t\"base.example.com:5050\": {\n\t\t\t\"auth\": \"YmFzZTpwdw==\"\n\t\t}\n\t}\n}";
    private static readonly RegistryCredentials Login = new("registry.gitlab.example", "gitlab-ci-token", Variables.Password);
    private static readonly RegistryCredentials Proxy = new("gitlab.example:443", "proxy-user", "proxy-s3cret");

    private readonly string _folder = Directory.CreateTempSubdirectory("gitlab-docker-user-auth-").FullName;
    private readonly List<(string Step, string? File, string? Content)> _seen = [];

    public BuildahCredentialsTests() => File.WriteAllText(UserFile, Original);

    private string UserFile => Path.Combine(_folder, "auth.json");

    [Fact]
    public void Every_buildah_and_skopeo_command_gets_the_private_auth_file_with_the_users_other_logins()
    {
        var buildah = Recording();
        var skopeo = Recording();
        var engine = Engine(buildah, skopeo);

        engine.Login(Login, Inputs.Default());
        engine.Login(Proxy, Inputs.Default());
        engine.Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default());
        engine.Inspect(Variables.Image + ":sha-1", Inputs.Default());
        engine.Dispose();

        Assert.Equal(["login", "login", "build", "push"], buildah.Commands.Select(command => command.Step));
        Assert.Equal(["inspect"], skopeo.Commands.Select(command => command.Step));
        var file = Assert.Single(buildah.Commands.Concat(skopeo.Commands).Select(command => command.Environment!["REGISTRY_AUTH_FILE"]).Distinct());
        var content = _seen[^1].Content!;
        Assert.Contains("\"base.example.com:5050\":{\"auth\":\"YmFzZTpwdw==\"}", content);
        Assert.Contains("\"registry.gitlab.example\":{\"auth\":", content);
        Assert.Contains("\"gitlab.example\":{\"auth\":", content);
        Assert.Contains("\"gitlab.example:443\":{\"auth\":", content);
        Assert.False(File.Exists(file));
        Assert.False(Directory.Exists(Path.GetDirectoryName(file)));
        Assert.Equal(Original, File.ReadAllText(UserFile));
    }

    [Fact]
    public void A_failed_build_leaves_no_private_auth_file_and_the_users_file_unchanged()
    {
        var buildah = Recording();
        buildah.FailStep = "build";
        var engine = Engine(buildah, Recording());
        engine.Login(Login, Inputs.Default());

        Assert.Throws<CakeException>(() => engine.Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default()));
        engine.Dispose();

        Assert.False(File.Exists(_seen[^1].File));
        Assert.Equal(Original, File.ReadAllText(UserFile));
    }

    [Fact]
    public void Gitlab_docker_login_logs_in_to_the_users_own_auth_file()
    {
        var buildah = Recording();
        using var engine = Engine(buildah, Recording());

        engine.LoginForLater(Login, Inputs.Default());

        var login = Assert.Single(buildah.Commands);
        Assert.Equal("login --username \"gitlab-ci-token\" --password-stdin \"registry.gitlab.example\"", login.Arguments.Render());
        Assert.Null(login.Environment);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private BuildahEngine Engine(RecordingProcess buildah, RecordingProcess skopeo) =>
        new(buildah, skopeo: skopeo, sleep: _ => { }, variable: name => name == "REGISTRY_AUTH_FILE" ? UserFile : null);

    private RecordingProcess Recording() => new() { OnRun = Record };

    private void Record(EngineCommand command)
    {
        var file = command.Environment?.GetValueOrDefault("REGISTRY_AUTH_FILE");
        _seen.Add((command.Step, file, file is null ? null : File.ReadAllText(file)));
    }
}
