using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>The order of the checks and writes, the cache rule and promoted images, on a registry in memory.</summary>
public sealed class TagWriterTests
{
    private const string Ours = "sha256:" + "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0";
    private const string Theirs = "sha256:" + "b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1";
    private const string OurCommit = "1111111111111111111111111111111111111111";
    private const string TheirCommit = "2222222222222222222222222222222222222222";
    private static readonly string Image = Variables.Image;

    private readonly MemoryRegistry _registry = new();
    private readonly RecordingLog _log = new();

    private static GitLabDockerBuildPlan Plan(Dictionary<string, string?> variables, GitLabDockerBuildSettings settings) =>
        Inputs.Plan(Variables.With(variables, ("CI_COMMIT_SHA", OurCommit), ("CI_COMMIT_SHORT_SHA", OurCommit[..8]),
            ("CI_COMMIT_TIMESTAMP", "2026-12-01T09:00:00Z")), settings);

    private TagWriter Writer(Ancestry ancestry = Ancestry.Unknown) => new(new JobLog(_log, onGitLab: false), _ => ancestry);

    [Fact]
    public void A_release_that_would_be_overwritten_fails_before_the_commit_tag_or_any_other_is_written()
    {
        var plan = Plan(Variables.Tag("v1.1.1"), new GitLabDockerBuildSettings().WithSemVerTags().WithCommitTag().WithLatestOnRelease());
        _registry.Hold($"{Image}:1.1.1", Theirs, TheirCommit, "2026-11-30T09:00:00Z", "1.1.1");

        var error = Assert.Throws<CakeException>(() => Writer().Write(plan, Ours, _registry, plan.Tags));

        Assert.StartsWith($"{Image}:1.1.1 is a release and already holds another image: {Theirs} (commit 222222222222, version 1.1.1)", error.Message);
        Assert.Empty(_registry.Writes);
    }

    [Fact]
    public void The_commit_tag_comes_first_then_releases_then_floating_tags_in_the_plans_order()
    {
        var plan = Plan(Variables.Tag("v1.2.3"), new GitLabDockerBuildSettings().WithSemVerTags().WithCommitTag().WithLatestOnRelease());

        var outcome = Writer().Write(plan, Ours, _registry, plan.Tags);

        Assert.Equal(new[] { "sha-11111111", "v1.2.3", "1.2.3", "1.2", "1", "latest" }.Select(tag => $"{Image}:{tag}={Ours}"), _registry.Writes);
        Assert.Equal(plan.Tags, outcome.Written);
    }

    [Fact]
    public void A_promoted_release_is_found_by_its_release_tag_when_its_version_label_is_the_commit_tag()
    {
        // ReuseCommitImage copied the commit image: its version label says sha-…, not 2.5.3.
        _registry.Hold($"{Image}:latest", Theirs, TheirCommit, "2026-11-30T09:00:00Z", "sha-22222222");
        _registry.Tags[$"{Image}:2.5.3"] = Theirs;
        _registry.Tags[$"{Image}:2.4.8"] = "sha256:" + new string('c', 64);
        var plan = Plan(Variables.Tag("v2.4.9"), new GitLabDockerBuildSettings().WithSemVerTags().WithLatestOnRelease());

        // The hotfix commit is newer and on another line: only the version keeps latest.
        var outcome = Writer().Write(plan, Ours, _registry, plan.Tags);

        Assert.Equal([$"{Image}:latest"], outcome.Kept.Select(kept => kept.Tag));
        Assert.Equal(Theirs, _registry.Tags[$"{Image}:latest"]);
        Assert.Contains("2.5.3 is higher than this release, 2.4.9", _log.Text);
    }

    private const string Cache = "sha256:" + "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2";

    [Fact]
    public void An_older_default_branch_pipeline_leaves_the_cache_and_a_newer_one_moves_its_staged_cache_there()
    {
        var plan = Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings());
        Assert.Equal($"{Image}:latest-buildcache-staging", plan.CacheExport);
        _registry.Hold($"{Image}:latest", Theirs, TheirCommit, "2026-11-30T09:00:00Z");
        _registry.Tags[plan.CacheExport!] = Cache;

        var older = Writer(Ancestry.Older);
        MoveCache(older, plan, older.Write(plan, Ours, _registry, plan.Tags));
        Assert.Empty(_registry.Writes);
        Assert.Contains($"The cache {Image}:latest-buildcache is not written: {Image}:latest stays at {Theirs}", _log.Text);

