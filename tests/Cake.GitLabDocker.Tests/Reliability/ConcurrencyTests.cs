using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Two default-branch pipelines and a tag pipeline of one project at once against one registry, each job with its own
/// Buildah storage (as separate runners would have). All must succeed, every tag must point at a complete image (the
/// staging tag each Buildah push goes to before the add-in writes the public tags among them), and the shared cache must
/// stay readable by the next job.
/// </summary>
[Trait("Category", "Reliability")]
[Trait("Category", "EndToEnd")]
public sealed partial class ConcurrencyTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;

    private readonly RegistryServer _registry = new();
    private readonly List<IDisposable> _owned = [];

    [Fact]
    public async Task Three_pipelines_at_once_all_land_complete_images_and_leave_a_readable_cache()
    {
        var seed = Own(new BuildahStorage());
        var baseImage = BaseImage.Push(_registry, seed);
        (string Name, Dictionary<string, string> Set, string[] Unset)[] pipelines =
        [
            ("default branch 1", new() { ["CI_COMMIT_BRANCH"] = "main" }, []),
            ("default branch 2", new() { ["CI_COMMIT_BRANCH"] = "main" }, []),
            ("tag v2.0.0", new() { ["CI_COMMIT_TAG"] = "v2.0.0" }, ["CI_COMMIT_BRANCH"]),
        ];
        var projects = pipelines.Select(_ =>
        {
            var storage = Own(new BuildahStorage());
            return Own(new GitLabCiLocal(addin, _registry, storage, baseImage, "settings.WithSemVerTags();"));
        }).ToList();

        var runs = pipelines.Select((pipeline, i) => Task.Run(() => projects[i].TryRun(pipeline.Set, pipeline.Unset))).ToArray();
        await Task.WhenAll(runs);

        var results = runs.Select(run => run.Result).ToList();
        var failed = results.Select((result, i) => (pipelines[i].Name, Result: result)).Where(r => r.Result.ExitCode != 0).ToList();
        Assert.True(failed.Count == 0, string.Join("\n\n", failed.Select(f => $"{f.Name}:\n{f.Result.Output}")));
        var reported = results.Select(result => PipelineLog.Digest(result.Output)).ToList();
        Assert.Contains(_registry.Digest(Image, "latest"), reported.Take(2));
        Assert.Equal(reported[2], _registry.Digest(Image, "v2.0.0"));

        var tags = _registry.Tags(Image);
        Assert.Equal(["2", "2.0", "2.0.0", "latest", "v2.0.0"], _registry.PublicTags(Image).Order(StringComparer.Ordinal));
        var staging = tags.Except(_registry.PublicTags(Image)).ToList();

        // Buildah pushes to staging-<short sha> (one per commit: projects made in the same second share theirs), holding an image a pipeline reported.
        Assert.Equal(projects.Select(project => BuildPlanner.StagingPrefix + project.Commit[..8]).Distinct().Order(StringComparer.Ordinal), staging.Order(StringComparer.Ordinal));
        Assert.All(staging, tag => Assert.Contains(_registry.Digest(Image, tag), reported));
        var blobs = tags.Sum(tag => _registry.Blobs(Image, tag).Count);

        // The next job, on a fresh storage, takes every step but the labels from the shared cache.
        var next = Own(new GitLabCiLocal(addin, _registry, Own(new BuildahStorage()), baseImage, "settings.WithSemVerTags();"));
        var log = next.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" });
        var steps = PipelineLog.Steps(log).Count(step => !step.Contains("FROM", StringComparison.Ordinal) && !step.Contains("LABEL", StringComparison.Ordinal));
        var pulled = PipelineLog.CachePulled(log);
        Assert.True(steps > 0 && pulled >= steps, $"{pulled} of {steps} steps came from the cache:\n{log}");

        ReliabilityFigures.Record("concurrency", pipelines.Length + 1, pipelines.Length + 1 - failed.Count,
            $"{pipelines.Length} pipelines at once (2 default branch, 1 tag): {tags.Count} tags verified complete ({blobs} blobs fetched); " +
            $"next job took {pulled} of {steps} steps from the cache");
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        _registry.Dispose();
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
