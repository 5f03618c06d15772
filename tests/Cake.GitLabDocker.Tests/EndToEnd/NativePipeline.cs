using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// What the native-runner end-to-end tests share: a pipeline with a <c>parallel: matrix</c> build job per platform
/// (linux/amd64, linux/arm64; a COPY-only image, which Buildah builds for linux/arm64 here without QEMU) and a merge job
/// with <c>needs:</c>, its <c>build.cake</c>, the variables of each pipeline kind, and readers for the jobs' dotenv files.
/// </summary>
internal static class NativePipeline
{
    /// <summary>The image's repository in the registry.</summary>
    public const string Image = GitLabCiLocal.Project;

    public const string Amd64 = "linux/amd64";
    public const string Arm64 = "linux/arm64";

    /// <summary>The Git tag of the tag pipelines.</summary>
    public const string GitTag = "v1.2.3";

    /// <summary>Every tag a <see cref="GitTag"/> pipeline writes the index under (SemVerTags and LatestOnRelease on), sorted.</summary>
    public static readonly string[] ReleaseTags = ["1", "1.2", "1.2.3", "latest", GitTag];

    /// <summary>A COPY-only image: the same Dockerfile for both platforms.</summary>
    public const string Dockerfile = "FROM scratch\nCOPY src/ /app/\n";

    private const string Script = """

        var target = Argument("target", "Image");

        // One set of tag rules for the platform jobs and the merge job, as a project would keep it.
        GitLabDockerBuildSettings Rules(GitLabDockerBuildSettings s) => s.WithSemVerTags().WithLatestOnRelease();

        Task("Image").Does(() =>
        {
            var platform = EnvironmentVariable("PLATFORM");
            var result = GitLabDockerBuild(s => Rules(s)
                .WithNativePlatform(platform)
                .WithDotenvFile($"gitlab-docker-{platform.Replace('/', '-')}.env"));
            Information("Platform image digest: {0}", result.Digest ?? "(not pushed)");
        });

        Task("Merge").Does(() =>
        {
            var result = GitLabDockerMerge(s => Rules(s).WithPlatform("linux/amd64").WithPlatform("linux/arm64"));
            Information("Index digest: {0}", result.Digest ?? "(none)");
        });

        RunTarget(target);
        """;

