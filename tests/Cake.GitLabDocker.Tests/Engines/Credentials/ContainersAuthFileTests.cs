using System.Text.Json.Nodes;

namespace Cake.GitLabDocker.Tests;

/// <summary>Buildah's private auth file: every file containers tools search, merged as they read them, the job's hosts its own.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ContainersAuthFileTests : IDisposable
{
    private static readonly RegistryCredentials Job = new("registry.gitlab.example", "gitlab-ci-token", "job-s3cret");

    private readonly string _home = Directory.CreateTempSubdirectory("gitlab-docker-home-").FullName;

    [Fact]
    public void The_first_file_that_has_a_registry_wins_and_the_jobs_hosts_and_empty_placeholders_are_left_out()
    {
        var primary = JsonNode.Parse("""
            { "auths": { "private.example.com": { "auth": "Zmlyc3Q6MQ==" }, "registry.gitlab.example/group/app": { "auth": "c3RhbGU6MQ==" } },
              "credHelpers": { "gcr.io": "gcloud", "registry.gitlab.example": "pass" } }
            """)!.AsObject();
        var docker = JsonNode.Parse("""
            { "auths": { "private.example.com": { "auth": "c2Vjb25kOjI=" }, "quay.io": {}, "https://index.docker.io/v1/": { "auth": "aHViOjM=" } },
              "credsStore": "desktop" }
            """)!.AsObject();
        var legacy = JsonNode.Parse("""{ "old.example.com": { "auth": "b2xkOjQ=", "email": "" } }""")!.AsObject();

        var file = JsonNode.Parse(ContainersAuthFile.Content([(primary, false), (null, false), (docker, false), (legacy, true)], [Job]))!.AsObject();

        var auths = file["auths"]!.AsObject();
        Assert.Equal(["private.example.com", "https://index.docker.io/v1/", "old.example.com", "registry.gitlab.example", "registry.gitlab.example:443"],
            auths.Select(entry => entry.Key));
        Assert.Equal("Zmlyc3Q6MQ==", auths["private.example.com"]!["auth"]!.GetValue<string>());
        Assert.Equal(Base64("gitlab-ci-token:job-s3cret"), auths["registry.gitlab.example"]!["auth"]!.GetValue<string>());
        Assert.Equal(["gcr.io"], file["credHelpers"]!.AsObject().Select(entry => entry.Key));
        Assert.Null(file["credsStore"]);
    }

    [Fact]
    public void Without_a_users_file_the_file_is_byte_for_byte_what_the_merge_writes_from_empty_ones()
    {
        RegistryCredentials[] logins = [Job, new("gitlab.example:443", "proxy", "p"), new("docker.io", "hub", "h"), new("gitlab.example", "later", "wins")];

        var direct = ContainersAuthFile.Content([(null, false), (null, true)], logins);

        Assert.Equal(ContainersAuthFile.Content([([], false), ([], true)], logins), direct);
        Assert.Equal(["registry.gitlab.example", "registry.gitlab.example:443", "gitlab.example:443", "gitlab.example", "docker.io"],
            JsonNode.Parse(direct)!["auths"]!.AsObject().Select(entry => entry.Key));
    }

    [Fact]
    public void A_users_file_that_is_an_empty_object_is_read_as_none_and_any_other_object_as_itself()
    {
        var empty = Path.Combine(_home, "empty.json");
        var filled = Path.Combine(_home, "filled.json");
        File.WriteAllText(empty, " {}\n");
        File.WriteAllText(filled, """{ "auths": {} }""");
        var warnings = new List<string>();

        Assert.Null(UserCredentialFiles.Read(empty, warnings.Add));
        Assert.Equal(["auths"], UserCredentialFiles.Read(filled, warnings.Add)!.Select(entry => entry.Key));
        Assert.Null(UserCredentialFiles.Read(Path.Combine(_home, "missing.json"), warnings.Add));
        Assert.Empty(warnings);
    }

    [Fact]
    public void The_search_order_is_the_explicit_file_or_the_runtime_one_then_xdg_config_docker_and_dockercfg()
    {
        var variables = new Dictionary<string, string?> { ["HOME"] = "/home/u", ["XDG_RUNTIME_DIR"] = "/run/user/1000" };

        Assert.Equal(
            [("/run/user/1000/containers/auth.json", false), ("/home/u/.config/containers/auth.json", false), ("/home/u/.docker/config.json", false), ("/home/u/.dockercfg", true)],
            UserCredentialFiles.ContainersAuthFiles(variables.Reader()));

        variables["REGISTRY_AUTH_FILE"] = "/ci/auth.json";
        variables["DOCKER_CONFIG"] = "/ci/docker";
        Assert.Equal(
            [("/ci/auth.json", false), ("/home/u/.config/containers/auth.json", false), ("/ci/docker/config.json", false), ("/home/u/.dockercfg", true)],
            UserCredentialFiles.ContainersAuthFiles(variables.Reader()));
    }

    [Fact]
    public void The_users_auth_file_is_byte_for_byte_the_same_and_the_private_one_is_0600_in_0700_and_gone_after()
    {
        var userFile = Path.Combine(_home, "auth.json");
        var original = "{\n\t\"auths\": {\n\t\t\"private.example.com\": {\n\t\t\t\"auth\": \"dXNlcjpwYXNz\"\n\t\t}\n\t}\n}";
        File.WriteAllText(userFile, original);

        string path;
        using (var file = ContainersAuthFile.Write([Job], [(userFile, false)]))
        {
            path = file.Path;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
            Assert.Contains("private.example.com", File.ReadAllText(path));
        }

        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        Assert.Equal(original, File.ReadAllText(userFile));
    }

    [Fact]
    public void A_file_that_is_not_json_is_skipped_with_a_warning_that_shows_none_of_it()
    {
        var broken = Path.Combine(_home, "broken.json");
        File.WriteAllText(broken, "{\"auths\": {\"x\": {\"auth\": \"c2VjcmV0LXZhbHVl\"");
        var warnings = new List<string>();

        using var file = ContainersAuthFile.Write([Job], [(broken, false)], warnings.Add);

        var warning = Assert.Single(warnings);
        Assert.Contains(broken, warning);
        Assert.DoesNotContain("c2VjcmV0", warning);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