        var newer = Writer(Ancestry.Newer);
        MoveCache(newer, plan, newer.Write(plan, Ours, _registry, plan.Tags));
        Assert.Equal([$"{Image}:latest={Ours}", $"{Image}:latest-buildcache={Cache}"], _registry.Writes);
    }

    [Fact]
    public void Beside_the_tag_writes_the_cache_moves_once_latests_check_allows_it_and_never_for_an_older_pipeline()
    {
        var plan = Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings());
        _registry.Hold($"{Image}:latest", Theirs, TheirCommit, "2026-11-30T09:00:00Z");
        _registry.Tags[plan.CacheExport!] = Cache;

        var older = Writer(Ancestry.Older);
        using (var move = older.CacheMoveFor(plan, _registry)!)
        {
            move.Finish(older.Write(plan, Ours, _registry, plan.Tags, move));
        }

        Assert.Empty(_registry.Writes);
        Assert.Contains($"The cache {Image}:latest-buildcache is not written: {Image}:latest stays at {Theirs}", _log.Text);

        var newer = Writer(Ancestry.Newer);
        using (var move = newer.CacheMoveFor(plan, _registry)!)
        {
            var outcome = newer.Write(plan, Ours, _registry, plan.Tags, move);
            move.Finish(outcome);
            Assert.Equal([$"{Image}:latest"], outcome.Written);
        }

        // The two writes run side by side, so only what was written is certain, not in which order.
        Assert.Equal([$"{Image}:latest-buildcache={Cache}", $"{Image}:latest={Ours}"], _registry.Writes.Order());
    }

    [Fact]
    public void A_build_that_left_no_staged_cache_leaves_the_cache_and_says_so()
    {
        var plan = Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings());
        var writer = Writer();

        MoveCache(writer, plan, writer.Write(plan, Ours, _registry, plan.Tags));

        Assert.Equal([$"{Image}:latest={Ours}"], _registry.Writes);
        Assert.Contains($"The build left no cache at {Image}:latest-buildcache-staging, so {Image}:latest-buildcache stays as it was.", _log.Text);
    }

    [Fact]
    public void Buildahs_cache_is_written_by_the_build_itself_since_an_older_pipeline_replaces_no_step_of_a_newer_one()
    {
        var plan = Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings().WithEngine(GitLabDockerEngine.Buildah));
        _registry.Hold($"{Image}:latest", Theirs, TheirCommit, "2026-11-30T09:00:00Z");

        Assert.NotNull(plan.CacheTo);
        Assert.Equal(plan.CacheTo, plan.CacheExport);
        MoveCache(Writer(Ancestry.Older), plan, new TagOutcome([], [($"{Image}:latest", "older")]));
        Assert.Equal(0, _registry.Reads);
        Assert.Empty(_log.Lines);
    }

    [Fact]
    public void Reading_ahead_reads_what_the_first_tags_check_reads_writes_nothing_and_keeps_a_failure_for_the_check()
    {
        var plan = Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings().WithCommitTag());
        _registry.Hold($"{Image}:{plan.Tags[0][(Image.Length + 1)..]}", Theirs, TheirCommit, "2026-11-30T09:00:00Z");

        Writer(Ancestry.Older).ReadAhead(plan, _registry);
        Assert.Equal(1, _registry.Reads);
        Assert.Empty(_registry.Writes);
        Assert.Empty(_log.Lines);

        _registry.Failure = new CakeException("The registry registry.example.com could not be reached.");
        Writer().ReadAhead(plan, _registry);
        Assert.Equal(2, _registry.Reads);
        Assert.Throws<CakeException>(() => Writer().Write(plan, Ours, _registry, plan.Tags));
    }

    [Fact]
    public void A_tag_pipeline_moves_no_cache()
    {
        var plan = Plan(Variables.Tag("v1.0.0"), new GitLabDockerBuildSettings());

        Assert.Null(plan.CacheExport);
        MoveCache(Writer(), plan, new TagOutcome(plan.Tags, []));
        Assert.Equal(0, _registry.Reads);
    }

    /// <summary>The cache move after the writes, in a fixed order: what the build alias does beside them.</summary>
    private void MoveCache(TagWriter writer, GitLabDockerBuildPlan plan, TagOutcome outcome)
    {
        using var move = writer.CacheMoveFor(plan, _registry);
        foreach (var tag in outcome.Written)
        {
            move?.Allow(tag);
        }

        move?.Finish(outcome);
    }
}
