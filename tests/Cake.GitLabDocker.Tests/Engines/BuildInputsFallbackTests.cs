using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public class BuildInputsFallbackTests
{
    private static BuildInputs Resolve(Dictionary<string, string?> variables, GitLabDockerBuildSettings settings) =>
        BuildInputsResolver.Resolve(settings, variables.Reader(), path => "/work/" + path.FullPath.TrimStart('.', '/'));

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    [InlineData(" FALSE ", false)]
    [InlineData("0", false)]
    [InlineData("true", true)]
    public void Tls_verify_comes_from_the_variable(string? value, bool expected)
    {
        var inputs = Resolve(Variables.With(Variables.Job(), ("GITLAB_DOCKER_TLS_VERIFY", value)), new GitLabDockerBuildSettings());

        Assert.Equal(expected, inputs.TlsVerify);
    }

    [Fact]
    public void Tls_verify_setting_wins()
    {
        var inputs = Resolve(Variables.With(Variables.Job(), ("GITLAB_DOCKER_TLS_VERIFY", "false")), new GitLabDockerBuildSettings { TlsVerify = true });

        Assert.True(inputs.TlsVerify);
    }

    [Fact]
    public void Unreadable_tls_verify_names_the_variable()
    {
        var error = Assert.Throws<CakeException>(() =>
            Resolve(Variables.With(Variables.Job(), ("GITLAB_DOCKER_TLS_VERIFY", "maybe")), new GitLabDockerBuildSettings()));

        Assert.Contains("GITLAB_DOCKER_TLS_VERIFY", error.Message);
    }

    [Fact]
    public void Buildah_conventions_fill_in_unset_settings_and_settings_win()
    {
        var variables = Variables.With(Variables.Job(), ("STORAGE_DRIVER", "overlay"), ("BUILDAH_ISOLATION", "rootless"));

        var fromVariables = Resolve(variables, new GitLabDockerBuildSettings());
        var fromSettings = Resolve(variables, new GitLabDockerBuildSettings { StorageDriver = "vfs", Isolation = "oci" });
        var defaults = Resolve(Variables.Job(), new GitLabDockerBuildSettings());

        Assert.Equal(("overlay", "rootless"), (fromVariables.StorageDriver, fromVariables.Isolation));
        Assert.Equal(("vfs", "oci"), (fromSettings.StorageDriver, fromSettings.Isolation));
        // No driver named: the Buildah engine chooses (overlay where it can be opened, else vfs; StorageDriverChoiceTests).
        Assert.Equal((null, "chroot"), (defaults.StorageDriver, defaults.Isolation));
    }

    [Fact]
    public void Builder_comes_from_buildx_builder_and_paths_are_absolute()
    {
        var inputs = Resolve(Variables.With(Variables.Job(), ("BUILDX_BUILDER", "ci-builder")),
            new GitLabDockerBuildSettings { Context = "./app", Dockerfile = "./app/Dockerfile" });

        Assert.Equal("ci-builder", inputs.Builder);
        Assert.Equal("/work/app", inputs.Context);
        Assert.Equal("/work/app/Dockerfile", inputs.Dockerfile);
    }

    [Fact]
    public void Build_args_are_sorted_for_a_stable_command_line()
    {
        var settings = new GitLabDockerBuildSettings().WithBuildArg("B", "2").WithBuildArg("A", "1");

        Assert.Equal(["A", "B"], Resolve(Variables.Job(), settings).BuildArgs.Select(pair => pair.Key));
    }
}
