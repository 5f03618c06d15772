using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>A missing build context or Dockerfile stops the call before any process, naming the setting.</summary>
public sealed class BuildFilesTests : IDisposable
{
    private static readonly HostChecks Real = new(_ => false, _ => true, File.Exists, Directory.Exists);
    private readonly string _context = Directory.CreateTempSubdirectory("gitlab-docker-context-").FullName;

    private BuildInputs Inputs(string? dockerfile = null, string? context = null) =>
        Tests.Inputs.Default(context ?? _context) with { Dockerfile = dockerfile };

    [Fact]
    public void A_context_with_a_dockerfile_passes()
    {
        File.WriteAllText(Path.Combine(_context, "Dockerfile"), "FROM scratch\n");

        BuildFiles.Check(Inputs(), GitLabDockerEngine.Buildx, Real);
    }

    [Fact]
    public void A_missing_context_names_the_setting()
    {
        var error = Assert.Throws<CakeException>(() => BuildFiles.Check(Inputs(context: _context + "/absent"), GitLabDockerEngine.Buildx, Real));

        Assert.Contains("(GitLabDockerBuildSettings.Context) does not exist", error.Message);
    }

    [Fact]
    public void A_missing_dockerfile_setting_names_it()
    {
        var error = Assert.Throws<CakeException>(() => BuildFiles.Check(Inputs(_context + "/docker/Api.Dockerfile"), GitLabDockerEngine.Buildah, Real));

        Assert.Contains("(GitLabDockerBuildSettings.Dockerfile) does not exist", error.Message);
    }

    [Fact]
    public void A_context_without_a_dockerfile_says_what_to_add_or_set()
    {
        var error = Assert.Throws<CakeException>(() => BuildFiles.Check(Inputs(), GitLabDockerEngine.BuildKit, Real));

        Assert.Contains("There is no Dockerfile in the build context", error.Message);
        Assert.Contains("GitLabDockerBuildSettings.Dockerfile", error.Message);
    }

    [Fact]
    public void Buildah_also_takes_a_containerfile_and_the_others_do_not()
    {
        File.WriteAllText(Path.Combine(_context, "Containerfile"), "FROM scratch\n");

        BuildFiles.Check(Inputs(), GitLabDockerEngine.Buildah, Real);
        Assert.Throws<CakeException>(() => BuildFiles.Check(Inputs(), GitLabDockerEngine.Buildx, Real));
    }

    [Fact]
    public void The_build_stops_before_the_login_and_the_login_alone_needs_no_dockerfile()
    {
        var process = new RecordingProcess();
        var runner = new GitLabDockerRunner(new RecordingLog(), Variables.Tag().Reader(), path => _context + "/" + path.FullPath.TrimStart('.', '/'),
            (_, _) => process, host: Real);

        Assert.Throws<CakeException>(() => runner.Build(new GitLabDockerBuildSettings()));
        Assert.Empty(process.Commands);

        runner.Login(new GitLabDockerBuildSettings());
        Assert.Equal("login", Assert.Single(process.Commands).Step);
    }

    public void Dispose() => Directory.Delete(_context, recursive: true);
}
