using Cake.Core;
using Cake.Core.Diagnostics;

namespace Cake.GitLabDocker;

/// <summary>
/// Writes the dotenv report (<see cref="DotenvReport"/>) after a push, and removes an earlier job's from a job that
/// pushes nothing; a dry run only says what it would do.
/// </summary>
internal static class DotenvWriter
{
    /// <summary>
    /// Removes the report at <paramref name="path"/> left by an earlier job, so that a job that pushes nothing hands no
    /// image to later jobs (GitLab would export the old file as this job's report).
    /// </summary>
    public static void RemoveStale(string path, GitLabDockerBuildPlan plan, bool dryRun, ICakeLog log)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var why = $"this {plan.Pipeline.Words()} pipeline pushes nothing, so an earlier job's report must not pass for this job's";
        if (dryRun)
        {
            log.Information("{0}", $"Would remove {path}: {why}.");
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new CakeException(
                $"GitLabDockerBuildSettings.DotenvFile '{path}' holds an earlier job's report and could not be removed " +
                $"({failure.Message}), and {why}. Remove it, choose a writable path or set WriteDotenv = false.");
        }

        log.Information("{0}", $"Removed {path}: {why} (artifacts:reports:dotenv).");
    }

    public static void Write(string path, GitLabDockerBuildPlan plan, string? digest, IReadOnlyList<string> written, bool dryRun, ICakeLog log)
    {
        var image = plan.NativePlatform is null && written.Count > 0 ? written[0] : plan.Image;
        if (dryRun || digest is null)
        {
            log.Information("{0}", $"Would write {path} with GITLAB_DOCKER_IMAGE, " + (plan.NativePlatform is { } platform
                ? $"{DotenvReport.DigestVariable(platform)}." : "GITLAB_DOCKER_DIGEST and GITLAB_DOCKER_TAGS."));
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, DotenvReport.Render(plan, digest, written), new System.Text.UTF8Encoding(false));
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new CakeException(
                $"The image was pushed ({image}@{digest}) but GitLabDockerBuildSettings.DotenvFile '{path}' could not be " +
                $"written: {failure.Message} Choose a writable path or set WriteDotenv = false.");
        }

        log.Information("{0}", $"Wrote {path}: GITLAB_DOCKER_IMAGE={image}@{digest} for later jobs (artifacts:reports:dotenv).");
    }
}
