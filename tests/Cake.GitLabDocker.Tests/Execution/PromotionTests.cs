using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>Release by promotion at the argument level, for both engines.</summary>
public sealed class PromotionTests : IDisposable
{
    private const string Image = Variables.Image;
    private static readonly string Digest = "sha256:" + new string('c', 64);

    private readonly string _work = Directory.CreateTempSubdirectory("gitlab-docker-promote-").FullName;
    private readonly RecordingLog _log = new();
    private readonly RecordingProcess _process = new();

    private GitLabDockerRunner Runner(Dictionary<string, string?> variables) =>
        new(_log, Variables.With(variables, ("CI_COMMIT_SHORT_SHA", "1a2b3c4d")).Reader(), path => _work + "/" + path.FullPath.TrimStart('.', '/'),
            (_, _) => _process, registry: _ => _registry);

    private readonly MemoryRegistry _registry = new();

    private static Dictionary<string, string?> Release(string engine) => Variables.With(Variables.Tag("v1.4.0"), ("GITLAB_DOCKER_ENGINE", engine));

    [Theory]
    [InlineData("buildah", "inspect")]
    [InlineData("buildx", "imagetools inspect")]
    public void The_commit_image_is_tagged_through_the_registry_version_tags_first_and_nothing_is_built(string engine, string? inspect)
    {
        _process.Outputs["inspect"] = Digest;
        _process.Outputs["imagetools inspect"] = Digest;
        _registry.Tags[$"{Image}:sha-1a2b3c4d"] = Digest;

        var result = Runner(Release(engine)).Build(new GitLabDockerBuildSettings().WithSemVerTags().WithLatestOnRelease().WithCommitTag()
            .WithReuseCommitImage());

        Assert.Equal(Digest, result.Digest);
        Assert.DoesNotContain(_process.Commands, c => c.Step is "build" or "push");
        if (inspect is not null)
        {
            Assert.Contains(inspect, _process.Commands.Select(c => c.Step));
        }

        Assert.Equal(new[] { "v1.4.0", "1.4.0", "1.4", "1", "latest" }.Select(tag => $"{Image}:{tag}={Digest}"), _registry.Writes);
        Assert.Equal(new[] { "v1.4.0", "1.4.0", "1.4", "1", "sha-1a2b3c4d", "latest" }.Select(tag => $"{Image}:{tag}"), result.WrittenTags);
        Assert.Contains(_log.Lines, line => line.StartsWith($"Promoting {Image}:sha-1a2b3c4d ({Digest})"));
    }

    [Fact]
    public void A_missing_commit_image_is_built_by_reuse_and_refused_by_promote()
    {
        var reuse = Runner(Release("buildah")).Build(new GitLabDockerBuildSettings().WithReuseCommitImage());
        Assert.Equal(["login", "inspect", "storage check", "build", "push"], _process.Commands.Select(c => c.Step));
        Assert.NotNull(reuse.Digest);

        var error = Assert.Throws<CakeException>(() => Runner(Release("buildah")).Promote(new GitLabDockerBuildSettings()));
        Assert.Contains($"{Image}:sha-1a2b3c4d does not exist", error.Message);
        Assert.Contains("CommitTag", error.Message);
    }

    [Fact]
    public void Promote_outside_a_tag_pipeline_is_refused_before_anything_runs()
    {
        var error = Assert.Throws<CakeException>(() => Runner(Variables.DefaultBranch()).Promote(new GitLabDockerBuildSettings()));

        Assert.Contains("runs in tag pipelines", error.Message);
        Assert.Empty(_process.Commands);
    }

    [Fact]
    public void A_registry_that_rewrites_the_manifest_fails_the_promotion()
    {
        _process.Outputs["inspect"] = Digest;
        _registry.Rewrites = true;

        var error = Assert.Throws<CakeException>(() => Runner(Release("buildah")).Promote(new GitLabDockerBuildSettings()));

        Assert.Contains("rewrote the manifest", error.Message);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
