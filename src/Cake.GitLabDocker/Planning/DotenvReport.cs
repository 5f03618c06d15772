using System.Text;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// The <c>artifacts:reports:dotenv</c> file a pushing job leaves for later jobs: <c>GITLAB_DOCKER_IMAGE</c>
/// (<c>IMAGE:TAG@sha256:…</c>), <c>GITLAB_DOCKER_DIGEST</c> and <c>GITLAB_DOCKER_TAGS</c>. Follows GitLab's dotenv
/// rules: one <c>NAME=value</c> per line, names from <c>[A-Za-z0-9_]</c>, no quotes, no blank lines, under 5 KB. Pure.
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

    /// <summary>Renders the report for the pushed tags (most specific first) and their digest.</summary>
    public static string Render(IReadOnlyList<string> tags, string digest) =>
        $"GITLAB_DOCKER_IMAGE={tags[0]}@{digest}\n" +
        $"GITLAB_DOCKER_DIGEST={digest}\n" +
        $"GITLAB_DOCKER_TAGS={string.Join(',', tags)}\n";
}
