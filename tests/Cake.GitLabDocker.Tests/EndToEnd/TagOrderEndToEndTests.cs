namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Tags only move forward, through the real gitlab-ci-local, dotnet cake and registry (HTTPS, token scopes): with
/// Buildah, and with the BuildKit engine (its <c>buildctl</c> stand-in pushes the image by digest as a real build does).
/// An older default-branch pipeline that finishes last, a hotfix of an older release line, a release made again from
/// another commit, a retried release, a force-pushed default branch and a shallow clone.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class TagOrderEndToEndTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();
    private readonly string _calls = Directory.CreateTempSubdirectory("gitlab-docker-tag-order-calls-").FullName;

    public static TheoryData<string> Engines => new() { "buildah", "buildkit" };

    [Theory]
    [MemberData(nameof(Engines))]
    public void An_older_default_branch_pipeline_that_finishes_last_leaves_latest_on_the_newer_commit(string engine)
    {
        using var project = Project(engine, "settings.WithCommitTag();");
        project.CommitChange("first", Monday);
        Main(project, engine);
        var first = project.Commit;

        // The child is committed with an earlier time: only Git's ancestry can tell that it is newer.
        project.CommitChange("second", Monday.AddDays(-1));
        var log = Main(project, engine);
        var newer = _registry.Digest(Image, "latest");
        Assert.Equal(PipelineLog.Digest(log), newer);

        project.Git("checkout", "-q", first);
        var newerCache = engine == "buildah" ? _registry.Tags($"{Image}/buildcache") : Array.Empty<string>();
        log = Main(project, engine);

        Assert.Equal(newer, _registry.Digest(Image, "latest"));
        Assert.Contains($"{_registry.Address}/{Image}:latest stays at {newer} (commit {project.Git("rev-parse", "main").Trim()[..12]}", log);
        Assert.Contains("descends from this pipeline's commit", log);
        if (engine == "buildah")
        {
            // One tag per build step: the older pipeline adds its steps and every step of the newer one stays.
            Assert.DoesNotContain("is not written", log);
            Assert.NotEmpty(newerCache);
            Assert.All(newerCache, step => Assert.Contains(step, _registry.Tags($"{Image}/buildcache")));
        }
        else
        {
            Assert.Contains($"The cache {_registry.Address}/{Image}", log);
            Assert.Contains("is not written", log);
        }

        Assert.Contains($"left where they were: {_registry.Address}/{Image}:latest", log);
        Assert.Equal($"{_registry.Address}/{Image}:sha-{first[..8]}", Dotenv(project)["GITLAB_DOCKER_TAGS"]);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Two_default_branch_pipelines_at_once_where_the_older_is_slower_end_with_latest_on_the_newer_commit(string engine)
    {
        var gate = Directory.CreateTempSubdirectory("gitlab-docker-gate-").FullName;
        var older = Path.Combine(Directory.CreateTempSubdirectory("gitlab-docker-older-").FullName, "clone");
        try
        {
            // With Buildah the older commit's own Dockerfile waits at the gate in a RUN step (the build itself is slow); the
            // BuildKit engine's stand-in waits before its push.
            using var project = Project(engine, engine == "buildah" ? $"settings.ArgumentCustomization = args => args.Append(\"--volume\").AppendQuoted(\"{gate}:/gate\");" : null);
            var dockerfile = File.ReadAllText(Path.Combine(project.Folder, "Dockerfile"));
            if (engine == "buildah")
            {
                File.WriteAllText(Path.Combine(project.Folder, "Dockerfile"),
                    dockerfile + "RUN while [ ! -e /gate/open ]; do touch /gate/waiting; sleep 0.2; done\n");
            }

            var olderCommit = project.CommitChange("older", Monday);
            File.WriteAllText(Path.Combine(project.Folder, "Dockerfile"), dockerfile);
            project.CommitChange("newer", Monday.AddHours(1));
            project.Git("worktree", "add", "-q", "--detach", older, olderCommit);

            var slow = Variables(engine, new() { ["CI_COMMIT_BRANCH"] = "main" });
            if (engine == "buildkit")
            {
                slow["DOCKER_STANDIN_GATE"] = gate;
            }

            var olderRun = Task.Run(() => project.TryRunJobs([Job(engine)], slow, [], older));
            Assert.True(Wait.Until(() => File.Exists(Path.Combine(gate, "waiting")) || olderRun.IsCompleted, TimeSpan.FromMinutes(10)));
            if (olderRun.IsCompleted)
            {
                Assert.Fail("The older pipeline ended before it reached the gate:\n" + (await olderRun).Output);
            }

            var newer = PipelineLog.Digest(Main(project, engine));
            Assert.Equal(newer, _registry.Digest(Image, "latest"));
            File.WriteAllText(Path.Combine(gate, "open"), string.Empty);
            var (exitCode, log) = await olderRun;

            Assert.True(exitCode == 0, log);
            Assert.NotEqual(newer, PipelineLog.Digest(log));
            Assert.Equal(newer, _registry.Digest(Image, "latest"));
            Assert.Contains($"{_registry.Address}/{Image}:latest stays at {newer}", log);
            Assert.Contains("descends from this pipeline's commit", log);
        }
        finally
        {
            Directory.Delete(gate, recursive: true);
            Directory.Delete(Path.GetDirectoryName(older)!, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_hotfix_of_an_older_line_writes_its_own_tags_and_leaves_latest_and_the_major_tag(string engine)
    {
        using var project = Project(engine, "settings.WithSemVerTags().WithLatestOnRelease();");
        var current = PipelineLog.Digest(Release(project, engine, "v2.5.3"));

        var log = Release(project, engine, "v2.4.9");
        var hotfix = PipelineLog.Digest(log);

        Assert.NotEqual(current, hotfix);
        Assert.All(["v2.4.9", "2.4.9", "2.4"], tag => Assert.Equal(hotfix, _registry.Digest(Image, tag)));
        Assert.All(["v2.5.3", "2.5.3", "2.5", "2", "latest"], tag => Assert.Equal(current, _registry.Digest(Image, tag)));
        Assert.Contains($"{_registry.Address}/{Image}:latest stays at {current} (commit {project.Commit[..12]}, version 2.5.3): " +
                        "2.5.3 is higher than this release, 2.4.9.", log);
        Assert.Equal(string.Join(',', new[] { "v2.4.9", "2.4.9", "2.4" }.Select(tag => $"{_registry.Address}/{Image}:{tag}")),
            Dotenv(project)["GITLAB_DOCKER_TAGS"]);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_release_is_never_overwritten_and_its_retry_changes_nothing(string engine)
    {
        using var project = Project(engine, "settings.WithSemVerTags().WithLatestOnRelease();");
        var shipped = PipelineLog.Digest(Release(project, engine, "v1.1.1"));
        var tags = _registry.Tags(Image);

        var retry = Release(project, engine, "v1.1.1");
        Assert.Equal(shipped, PipelineLog.Digest(retry));
        Assert.Contains($"{_registry.Address}/{Image}:v1.1.1 already holds this image.", retry);
        Assert.Equal(tags, _registry.Tags(Image));

        // The Git tag deleted and made again on another commit.
        project.CommitChange("rebuilt", Monday.AddDays(1));
        var (exitCode, log) = project.TryRunJobs([Job(engine)], Variables(engine, new() { ["CI_COMMIT_TAG"] = "v1.1.1" }), ["CI_COMMIT_BRANCH"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{_registry.Address}/{Image}:v1.1.1 is a release and already holds another image: {shipped}", log);
        Assert.Contains("A release is never overwritten, so no tag was written.", log);
        Assert.All(["v1.1.1", "1.1.1", "1.1", "1", "latest"], tag => Assert.Equal(shipped, _registry.Digest(Image, tag)));
        Assert.Equal(tags.Where(tag => !tag.StartsWith("staging-", StringComparison.Ordinal)),
            _registry.Tags(Image).Where(tag => !tag.StartsWith("staging-", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void After_a_force_push_and_in_a_shallow_clone_the_commit_times_decide(string engine)
    {
        using var project = Project(engine, settings: null);
        var root = project.Commit;
        project.CommitChange("dropped by a force-push", Monday);
        var dropped = PipelineLog.Digest(Main(project, engine));

        // The default branch rewritten: the old commit is gone from the clone, the new one is newer.
        project.Git("reset", "-q", "--hard", root);
        project.CommitChange("rewritten", Monday.AddHours(1));
        Prune(project);
        var log = Main(project, engine);
        var rewritten = PipelineLog.Digest(log);
        Assert.NotEqual(dropped, rewritten);
        Assert.Equal(rewritten, _registry.Digest(Image, "latest"));
        Assert.Contains("is not in this clone, or the histories diverged; this commit is newer", log);

        // A shallow clone (GIT_DEPTH 1) whose commit is older than the one latest holds: latest stays.
        var newest = project.Commit;
        project.Git("reset", "-q", "--hard", root);
        project.CommitChange("an older branch head", Monday.AddMinutes(30));
        File.WriteAllText(Path.Combine(project.Folder, ".git", "shallow"), project.Commit + "\n");
        Prune(project);
        Assert.NotEqual(newest, project.Commit);
        log = Main(project, engine);

        Assert.Equal(rewritten, _registry.Digest(Image, "latest"));
        Assert.Contains($"{_registry.Address}/{Image}:latest stays at {rewritten}", log);
        Assert.Contains("that commit is not in this clone or the histories diverged, and it is newer", log);
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
        Directory.Delete(_calls, recursive: true);
    }

    private static string Job(string engine) => "image:" + engine;

    private static void Prune(GitLabCiLocal project)
    {
        project.Git("reflog", "expire", "--expire=now", "--all");
        project.Git("gc", "-q", "--prune=now");
    }

    private static IReadOnlyDictionary<string, string> Dotenv(GitLabCiLocal project) =>
        File.ReadAllLines(Path.Combine(project.Folder, "gitlab-docker.env"))
            .Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);

    private GitLabCiLocal Project(string engine, string? settings) =>
        new(addin, _registry, _storage, BaseImage.Push(_registry, _storage), settings);

    /// <summary>The engine's own variables: the BuildKit engine runs the <c>buildctl</c> stand-in, as no BuildKit exists here.</summary>
    private Dictionary<string, string> Variables(string engine, Dictionary<string, string> set)
    {
        if (engine == "buildkit")
        {
            set["PATH"] = Repository.StandIns + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            set["BUILDKIT_HOST"] = "unix:///run/buildkit/stand-in.sock";
            set["DOCKER_STANDIN_LOG"] = _calls;
        }

        return set;
    }

    private string Main(GitLabCiLocal project, string engine) =>
        project.RunJobs([Job(engine)], Variables(engine, new() { ["CI_COMMIT_BRANCH"] = "main" }));

    private string Release(GitLabCiLocal project, string engine, string tag) =>
        project.RunJobs([Job(engine)], Variables(engine, new() { ["CI_COMMIT_TAG"] = tag }), "CI_COMMIT_BRANCH");
}
