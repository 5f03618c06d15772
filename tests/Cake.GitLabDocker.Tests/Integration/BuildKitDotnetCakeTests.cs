using System.Text;
using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The packed add-in under the real <c>dotnet cake</c> with the BuildKit engine; only <c>buildctl</c> (and BuildKit's
/// <c>buildctl-daemonless.sh</c>, which runs it) are stand-ins that record their arguments and the Docker config they
/// were pointed at. The job's registry is a real one, GitLab-like (<see cref="RegistryServer"/>): the stand-in pushes
/// each build there by digest with the credentials of that config, and the add-in writes the tags through the registry API.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BuildKitDotnetCakeTests : IClassFixture<PackedAddin>, IDisposable
{
    private const string Script = """
        var result = GitLabDockerBuild(s => s.WithBuildArg("NOTE", "a b;$(id)").WithOciLabels(false));
        Information("RESULT-DIGEST={0}", result.Digest);
        """;

    private readonly PackedAddin _addin;
    private readonly RegistryServer _registry = new();
    private readonly CakeJob _job;

    public BuildKitDotnetCakeTests(PackedAddin addin)
    {
        _addin = addin;
        _job = new(addin, Script, _registry);
    }

    private string Image => _job.Image;

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
            "--export-cache", $"type=registry,ref={Image}:latest-buildcache-staging,mode=max",
            "--output", $"type=image,name={Image},push-by-digest=true,name-canonical=true,push=true",
            "--metadata-file", metadata, "--progress=plain",
        ], call.Arguments);

        var config = File.ReadAllText(Path.Combine(Calls, "000.docker-config"));
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_job.User}:{_job.Password}"));
        Assert.Equal($"{{\"auths\":{{\"{_job.Registry}\":{{\"auth\":\"{auth}\"}}}}}}", config);
        Assert.False(Directory.Exists(File.ReadAllText(Path.Combine(Calls, "000.docker-config-path"))), "the private Docker config outlived the call");

        // Pushed by digest with those credentials; the add-in wrote the tag.
        var digest = Digest(output);
        Assert.Equal(["latest"], _registry.Tags(CakeJob.ImagePath));
        Assert.Equal(digest, _registry.Digest(CakeJob.ImagePath, "latest"));
        Assert.Contains(_registry.Tokens!.Requests, request =>
            request.User == _job.User && request.Granted.Contains($"repository:{CakeJob.ImagePath}:pull,push"));
        Assert.Contains($"Pushed {Image}:latest at {digest}.", output);
        Assert.DoesNotContain(_job.Password, output);
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
        Assert.Equal(["v1.2.3"], _registry.Tags(CakeJob.ImagePath));
        Assert.Equal(Digest(output), _registry.Digest(CakeJob.ImagePath, "v1.2.3"));
    }

    [Fact]
    public void A_failed_build_fails_the_run_and_still_removes_the_config()
    {
        var (exitCode, output) = _job.Run(Variables.With(BuildKit(Variables.DefaultBranch()), ("DOCKER_STANDIN_FAIL", "build")));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("buildctl-daemonless.sh build failed with exit code 1", output);
        Assert.False(Directory.Exists(File.ReadAllText(Path.Combine(Calls, "000.docker-config-path"))));
        Assert.Empty(_registry.ManifestRevisions(CakeJob.ImagePath));
        Assert.DoesNotContain(_job.Password, output);
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
        using var job = new CakeJob(_addin, $"GitLabDockerBuild(s => s.WithCertDirectory(\"{certs}\"));", _registry);
        try
        {
            var (exitCode, output) = job.Run(Variables.With(BuildKit(Variables.DefaultBranch()), ("BUILDKITD_FLAGS", "--oci-worker-snapshotter=native")));

            Assert.True(exitCode == 0, output);
            var calls = Path.Combine(job.Folder, ".calls");
            var flags = File.ReadAllText(Path.Combine(calls, "000.buildkitd-flags"));
            Assert.StartsWith("--oci-worker-snapshotter=native --config=", flags);
            Assert.Equal($"[registry.\"{job.Registry}\"]\n  ca = [\"{certs}/ca.crt\"]\n",
                File.ReadAllText(Path.Combine(calls, "000.buildkitd-config")));
            Assert.False(File.Exists(flags["--oci-worker-snapshotter=native --config=".Length..]), "the daemon config outlived the call");
            Assert.Equal(["latest"], _registry.Tags(CakeJob.ImagePath));
        }
        finally
        {
            Directory.Delete(certs, recursive: true);
        }
    }

    public void Dispose()
    {
        _job.Dispose();
        _registry.Dispose();
    }

    private static string Digest(string output) =>
        Regex.Match(output, "RESULT-DIGEST=(sha256:[0-9a-f]{64})") is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException(output);
}
