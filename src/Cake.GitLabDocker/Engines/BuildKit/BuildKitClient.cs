using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// How the BuildKit engine reaches a daemon: <c>buildctl --addr ADDRESS</c> for a daemon the job can reach
/// (<see cref="GitLabDockerBuildSettings.BuilderEndpoint"/>, else <c>BUILDKIT_HOST</c>), or BuildKit's
/// <c>buildctl-daemonless.sh</c>, which starts a throw-away <c>buildkitd</c> for the call (the rootless image's way).
/// </summary>
/// <param name="Executable">The executable: <c>buildctl</c> or <c>buildctl-daemonless.sh</c>.</param>
/// <param name="Address">The daemon address, or <see langword="null"/> for the daemonless script.</param>
/// <param name="TlsOptions">The <c>--tlscacert</c>, <c>--tlscert</c>, <c>--tlskey</c> values for a <c>tcp://</c> daemon, in that order.</param>
internal sealed record BuildKitClient(string Executable, string? Address, IReadOnlyList<KeyValuePair<string, string>> TlsOptions)
{
    /// <summary>Gets the job's <c>BUILDKITD_FLAGS</c> for the daemonless script's daemon, or <see langword="null"/>.</summary>
    public string? DaemonFlags { get; init; }

    /// <summary>BuildKit's own client.</summary>
    public const string Buildctl = "buildctl";

    /// <summary>BuildKit's script that runs one <c>buildctl</c> call against a daemon it starts and stops.</summary>
    public const string DaemonlessScript = "buildctl-daemonless.sh";

    /// <summary>Chooses the client, or throws a <see cref="CakeException"/> naming both ways to give one.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="variable">Reads a variable.</param>
    /// <param name="onPath">Whether an executable is on <c>PATH</c>.</param>
    /// <param name="absolute">Makes a path absolute.</param>
    /// <param name="socketExists">Whether a unix socket file exists; <see langword="null"/> answers yes.</param>
    public static BuildKitClient Resolve(
        GitLabDockerBuildSettings settings, Func<string, string?> variable, Func<string, bool> onPath, Func<Cake.Core.IO.Path, string> absolute,
        Func<string, bool>? socketExists = null)
    {
        var address = NonEmpty(settings.BuilderEndpoint) ?? DaemonAt(NonEmpty(variable(GitLabVariables.BuildKitHost)), onPath, socketExists);
        if (address is null && settings.ToolPath is { } toolPath)
        {
            // ToolPath is the file that runs: only the daemonless script starts a daemon of its own.
            return toolPath.GetFilename().FullPath == DaemonlessScript
                ? new BuildKitClient(DaemonlessScript, null, [])
                : throw new CakeException(
                    $"GitLabDockerBuildSettings.ToolPath '{ImageName.Printable(toolPath.FullPath)}' is run as buildctl, which needs a daemon, and " +
                    $"neither GitLabDockerBuildSettings.BuilderEndpoint nor {GitLabVariables.BuildKitHost} names one. Set one of them " +
                    $"(for example tcp://buildkitd:1234), or point ToolPath at BuildKit's {DaemonlessScript} to start a daemon for the build.");
        }

        if (address is null)
        {
            return onPath(DaemonlessScript)
                ? new BuildKitClient(DaemonlessScript, null, []) { DaemonFlags = NonEmpty(variable(DaemonConfig.FlagsVariable)) }
                : throw new CakeException(
                    $"The BuildKit engine needs a daemon: {DaemonlessScript} is not on PATH (the moby/buildkit:rootless image has it) and " +
                    $"neither GitLabDockerBuildSettings.BuilderEndpoint nor {GitLabVariables.BuildKitHost} names a daemon " +
                    "(for example tcp://buildkitd:1234). Set one of them, or use another engine (GITLAB_DOCKER_ENGINE=buildx or buildah).");
        }

        if (!address.Contains("://", StringComparison.Ordinal))
        {
            throw new CakeException(
                $"The BuildKit daemon address '{ImageName.Printable(address)}' (GitLabDockerBuildSettings.BuilderEndpoint or " +
                $"{GitLabVariables.BuildKitHost}) needs a scheme, for example tcp://buildkitd:1234 or unix:///run/buildkit/buildkitd.sock.");
        }

        var tls = new List<KeyValuePair<string, string>>();
        Add(tls, "--tlscacert", settings.BuilderCaCertificate, absolute);
        Add(tls, "--tlscert", settings.BuilderClientCertificate, absolute);
        Add(tls, "--tlskey", settings.BuilderClientKey, absolute);
        return new BuildKitClient(Buildctl, address, tls);
    }

    /// <summary>
    /// <c>BUILDKIT_HOST</c>, unless it names a unix socket that does not exist while the daemonless script is there: the
    /// <c>moby/buildkit:rootless</c> image sets <c>BUILDKIT_HOST</c> for its own daemon, which a CI job does not run.
    /// The socket is looked at first: it is one file, while the script is searched for in Cake's tools folder and on PATH.
    /// </summary>
    private static string? DaemonAt(string? host, Func<string, bool> onPath, Func<string, bool>? socketExists) =>
        host is not null && host.StartsWith("unix://", StringComparison.Ordinal)
        && !(socketExists ?? (_ => true))(host["unix://".Length..]) && onPath(DaemonlessScript)
            ? null
            : host;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Add(List<KeyValuePair<string, string>> options, string flag, Cake.Core.IO.FilePath? path, Func<Cake.Core.IO.Path, string> absolute)
    {
        if (path is not null)
        {
            options.Add(new KeyValuePair<string, string>(flag, absolute(path)));
        }
    }
}
