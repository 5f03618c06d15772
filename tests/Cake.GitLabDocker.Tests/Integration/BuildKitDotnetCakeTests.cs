using System.Text;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The packed add-in under the real <c>dotnet cake</c> with the BuildKit engine; only <c>buildctl</c> (and BuildKit's
/// <c>buildctl-daemonless.sh</c>, which runs it) are stand-ins that record their arguments and the Docker config they
/// were pointed at.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BuildKitDotnetCakeTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = Variables.Image;
    private const string Script = """
        var result = GitLabDockerBuild(s => s.WithBuildArg("NOTE", "a b;$(id)").WithOciLabels(false));
        Information("RESULT-DIGEST={0}", result.Digest);
        """;

    private readonly CakeJob _job = new(addin, Script);

    private string Calls => Path.Combine(_job.Folder, ".calls");

    private static Dictionary<string, string?> BuildKit(Dictionary<string, string?> variables) =>
        Variables.With(variables, ("GITLAB_DOCKER_ENGINE", "buildkit"));

    [Fact]
    public void A_default_branch_job_runs_one_daemonless_build_with_the_credentials_in_a_private_config_that_is_gone_afterwards()
    {
        var (exitCode, output) = _job.Run(BuildKit(Variables.DefaultBranch()));

        Assert.True(exitCode == 0, output);
        var call = Assert.Single(_job.Calls);
        var metadata = call.Arguments[Array.IndexOf(call.Arguments, "--metadata-file") + 1];
        Assert.Equal(
        [
            "--addr=unix:///run/buildkit/buildkitd.sock", "build", "--frontend", "dockerfile.v0",
            "--local", $"context={_job.Folder}", "--local", $"dockerfile={_job.Folder}",
            "--opt", "build-arg:NOTE=a b;$(id)",
            "--import-cache", $"type=registry,ref={Image}:latest-buildcache",
            "--export-cache", $"type=registry,ref={Image}:latest-buildcache,mode=max",
            "--output", $"type=image,\"name={Image}:latest\",push=true",
            "--metadata-file", metadata, "--progress=plain",
        ], call.Arguments);

        var config = File.ReadAllText(Path.Combine(Calls, "000.docker-config"));
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"gitlab-ci-token:{Variables.Password}"));
        Assert.Equal($"{{\"auths\":{{\"registry.gitlab.example\":{{\"auth\":\"{auth}\"}},\"registry.gitlab.example:443\":{{\"auth\":\"{auth}\"}}}}}}", config);
        Assert.False(Directory.Exists(File.ReadAllText(Path.Combine(Calls, "000.docker-config-path"))), "the private Docker config outlived the call");
        Assert.Matches($@"Pushed {Image}:latest at sha256:[0-9a-f]{{64}}\.", output);
        Assert.DoesNotContain(Variables.Password, output);
        Assert.DoesNotContain(auth, output);
    }

    [Fact]
    public void A_daemon_address_from_buildkit_host_uses_buildctl_itself()
    {
        var (exitCode, output) = _job.Run(Variables.With(BuildKit(Variables.Tag("v1.2.3")), ("BUILDKIT_HOST", "tcp://buildkitd:1234")));

        Assert.True(exitCode == 0, output);
        var call = Assert.Single(_job.Calls);
        Assert.Equal(["--addr", "tcp://buildkitd:1234", "build"], call.Arguments[..3]);
        Assert.DoesNotContain("--export-cache", call.Arguments);
    }

    [Fact]
    public void A_failed_build_fails_the_run_and_still_removes_the_config()
    {
        var (exitCode, output) = _job.Run(Variables.With(BuildKit(Variables.DefaultBranch()), ("DOCKER_STANDIN_FAIL", "build")));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("buildctl-daemonless.sh build failed with exit code 1", output);
        Assert.False(Directory.Exists(File.ReadAllText(Path.Combine(Calls, "000.docker-config-path"))));
        Assert.DoesNotContain(Variables.Password, output);
    }

    [Fact]
    public void Without_the_script_or_an_address_the_run_stops_before_anything_naming_both()
    {
        var path = Directory.CreateTempSubdirectory("gitlab-docker-no-buildkit-").FullName;
        File.CreateSymbolicLink(Path.Combine(path, "buildctl"), Path.Combine(Repository.StandIns, "buildctl"));

        var (exitCode, output) = _job.Run(BuildKit(Variables.DefaultBranch()), path: path + ":/usr/bin:/bin");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("buildctl-daemonless.sh is not on PATH", output);
        Assert.Contains("BUILDKIT_HOST", output);
        Assert.Empty(_job.Calls);
        Directory.Delete(path, recursive: true);
    }

    [Fact]
    public void Cert_directory_reaches_the_throw_away_daemon_as_its_own_config_for_the_call_only()
    {
        var certs = TestCertificates.CertDirectory();
        using var job = new CakeJob(addin, $"GitLabDockerBuild(s => s.WithCertDirectory(\"{certs}\"));");
        try
        {
            var (exitCode, output) = job.Run(Variables.With(BuildKit(Variables.DefaultBranch()), ("BUILDKITD_FLAGS", "--oci-worker-snapshotter=native")));

            Assert.True(exitCode == 0, output);
            var calls = Path.Combine(job.Folder, ".calls");
            var flags = File.ReadAllText(Path.Combine(calls, "000.buildkitd-flags"));
            Assert.StartsWith("--oci-worker-snapshotter=native --config=", flags);
            Assert.Equal($"[registry.\"registry.gitlab.example\"]\n  ca = [\"{certs}/ca.crt\"]\n",
                File.ReadAllText(Path.Combine(calls, "000.buildkitd-config")));
            Assert.False(File.Exists(flags["--oci-worker-snapshotter=native --config=".Length..]), "the daemon config outlived the call");
        }
        finally
        {
            Directory.Delete(certs, recursive: true);
        }
    }

    public void Dispose() => _job.Dispose();
}
