namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Two cold builds of one commit — fresh Buildah storage, no layer cache — push the same digest: the commit's time is
/// every timestamp of the image; without it, the same build gets another digest. Real gitlab-ci-local, dotnet cake,
/// Buildah and registry.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ReproducibleEndToEndTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;
    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    [Fact]
    public void Two_cold_builds_of_one_commit_push_the_same_digest()
    {
        var baseImage = BaseImage.Push(_registry, _storage);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage,
            "settings.WithNoCache().WithReproducible(EnvironmentVariable(\"REPRODUCIBLE\") != \"false\");");

        _storage.Wipe();
        var first = PipelineLog.Digest(project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" }));
        _storage.Wipe();
        var log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" });

        Assert.Equal(first, PipelineLog.Digest(log));
        Assert.Equal(first, _registry.Digest(Image, "latest"));

        // The control: without the commit's time the same build gets another digest (the build's own time is in it).
        _storage.Wipe();
        log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main", ["REPRODUCIBLE"] = "false" });
        Assert.NotEqual(first, PipelineLog.Digest(log));
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }
}
