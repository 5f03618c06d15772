using System.Text.Json.Nodes;

namespace Cake.GitLabDocker.Tests;

/// <summary>The private Docker config of buildx and BuildKit: the user's config carried over, the job's hosts its own.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DockerConfigFileTests : IDisposable
{
    private static readonly RegistryCredentials Job = new("registry.gitlab.example", "gitlab-ci-token", "job-s3cret");
    private static readonly RegistryCredentials Proxy = new("gitlab.example:443", "proxy-user", "proxy-s3cret");

    private readonly string _user = Directory.CreateTempSubdirectory("gitlab-docker-user-config-").FullName;

    [Fact]
    public void The_users_other_logins_helpers_and_settings_are_kept_and_the_jobs_hosts_are_its_own()
    {
        var user = JsonNode.Parse("""
            {
              "auths": {
                "private.example.com": { "auth": "dXNlcjpwYXNz" },
                "registry.gitlab.example": { "auth": "c3RhbGU6b2xk" },
                "https://registry.gitlab.example/v1/": { "auth": "c3RhbGU6b2xk" }
              },
              "credHelpers": { "123.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login", "registry.gitlab.example": "pass" },
              "credsStore": "desktop",
              "currentContext": "gitlab-docker",
              "proxies": { "default": { "httpProxy": "http://proxy:3128" } }
            }
            """)!.AsObject();

        var config = Parse(DockerConfigFile.Content(user, [Job]));

        Assert.Equal("dXNlcjpwYXNz", config["auths"]!["private.example.com"]!["auth"]!.GetValue<string>());
        Assert.Equal(["private.example.com", "registry.gitlab.example", "registry.gitlab.example:443"],
            config["auths"]!.AsObject().Select(entry => entry.Key));
        Assert.Equal(Base64("gitlab-ci-token:job-s3cret"), config["auths"]!["registry.gitlab.example"]!["auth"]!.GetValue<string>());
        Assert.Equal("ecr-login", config["credHelpers"]!["123.dkr.ecr.eu-west-1.amazonaws.com"]!.GetValue<string>());

        // credHelpers[host] comes before credsStore, and an empty helper is the file itself: the store cannot shadow the job's entry.
        Assert.Equal(string.Empty, config["credHelpers"]!["registry.gitlab.example"]!.GetValue<string>());
        Assert.Equal(string.Empty, config["credHelpers"]!["registry.gitlab.example:443"]!.GetValue<string>());
        Assert.Equal("desktop", config["credsStore"]!.GetValue<string>());
        Assert.Equal("gitlab-docker", config["currentContext"]!.GetValue<string>());
        Assert.Equal("http://proxy:3128", config["proxies"]!["default"]!["httpProxy"]!.GetValue<string>());
    }

    [Fact]
    public void Without_a_credential_store_the_jobs_hosts_get_no_helper_entry()
    {
        var user = JsonNode.Parse("""{ "credHelpers": { "registry.gitlab.example": "pass", "other.example": "pass" } }""")!.AsObject();

        var config = Parse(DockerConfigFile.Content(user, [Job]));

        Assert.Equal(["other.example"], config["credHelpers"]!.AsObject().Select(entry => entry.Key));
    }

    [Fact]
    public void The_dependency_proxy_on_443_is_written_with_and_without_the_port()
    {
        var auths = Parse(DockerConfigFile.Content(null, [Job, Proxy]))["auths"]!.AsObject();

        // CI_DEPENDENCY_PROXY_SERVER is host:443; CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX has no port, and BuildKit
        // looks credentials up by the image's exact host.
        Assert.Equal(Base64("proxy-user:proxy-s3cret"), auths["gitlab.example"]!["auth"]!.GetValue<string>());
        Assert.Equal(Base64("proxy-user:proxy-s3cret"), auths["gitlab.example:443"]!["auth"]!.GetValue<string>());
    }

    [Fact]
    public void Without_a_users_config_the_file_is_byte_for_byte_what_the_merge_writes_from_an_empty_one()
    {
        RegistryCredentials[] logins = [Job, Proxy, new("docker.io", "hub", "h"), new("gitlab.example", "later", "wins")];

        var direct = DockerConfigFile.Content(null, logins);

        Assert.Equal(DockerConfigFile.Content([], logins), direct);
        Assert.Equal(Base64("later:wins"), Parse(direct)["auths"]!["gitlab.example:443"]!["auth"]!.GetValue<string>());
    }

    [Fact]
    public void A_registry_on_another_port_keeps_its_one_key_and_docker_hub_its_index_address()
    {
        var auths = Parse(DockerConfigFile.Content(null,
            [new RegistryCredentials("127.0.0.1:5000", "u", "p"), new RegistryCredentials("docker.io", "hub", "h")]))["auths"]!.AsObject();

        Assert.Equal(["127.0.0.1:5000", RegistryKeys.DockerHubKey], auths.Select(entry => entry.Key));
    }

    [Fact]
    public void The_users_config_is_byte_for_byte_the_same_and_the_private_folder_is_0700_with_a_0600_file_gone_after()
    {
        var original = """{"auths":{"private.example.com":{"auth":"dXNlcjpwYXNz"}},"credsStore":"desktop"}""" + "\n";
        File.WriteAllText(Path.Combine(_user, "config.json"), original);

        string folder;
        using (var config = DockerConfigFile.Write([Job], _user))
        {
            folder = config.Folder;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "config.json")));
            Assert.Contains("private.example.com", File.ReadAllText(Path.Combine(folder, "config.json")));
        }

        Assert.False(Directory.Exists(folder));
        Assert.Equal(original, File.ReadAllText(Path.Combine(_user, "config.json")));
        Assert.DoesNotContain("job-s3cret", string.Concat(Directory.EnumerateFiles(_user, "*", SearchOption.AllDirectories).Select(File.ReadAllText)));
    }

    [Fact]
    public void Buildx_finds_the_users_plugins_contexts_and_builders_through_links_that_go_without_what_they_point_at()
    {
        Directory.CreateDirectory(Path.Combine(_user, "cli-plugins"));
        File.WriteAllText(Path.Combine(_user, "cli-plugins", "docker-buildx"), "#!/bin/sh\n");
        File.WriteAllText(Path.Combine(_user, "ca.pem"), "CA");

        string folder;
        using (var config = DockerConfigFile.Write([Job], _user, shareState: true))
        {
            folder = config.Folder;
            Assert.True(File.Exists(Path.Combine(folder, "cli-plugins", "docker-buildx")));
            Assert.Equal("CA", File.ReadAllText(Path.Combine(folder, "ca.pem")));

            // What buildx and docker context write lands in the user's folder, where the next job finds it.
            File.WriteAllText(Path.Combine(folder, "buildx", "current"), "gitlab-docker");
            Directory.CreateDirectory(Path.Combine(folder, "contexts", "meta"));
        }

        Assert.False(Directory.Exists(folder));
        Assert.True(File.Exists(Path.Combine(_user, "cli-plugins", "docker-buildx")));
        Assert.Equal("gitlab-docker", File.ReadAllText(Path.Combine(_user, "buildx", "current")));
        Assert.True(Directory.Exists(Path.Combine(_user, "contexts", "meta")));
        Assert.False(File.Exists(Path.Combine(_user, "config.json")));
    }

    [Fact]
    public void A_clean_up_that_fails_only_warns_naming_the_folder()
    {
        var warnings = new List<string>();
        var config = DockerConfigFile.Write([Job], warn: warnings.Add, delete: _ => throw new IOException("Device or resource busy"));

        config.Dispose();

        var warning = Assert.Single(warnings);
        Assert.Contains(config.Folder, warning);
        Assert.Contains("Device or resource busy", warning);
        Assert.DoesNotContain("job-s3cret", warning);
        Directory.Delete(config.Folder, recursive: true);
    }

    public void Dispose() => Directory.Delete(_user, recursive: true);

    private static JsonObject Parse(byte[] content) => JsonNode.Parse(content)!.AsObject();

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
