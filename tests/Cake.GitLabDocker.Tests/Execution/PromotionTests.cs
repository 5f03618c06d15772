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
            (_, _) => _process);

    private static Dictionary<string, string?> Release(string engine) => Variables.With(Variables.Tag("v1.4.0"), ("GITLAB_DOCKER_ENGINE", engine));

    [Fact]
    public void Buildah_engine_copies_the_commit_image_with_skopeo_version_tags_first_and_builds_nothing()
    {
        _process.Outputs["inspect"] = Digest;
        _process.DigestFileContent = Digest;

        var result = Runner(Release("buildah")).Build(new GitLabDockerBuildSettings().WithSemVerTags().WithLatestOnRelease().WithCommitTag()
            .WithReuseCommitImage());

        Assert.Equal(Digest, result.Digest);
        Assert.Equal(["login", "inspect", "copy", "copy", "copy", "copy", "copy"], _process.Commands.Select(c => c.Step));
        Assert.Equal(
            $"inspect --format \"{{{{.Digest}}}}\" \"docker://{Image}:sha-1a2b3c4d\"",
            _process.Commands[1].Arguments.Render());
        var copies = _process.Commands.Where(c => c.Step == "copy").ToList();
        var targets = copies.Select(c => c.Arguments.Render().Split(' ')[^1].Trim('"')).ToList();
        Assert.Equal(new[] { "v1.4.0", "1.4.0", "1.4", "1", "latest" }.Select(tag => $"docker://{Image}:{tag}"), targets);
        Assert.All(copies, c => Assert.Contains($"\"docker://{Image}@{Digest}\"", c.Arguments.Render()));
        Assert.Contains(_log.Lines, line => line.StartsWith($"Promoting {Image}:sha-1a2b3c4d ({Digest})"));
    }

    [Fact]
    public void Buildx_copies_with_one_imagetools_call_that_keeps_the_manifest()
    {
        _process.Outputs["imagetools inspect"] = Digest;

        var result = Runner(Release("buildx")).Build(new GitLabDockerBuildSettings().WithSemVerTags().WithReuseCommitImage());

        Assert.Equal(Digest, result.Digest);
        Assert.Equal(["imagetools inspect", "imagetools create"], _process.Commands.Select(c => c.Step));
        Assert.Equal(
            $"buildx imagetools create --prefer-index=false --tag \"{Image}:v1.4.0\" --tag \"{Image}:1.4.0\" --tag \"{Image}:1.4\" " +
            $"--tag \"{Image}:1\" \"{Image}@{Digest}\"",
            _process.Commands[1].Arguments.Render());
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

        var error = Assert.Throws<CakeException>(() => Runner(Release("buildah")).Promote(new GitLabDockerBuildSettings()));

        Assert.Contains("changed the digest", error.Message);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
