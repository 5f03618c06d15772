namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The benchmarks give each run a private <c>DOCKER_CONFIG</c>, through which docker looks for its plugins: they find the
/// buildx plugin where docker found it before (docker/cli <c>getPluginDirs</c>: the config's <c>cliPluginsExtraDirs</c>, then
/// <c>CONFIG/cli-plugins</c>, then the system folders) and link it into the private config.
/// </summary>
public sealed class BenchmarkSetupTests : IDisposable
{
    private static readonly string[] SystemFolders =
        ["/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins", "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins"];

    private readonly string _folder = Directory.CreateTempSubdirectory("gitlab-docker-bench-setup-").FullName;

    [Fact]
    public void The_plugin_in_the_users_config_folder_is_found_and_linked_into_the_private_docker_config()
    {
        var plugin = Plugin(Path.Combine(_folder, "home", ".docker", "cli-plugins"));

        var (exitCode, output) = Setup("""
            private_buildah_storage "$BENCH_FOLDER"
            readlink "$DOCKER_CONFIG/cli-plugins/docker-buildx"
            """, home: Path.Combine(_folder, "home"));

        Assert.True(exitCode == 0, output);
        Assert.Equal(plugin, output.Trim());
    }

    [Fact]
    public void A_folder_the_config_names_in_cliPluginsExtraDirs_comes_before_the_config_folders_own()
    {
        var config = Path.Combine(_folder, "config");
        Plugin(Path.Combine(config, "cli-plugins"));
        var extra = Plugin(Path.Combine(_folder, "extra"));
        File.WriteAllText(Path.Combine(config, "config.json"), $$"""{"cliPluginsExtraDirs": ["{{Path.Combine(_folder, "none")}}", "{{Path.GetDirectoryName(extra)}}"]}""");

        var (exitCode, output) = Setup($"find_cli_plugin buildx '{config}'");

        Assert.True(exitCode == 0, output);
        Assert.Equal(extra, output.Trim());
    }

    [Fact]
    public void Without_one_in_the_config_only_a_system_folder_can_have_it()
    {
        var (exitCode, output) = Setup($"find_cli_plugin buildx '{Path.Combine(_folder, "empty")}'");

        var system = SystemFolders.Select(folder => Path.Combine(folder, "docker-buildx")).FirstOrDefault(File.Exists);
        Assert.Equal(system is null ? 1 : 0, exitCode);
        Assert.Equal(system ?? string.Empty, output.Trim());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Plugin(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "docker-buildx");
        File.WriteAllText(path, "#!/bin/sh\n");
        return path;
    }

    private (int ExitCode, string Output) Setup(string script, string? home = null) =>
        Command.Run("bash", ["-c", $"set -euo pipefail; source benchmarks/setup.sh; {script}"], Repository.Root,
            new Dictionary<string, string?> { ["HOME"] = home ?? Path.Combine(_folder, "no-home"), ["BENCH_FOLDER"] = _folder });
}
