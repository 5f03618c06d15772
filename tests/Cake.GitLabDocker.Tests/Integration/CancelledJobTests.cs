namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A job cancelled while it builds: the GitLab runner sends the job's processes <c>SIGTERM</c>. The private Docker
/// config that holds the job's credentials and the build's metadata folder are gone afterwards, like after a success or
/// a failure. The job's registry is a real, GitLab-like one (<see cref="RegistryServer"/>): a default-branch job reads its
/// tags before it builds.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CancelledJobTests : IClassFixture<PackedAddin>, IDisposable
{
    private readonly RegistryServer _registry = new();
    private readonly CakeJob _job;

    public CancelledJobTests(PackedAddin addin) => _job = new(addin, "GitLabDockerBuild();", _registry);

    [Fact]
    public void A_job_stopped_with_sigterm_while_it_builds_leaves_no_private_credentials_and_no_temporary_folder()
    {
        using var process = _job.Start(Variables.With(Variables.DefaultBranch(), ("DOCKER_STANDIN_HANG", "build")));
        var hanging = Path.Combine(_job.CallFolder, "hanging");
        Wait.Until(() => File.Exists(hanging) || process.HasExited, TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(hanging), "the build never started");
        var config = _job.Configs[^1].DockerConfig;
        Assert.True(Directory.Exists(config), config);

        // The runner signals the job's whole process group (setsid made the job its leader). The stand-in engine stays
        // (deaf to SIGTERM), so what is cleaned up is cleaned up by the job's own signal handling, not by the build's end.
        try
        {
            Command.Succeed("kill", ["-TERM", "--", "-" + process.Id], Repository.Root);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the job did not stop on SIGTERM");
        }
        finally
        {
            Command.Run("kill", ["-KILL", "--", "-" + process.Id], Repository.Root);
        }

        Assert.False(Directory.Exists(config), "the private Docker config outlived the cancelled job");
        var build = _job.Calls.Single(call => call.Arguments.Contains("--metadata-file")).Arguments;
        var metadata = build[Array.IndexOf(build, "--metadata-file") + 1];
        Assert.False(Directory.Exists(Path.GetDirectoryName(metadata)), "the build's metadata folder outlived the cancelled job");
        Assert.Empty(_registry.ManifestRevisions(CakeJob.ImagePath));
    }

    public void Dispose()
    {
        _job.Dispose();
        _registry.Dispose();
    }
}
