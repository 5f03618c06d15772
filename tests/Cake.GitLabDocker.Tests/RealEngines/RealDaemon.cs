namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The BuildKit daemon the real-engine suite builds on: the one <c>BUILDKIT_HOST</c> names. Without one that answers,
/// the suite fails and says how to start one; it never skips.
/// </summary>
internal static class RealDaemon
{
    /// <summary>Returns the daemon's address after checking that <c>buildctl debug workers</c> answers there.</summary>
    public static string Require()
    {
        Assert.False(string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestCertificates.KeptCaVariable)),
            $"{TestCertificates.KeptCaVariable} is not set: the real-engine suite's registry is HTTPS from a test CA kept in that folder, " +
            "and the daemon must trust it: start buildkitd with SSL_CERT_FILE=$GITLAB_DOCKER_TEST_CA/ca.crt (a first run of the suite " +
            "makes the CA there); see README, 'Real engines'.");

        var host = Environment.GetEnvironmentVariable(TestCertificates.RegistryHostVariable);
        Assert.False(string.IsNullOrWhiteSpace(host) || System.Net.IPAddress.TryParse(host, out _) || host == "localhost",
            $"{TestCertificates.RegistryHostVariable} must name the registry by a host name that resolves to 127.0.0.1 (for example " +
            "registry.gitlab-docker.test in /etc/hosts): BuildKit speaks only plain HTTP to a loopback address or localhost; see README, 'Real engines'.");
        Assert.Contains(System.Net.Dns.GetHostAddresses(host!), System.Net.IPAddress.IsLoopback);

        // Made there on first use, so a daemon can be started trusting it even when this check fails below.
        _ = TestCertificates.CaFile;
        var address = Environment.GetEnvironmentVariable("BUILDKIT_HOST");
        Assert.False(string.IsNullOrWhiteSpace(address),
            "BUILDKIT_HOST is not set: the real-engine suite needs a BuildKit daemon (buildkitd) and buildctl on PATH; " +
            "see README, 'Real engines'.");
        var (exitCode, output) = Run("buildctl", ["--addr", address!, "debug", "workers"]);
        Assert.True(exitCode == 0, $"No BuildKit daemon answers at BUILDKIT_HOST={address} (buildctl exited with {exitCode}):\n{output}");
        return address!;
    }

    /// <summary>Empties the daemon's local cache, so the next build can only take its steps from the registry cache.</summary>
    public static void Prune(string address) => Assert.Equal(0, Run("buildctl", ["--addr", address, "prune", "--all"]).ExitCode);

    private static (int ExitCode, string Output) Run(string fileName, string[] arguments)
    {
        try
        {
            return Command.Run(fileName, arguments, Repository.Root, timeout: TimeSpan.FromMinutes(2));
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return (127, $"{fileName} is not on PATH: {error.Message}");
        }
    }
}
