using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>Which daemon the BuildKit engine talks to: the setting, else <c>BUILDKIT_HOST</c>, else the daemonless script.</summary>
public sealed class BuildKitClientTests
{
    private static BuildKitClient Resolve(GitLabDockerBuildSettings settings, string? buildkitHost, bool scriptOnPath, bool socketExists = true) =>
        BuildKitClient.Resolve(settings, name => name == "BUILDKIT_HOST" ? buildkitHost : null,
            executable => scriptOnPath && executable == BuildKitClient.DaemonlessScript, path => "/certs/" + path.FullPath, _ => socketExists);

    [Fact]
    public void The_rootless_images_own_buildkit_host_without_a_daemon_leaves_the_build_to_the_script()
    {
        var client = Resolve(new GitLabDockerBuildSettings(), "unix:///run/user/1000/buildkit/buildkitd.sock", scriptOnPath: true, socketExists: false);

        Assert.Equal(BuildKitClient.DaemonlessScript, client.Executable);
        Assert.Null(client.Address);
    }

    [Fact]
    public void A_buildkit_host_socket_that_exists_is_used()
    {
        Assert.Equal("unix:///run/user/1000/buildkit/buildkitd.sock",
            Resolve(new GitLabDockerBuildSettings(), "unix:///run/user/1000/buildkit/buildkitd.sock", scriptOnPath: true).Address);
    }

    [Fact]
    public void The_endpoint_setting_wins_over_the_variable_and_the_script()
    {
        var client = Resolve(new GitLabDockerBuildSettings { BuilderEndpoint = "tcp://buildkitd:1234" }, "unix:///other.sock", scriptOnPath: true);

        Assert.Equal(new BuildKitClient("buildctl", "tcp://buildkitd:1234", []), client with { TlsOptions = [] });
    }

    [Fact]
    public void Buildkit_host_is_used_when_no_endpoint_is_set()
    {
        Assert.Equal("unix:///run/buildkit/buildkitd.sock",
            Resolve(new GitLabDockerBuildSettings(), "unix:///run/buildkit/buildkitd.sock", scriptOnPath: true).Address);
    }

    [Fact]
    public void Without_an_address_the_daemonless_script_runs_the_build()
    {
        var client = Resolve(new GitLabDockerBuildSettings(), null, scriptOnPath: true);

        Assert.Equal(BuildKitClient.DaemonlessScript, client.Executable);
        Assert.Null(client.Address);
    }

    [Fact]
    public void Tls_files_become_buildctl_flags_with_absolute_paths()
    {
        var client = Resolve(new GitLabDockerBuildSettings { BuilderEndpoint = "tcp://buildkitd:1234" }.WithBuilderTls("ca.pem", "cert.pem", "key.pem"),
            null, scriptOnPath: false);

        Assert.Equal([new("--tlscacert", "/certs/ca.pem"), new("--tlscert", "/certs/cert.pem"), new("--tlskey", "/certs/key.pem")], client.TlsOptions);
    }

    [Fact]
    public void Neither_a_script_nor_an_address_names_both_ways()
    {
        var error = Assert.Throws<CakeException>(() => Resolve(new GitLabDockerBuildSettings(), null, scriptOnPath: false));

        Assert.Contains("buildctl-daemonless.sh is not on PATH", error.Message);
        Assert.Contains("GitLabDockerBuildSettings.BuilderEndpoint", error.Message);
        Assert.Contains("BUILDKIT_HOST", error.Message);
    }

    [Fact]
    public void An_address_without_a_scheme_is_refused_by_name()
    {
        var error = Assert.Throws<CakeException>(() => Resolve(new GitLabDockerBuildSettings(), "buildkitd:1234", scriptOnPath: true));

        Assert.Contains("BUILDKIT_HOST", error.Message);
        Assert.Contains("needs a scheme", error.Message);
    }

    [Fact]
    public void A_tool_path_to_buildctl_without_a_daemon_is_refused_naming_the_settings()
    {
        var settings = new GitLabDockerBuildSettings { ToolPath = "/opt/buildkit/bin/buildctl" };

        var error = Assert.Throws<CakeException>(() => Resolve(settings, null, scriptOnPath: true));

        Assert.Contains("GitLabDockerBuildSettings.ToolPath '/opt/buildkit/bin/buildctl'", error.Message);
        Assert.Contains("BuilderEndpoint nor BUILDKIT_HOST", error.Message);
        Assert.Contains("buildctl-daemonless.sh", error.Message);
    }

    [Fact]
    public void A_tool_path_to_the_daemonless_script_starts_its_own_daemon()
    {
        var client = Resolve(new GitLabDockerBuildSettings { ToolPath = "/usr/local/bin/buildctl-daemonless.sh" }, null, scriptOnPath: false);

        Assert.Equal(new BuildKitClient(BuildKitClient.DaemonlessScript, null, []), client with { TlsOptions = [] });
    }

    [Fact]
    public void A_tool_path_to_buildctl_with_a_daemon_talks_to_it()
    {
        var client = Resolve(new GitLabDockerBuildSettings { ToolPath = "/opt/buildkit/bin/buildctl" }, "tcp://buildkitd:1234", scriptOnPath: false);

        Assert.Equal("tcp://buildkitd:1234", client.Address);
    }
}

