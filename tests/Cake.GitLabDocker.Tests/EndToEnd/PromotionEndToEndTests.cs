using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Build once, release by promotion: the default branch pushes the commit's image, the tag pipeline of the same commit
/// copies it to the release tags with skopeo instead of rebuilding. Real gitlab-ci-local, dotnet cake, Buildah,
/// skopeo and registry.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class PromotionEndToEndTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    [Fact]
    public void A_release_is_the_tested_image_byte_for_byte()
    {
        var baseImage = BaseImage.Push(_registry, _storage);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage,
            "settings.WithCommitTag().WithSemVerTags().WithReuseCommitImage();");
        var commitTag = "sha-" + project.Commit[..8];

        project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" });
        var tested = _registry.Digest(Image, commitTag);
        Assert.Equal(tested, _registry.Digest(Image, "latest"));

        _storage.Wipe();
        var log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_TAG"] = "v1.0.0" }, "CI_COMMIT_BRANCH");

        Assert.Contains($"Promoting {_registry.Address}/{Image}:{commitTag} ({tested})", log);
        Assert.False(PipelineLog.Built(log), log);
        Assert.All(["v1.0.0", "1.0.0", "1.0", "1", commitTag, "latest"], tag => Assert.Equal(tested, _registry.Digest(Image, tag)));
        Assert.Contains($"Image digest: {tested}", log);
        Assert.StartsWith($"GITLAB_DOCKER_IMAGE={_registry.Address}/{Image}:v1.0.0@{tested}\n",
            File.ReadAllText(Path.Combine(project.Folder, "gitlab-docker.env")));
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }
}
