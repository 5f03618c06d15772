namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The throw-away daemon of <c>buildctl-daemonless.sh</c> gets the registry's CA, client certificate and TlsVerify through
/// its own config (<c>BUILDKITD_FLAGS=--config=…</c>), which lives only as long as the build; a daemon the job reaches gets none.
/// </summary>
public sealed class DaemonConfigTests : IDisposable
{
    private static readonly BuildKitClient Daemonless = new(BuildKitClient.DaemonlessScript, null, []);
    private readonly string _certs = TestCertificates.CertDirectory(clientCertificate: true);

    private static GitLabDockerBuildPlan Plan => Inputs.Plan(Variables.With(Variables.DefaultBranch(), ("GITLAB_DOCKER_ENGINE", "buildkit")));

    private (string? Flags, string? Config, string? Folder) Run(BuildKitClient client, BuildInputs inputs)
    {
        (string? Flags, string? Config, string? Folder) seen = default;
        var buildctl = new RecordingProcess
        {
            OnRun = command =>
            {
                var flags = command.Environment?.GetValueOrDefault(DaemonConfig.FlagsVariable);
                var path = flags?.Split("--config=").Last();
                seen = (flags, path is null ? null : File.ReadAllText(path), path is null ? null : Path.GetDirectoryName(path));
            },
        };
        new BuildKitEngine(buildctl, client).Build(Plan, inputs);
        return seen;
    }

    [Fact]
    public void Cert_directory_gives_the_daemon_the_registrys_ca_and_client_certificate_for_the_call_only()
    {
        var (flags, config, folder) = Run(Daemonless with { DaemonFlags = "--oci-worker-snapshotter=native" }, Inputs.Default() with { CertDirectory = _certs });

        Assert.StartsWith("--oci-worker-snapshotter=native --config=", flags);
        Assert.Equal(
            $"[registry.\"registry.gitlab.example\"]\n" +
            $"  ca = [\"{_certs}/ca.crt\"]\n" +
            $"  [[registry.\"registry.gitlab.example\".keypair]]\n" +
            $"    key = \"{_certs}/client.key\"\n" +
            $"    cert = \"{_certs}/client.cert\"\n",
            config);
        Assert.False(Directory.Exists(folder), "the daemon config outlived the call");
    }

    [Fact]
    public void Tls_verify_off_makes_the_registry_insecure_for_the_daemon()
    {
        var (_, config, _) = Run(Daemonless, Inputs.Default() with { TlsVerify = false });

        Assert.Equal($"[registry.\"registry.gitlab.example\"]\n  insecure = true\n", config);
    }

    [Fact]
    public void Nothing_is_written_when_tls_is_verified_with_the_job_trust_store_or_for_a_daemon_the_job_only_reaches()
    {
        Assert.Null(Run(Daemonless, Inputs.Default()).Flags);
        Assert.Null(Run(new BuildKitClient(BuildKitClient.Buildctl, "tcp://buildkitd:1234", []), Inputs.Default() with { CertDirectory = _certs }).Flags);
    }

    [Fact]
    public void A_config_the_job_names_in_buildkitd_flags_is_left_as_it_is()
    {
        var (flags, _, _) = Run(Daemonless with { DaemonFlags = "--config=/etc/buildkit/mine.toml" }, Inputs.Default() with { CertDirectory = _certs });

        Assert.Null(flags);
    }

    public void Dispose() => Directory.Delete(_certs, recursive: true);
}
