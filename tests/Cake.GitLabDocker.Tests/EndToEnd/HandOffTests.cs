using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The dotenv hand-off end to end: the example's image job pushes and leaves <c>gitlab-docker.env</c> as
/// <c>artifacts:reports:dotenv</c>; its <c>deploy</c> job, run by <c>gitlab-ci-local</c> in the same pipeline,
/// receives the image by digest.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class HandOffTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    [Fact]
    public void A_later_job_receives_the_pushed_image_by_digest()
    {
        var baseImage = BaseImage.Push(_registry, _storage);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage, "settings.WithSemVerTags();");

        var log = project.RunJobs(["image:buildah", "deploy"], new Dictionary<string, string> { ["CI_COMMIT_TAG"] = "v3.0.1" }, "CI_COMMIT_BRANCH");

        var image = $"{_registry.Address}/{GitLabCiLocal.Project}";
        var digest = _registry.Digest(GitLabCiLocal.Project, "v3.0.1");
        Assert.All(["3.0.1", "3.0", "3"], tag => Assert.Equal(digest, _registry.Digest(GitLabCiLocal.Project, tag)));
        var deployed = DeployLine().Match(log);
        Assert.True(deployed.Success, log);
        Assert.Equal($"{image}:v3.0.1@{digest}", deployed.Groups["image"].Value);
        Assert.Equal(string.Join(',', new[] { "v3.0.1", "3.0.1", "3.0", "3" }.Select(tag => $"{image}:{tag}")), deployed.Groups["tags"].Value);

        var report = File.ReadAllText(Path.Combine(project.Folder, "gitlab-docker.env"));
        Assert.Equal(
            $"GITLAB_DOCKER_IMAGE={image}:v3.0.1@{digest}\nGITLAB_DOCKER_DIGEST={digest}\nGITLAB_DOCKER_TAGS={deployed.Groups["tags"].Value}\n",
            report);
        Assert.DoesNotContain(RegistryServer.Password, report);
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }

    [GeneratedRegex(@"deploy\s+> Deploying (?<image>\S+) \(tags (?<tags>[^)]+)\)")]
    private static partial Regex DeployLine();
}
