namespace Cake.GitLabDocker.Tests;

/// <summary>A cache that does not exist yet is said once, in the add-in's words, after BuildKit's own "not found".</summary>
public sealed class MissingCacheTests
{
    private const string Image = Variables.Image;

    [Fact]
    public void A_first_default_branch_build_says_the_cache_was_missing_and_is_written_now()
    {
        string[] lines =
        [
            $"#5 importing cache manifest from {Image}:latest-buildcache",
            $"#5 ERROR: failed to configure registry cache importer: {Image}:latest-buildcache: not found",
            $"#5 ERROR: failed to configure registry cache importer: {Image}:latest-buildcache: not found",
        ];

        var note = MissingCache.Note(lines, Inputs.Plan(Variables.DefaultBranch()));

        Assert.Equal($"No registry cache at {Image}:latest-buildcache yet (a first build): BuildKit's \"failed to configure registry " +
                     $"cache importer … not found\" above is expected and harmless. This build writes {Image}:latest-buildcache for the next one.", note);
    }

    [Fact]
    public void A_branch_build_says_that_it_writes_no_cache()
    {
        var note = MissingCache.Note([$"ERROR: failed to configure registry cache importer: {Image}:latest-buildcache: not found"],
            Inputs.Plan(Variables.Branch()));

        Assert.EndsWith("This pipeline writes no cache; the default branch writes latest-buildcache.", note);
    }

    [Fact]
    public void A_build_that_found_its_cache_says_nothing() =>
        Assert.Null(MissingCache.Note(["#8 CACHED", "#9 exporting cache"], Inputs.Plan(Variables.DefaultBranch())));

    [Fact]
    public void The_buildx_engine_logs_the_note_once_after_the_build()
    {
        var log = new RecordingLog();
        var docker = new RecordingProcess().Existing("buildx inspect:gitlab-docker");
        docker.ErrorLines.Add($"#5 ERROR: failed to configure registry cache importer: {Image}:latest-buildcache: not found");

        new BuildxEngine(docker, new JobLog(log, onGitLab: true)).Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default());

        Assert.Single(log.Lines, line => line.StartsWith("No registry cache at", StringComparison.Ordinal));
    }
}
