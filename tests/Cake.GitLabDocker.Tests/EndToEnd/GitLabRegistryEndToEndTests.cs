namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The example's Buildah job against a registry as GitLab runs it (HTTPS from a test CA, token scopes) in the three ways
/// users trust such a CA — the job image's CA bundle (<c>SSL_CERT_FILE</c>), <c>CertDirectory</c>, and
/// <c>TlsVerify = false</c> — and with the scopes GitLab grants a job: <c>pull,push</c> on its project, <c>pull</c> on
/// the base image's project, and nothing the job did not need.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class GitLabRegistryEndToEndTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;
    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    private static Dictionary<string, string> DefaultBranch => new() { ["CI_COMMIT_BRANCH"] = "main" };

    [Fact]
    public void With_the_ca_bundle_the_job_pulls_the_base_image_with_pull_only_and_pushes_its_own_project()
    {
        using var project = new GitLabCiLocal(addin, _registry, _storage, BaseImage.Push(_registry, _storage));

        var log = project.Run(DefaultBranch);

        Assert.Equal(PipelineLog.Digest(log), _registry.Digest(Image, "latest"));
        var granted = _registry.Tokens!.Requests.Where(request => request.User == RegistryServer.User).SelectMany(request => request.Granted).ToHashSet();
        Assert.Contains("repository:base/busybox:pull", granted);
        Assert.Contains($"repository:{Image}:pull,push", granted);
        Assert.All(granted, scope => Assert.Matches($"^repository:({Image}(/buildcache)?:pull(,push)?|base/busybox:pull)$", scope));
        Assert.DoesNotContain(RegistryServer.Password, log);
    }

    [Fact]
    public void With_cert_directory_and_no_ca_bundle_the_job_pushes()
    {
        var baseImage = BaseImage.Push(_registry, _storage);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage, $"settings.WithCertDirectory(\"{_registry.CertDirectory}\");");
        project.SetVariable("SSL_CERT_FILE", null);

        var log = project.Run(DefaultBranch);

        Assert.Equal(PipelineLog.Digest(log), _registry.Digest(Image, "latest"));
        Assert.Contains($"--cert-dir \"{_registry.CertDirectory}\"", log);
    }

    [Fact]
    public void With_tls_verify_off_and_no_ca_the_job_pushes_and_without_any_it_fails_naming_the_ca_settings()
    {
        var baseImage = BaseImage.Push(_registry, _storage);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage);
        project.SetVariable("SSL_CERT_FILE", null);

        var (exitCode, log) = project.TryRun(DefaultBranch);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("its TLS certificate is not trusted", log);
        Assert.Empty(_registry.Tags(Image));

        project.SetVariable("GITLAB_DOCKER_TLS_VERIFY", "false");
        log = project.Run(DefaultBranch);
        Assert.Equal(PipelineLog.Digest(log), _registry.Digest(Image, "latest"));
    }

    public void Dispose()
    {
        _registry.Dispose();
        _storage.Dispose();
    }
}
