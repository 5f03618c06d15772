using System.Text;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// The <c>artifacts:reports:dotenv</c> file a pushing job leaves for later jobs: <c>GITLAB_DOCKER_IMAGE</c>
/// (<c>IMAGE:TAG@sha256:…</c>), <c>GITLAB_DOCKER_DIGEST</c> and <c>GITLAB_DOCKER_TAGS</c>. Follows GitLab's dotenv
/// rules: one <c>NAME=value</c> per line, names from <c>[A-Za-z0-9_]</c>, no quotes, no blank lines, under 5 KB.
/// A <see cref="GitLabDockerBuildSettings.NativePlatform"/> build writes <c>GITLAB_DOCKER_DIGEST_OS_ARCH[_VARIANT]</c> instead
/// (a name of its own per platform, so a merge job that needs every platform's job receives them all) and
/// <c>GITLAB_DOCKER_IMAGE=IMAGE@sha256:…</c>. Pure.
/// </summary>
internal static class DotenvReport
{
    /// <summary>The file written on GitLab CI when <see cref="GitLabDockerBuildSettings.DotenvFile"/> is not set.</summary>
    public const string DefaultFile = "gitlab-docker.env";

    /// <summary>GitLab's size limit for a dotenv report.</summary>
    public const int MaxBytes = 5 * 1024;

    private static readonly string SampleDigest = "sha256:" + new string('0', 64);

    /// <summary>Returns the file to write after a push, or <see langword="null"/>; checks the size limit before anything runs.</summary>
    public static string? FileFor(GitLabDockerBuildSettings settings, GitLabPipeline pipeline, IReadOnlyList<string> tags, bool push)
    {
        var file = !settings.WriteDotenv || !push ? null
            : settings.DotenvFile?.FullPath ?? (pipeline.Kind == GitLabPipelineKind.Local ? null : DefaultFile);
        if (file is not null && Encoding.UTF8.GetByteCount(Render(tags, SampleDigest)) > MaxBytes)
        {
            throw new CakeException(
                $"The dotenv report for {tags.Count} tags would exceed GitLab's {MaxBytes / 1024} KB limit: push fewer " +
                "AdditionalTags or set GitLabDockerBuildSettings.WriteDotenv = false.");
        }

        return file;
    }

    /// <summary>
    /// Returns the report a job that pushes nothing would have written had it pushed, or <see langword="null"/>: an
    /// earlier job's report there (a shell runner, gitlab-ci-local or a laptop keeps the folder) would pass for this job's.
    /// </summary>
    public static string? UnwrittenFile(GitLabDockerBuildSettings settings, GitLabPipeline pipeline, bool push) =>
        !settings.WriteDotenv || push ? null
        : settings.DotenvFile?.FullPath ?? (pipeline.Kind == GitLabPipelineKind.Local ? null : DefaultFile);

    /// <summary>The prefix of the per-platform digest variables.</summary>
    public const string DigestPrefix = "GITLAB_DOCKER_DIGEST_";

    /// <summary>Returns a platform's digest variable: <c>linux/arm64/v8</c> → <c>GITLAB_DOCKER_DIGEST_LINUX_ARM64_V8</c>.</summary>
    public static string DigestVariable(string platform) => DigestPrefix + platform.Replace('/', '_').ToUpperInvariant();

    /// <summary>Renders the report of a native-platform build: its digest under the platform's name, and the image by digest.</summary>
    public static string RenderNative(string repository, string platform, string digest) =>
        $"GITLAB_DOCKER_IMAGE={repository}@{digest}\n" +
        $"{DigestVariable(platform)}={digest}\n";

    /// <summary>Renders the report of a plan: per platform for a native build, else for the tags written (those left on another image are not listed).</summary>
    public static string Render(GitLabDockerBuildPlan plan, string digest, IReadOnlyList<string> written) =>
        plan.NativePlatform is { } platform ? RenderNative(plan.Image, platform, digest) : Render(written, digest, plan.Image);

    /// <summary>Renders the report for the written tags (most specific first) and their digest; with no tag, the image is the repository by digest.</summary>
    public static string Render(IReadOnlyList<string> tags, string digest, string? repository = null) =>
        $"GITLAB_DOCKER_IMAGE={(tags.Count > 0 ? tags[0] : repository)}@{digest}\n" +
        $"GITLAB_DOCKER_DIGEST={digest}\n" +
        $"GITLAB_DOCKER_TAGS={string.Join(',', tags)}\n";
}