    /// <summary>The default-branch pipeline: <c>CI_COMMIT_BRANCH</c> is the default branch, no tag.</summary>
    public static readonly PipelineKind DefaultBranch = new(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" }, ["CI_COMMIT_TAG"]);

    /// <summary>The tag pipeline of <see cref="GitTag"/>: GitLab sets no <c>CI_COMMIT_BRANCH</c> there.</summary>
    public static readonly PipelineKind Tag = new(new Dictionary<string, string> { ["CI_COMMIT_TAG"] = GitTag }, ["CI_COMMIT_BRANCH"]);

    /// <summary>A merge-request pipeline (merge request !7 from feature/login into main): no branch, no tag.</summary>
    public static readonly PipelineKind MergeRequest = new(
        new Dictionary<string, string>
        {
            ["CI_PIPELINE_SOURCE"] = "merge_request_event",
            ["CI_MERGE_REQUEST_IID"] = "7",
            ["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"] = "feature/login",
            ["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = "main",
        },
        ["CI_COMMIT_BRANCH", "CI_COMMIT_TAG"]);

    /// <summary>The pipeline's <c>.gitlab-ci.yml</c>.</summary>
    /// <param name="mergeJob">Lines added to the merge job, indented as its keywords.</param>
    public static string Pipeline(string mergeJob = "") => $"""
        stages:
          - build
          - merge

        variables:
          GITLAB_DOCKER_ENGINE: buildah
          STORAGE_DRIVER: vfs
          BUILDAH_ISOLATION: chroot
          DOTNET_CLI_TELEMETRY_OPTOUT: "1"

        build-platform:
          stage: build
          parallel:
            matrix:
              - PLATFORM: {Amd64}
                ARCH: amd64
              - PLATFORM: {Arm64}
                ARCH: arm64
          before_script:
            # Each platform's runner has storage of its own on GitLab; here the jobs share one, and Buildah keys its
            # local layer cache without the platform, so start each job with an empty one.
            - buildah rmi --all --force || true
            - dotnet tool restore
          script:
            - dotnet cake --target=Image
          artifacts:
            reports:
              dotenv: gitlab-docker-linux-$ARCH.env

        merge-image:
          stage: merge
          needs: ["build-platform"]
        {Indent(mergeJob)}  before_script:
            - dotnet tool restore
          script:
            - dotnet cake --target=Merge
          artifacts:
            reports:
              dotenv: gitlab-docker.env
        """;

    /// <summary>A project of this pipeline; jobs run one at a time (with the shell executor they share one folder).</summary>
    public static GitLabCiLocal Project(
        PackedAddin addin, RegistryServer registry, BuildahStorage storage, string? pipeline = null,
        IReadOnlyDictionary<string, string>? files = null)
    {
        var addinLine = File.ReadLines(Path.Combine(Repository.Root, "examples", "hello", "build.cake")).First();
        var all = new Dictionary<string, string>
        {
            [".gitlab-ci.yml"] = pipeline ?? Pipeline(),
            ["build.cake"] = addinLine + "\n" + Script,
            ["Dockerfile"] = Dockerfile,
        };
        foreach (var (path, content) in files ?? new Dictionary<string, string>())
        {
            all[path] = content;
        }

        return new GitLabCiLocal(addin, registry, storage, "unused", files: all) { Concurrency = 1 };
    }

    /// <summary>Runs the whole pipeline of this kind and returns its log; fails the test when any job failed.</summary>
    public static string Run(this GitLabCiLocal project, PipelineKind kind) => project.RunJobs([], kind.Set, kind.Unset);

    /// <summary>Runs the whole pipeline of this kind and returns gitlab-ci-local's exit code and log, failed or not.</summary>
    public static (int ExitCode, string Output) TryRun(this GitLabCiLocal project, PipelineKind kind) =>
        project.TryRunJobs([], kind.Set, kind.Unset);

    /// <summary>The platform image digest a platform job reported in its dotenv file (<c>GITLAB_DOCKER_DIGEST_OS_ARCH</c>).</summary>
    public static string PlatformDigest(GitLabCiLocal project, string platform)
    {
        var suffix = platform.Replace('/', '-');
        return Dotenv(project, $"gitlab-docker-{suffix}.env", "GITLAB_DOCKER_DIGEST_" + suffix.Replace('-', '_').ToUpperInvariant());
    }

    /// <summary>The value of a variable in a dotenv file of the project folder (where the shell executor runs every job).</summary>
    public static string Dotenv(GitLabCiLocal project, string file, string variable)
    {
        var line = File.ReadAllLines(Path.Combine(project.Folder, file)).Single(l => l.StartsWith(variable + "=", StringComparison.Ordinal));
        return line[(variable.Length + 1)..];
    }

    /// <summary>Buildah's internal tag of one platform's image in this project's commit.</summary>
    public static string PlatformTag(GitLabCiLocal project, string platform) => $"platform-{platform.Replace('/', '-')}-{project.Commit[..8]}";

    /// <summary>The Buildah cache repository of one platform (<c>latest-buildcache-OS-ARCH</c> as Buildah keeps it).</summary>
    public static string CacheRepository(string platform) => $"{Image}/buildcache-{platform.Replace('/', '-')}";

    /// <summary>The digests and platforms an index lists, in its order.</summary>
    public static IReadOnlyList<(string Digest, string Platform)> IndexEntries(RegistryServer registry, string tag)
    {
        using var index = JsonDocument.Parse(registry.Manifest(Image, tag));
        return index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => (m.GetProperty("digest").GetString()!,
                $"{m.GetProperty("platform").GetProperty("os").GetString()}/{m.GetProperty("platform").GetProperty("architecture").GetString()}"))
            .ToList();
    }

    /// <summary>Every repository's tags with the digest each names, and the manifests it stores: what a push would change.</summary>
    public static IReadOnlyDictionary<string, string> Contents(RegistryServer registry) =>
        registry.Repositories()
            .SelectMany(repository => registry.Tags(repository).Select(tag => ($"{repository}:{tag}", registry.Digest(repository, tag)))
                .Concat(registry.ManifestRevisions(repository).Select(digest => ($"{repository}@{digest}", "stored"))))
            .ToDictionary(entry => entry.Item1, entry => entry.Item2);

    /// <summary>The name gitlab-ci-local gives one platform's matrix job, for example <c>build-platform: [linux/arm64,arm64]</c>.</summary>
    public static string PlatformJob(string platform) => $"build-platform: [{platform},{platform[(platform.IndexOf('/') + 1)..]}]";

    /// <summary>One job's lines of a pipeline log (gitlab-ci-local prefixes each with the job's name), without that prefix.</summary>
    public static string JobLog(string log, string job) => string.Join('\n', log.Split('\n')
        .Where(line => line.StartsWith(job + " ", StringComparison.Ordinal))
        .Select(line => line[job.Length..].Trim()));

    /// <summary>A job's result in gitlab-ci-local's summary at the end of the log: PASS, FAIL or WARN.</summary>
    public static string JobResult(string log, string job) =>
        Regex.Match(log, $@"^ (PASS|FAIL|WARN) +{Regex.Escape(job)} *$", RegexOptions.Multiline) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"no result of {job} in:\n{log}");

    private static string Indent(string lines) =>
        string.Concat(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => "  " + line.TrimEnd() + "\n"));

    /// <summary>The variables gitlab-ci-local sets and unsets for one kind of pipeline.</summary>
    internal sealed record PipelineKind(IReadOnlyDictionary<string, string> Set, string[] Unset);
}
