using Cake.Core;
using Cake.Core.Diagnostics;

namespace Cake.GitLabDocker;

/// <summary>Writes the dotenv report (<see cref="DotenvReport"/>) after a push; a dry run only says where it would go.</summary>
internal static class DotenvWriter
{
    public static void Write(string path, GitLabDockerBuildPlan plan, string? digest, bool dryRun, ICakeLog log)
    {
        var image = plan.NativePlatform is null ? plan.Tags[0] : plan.Image;
        if (dryRun || digest is null)
        {
            log.Information("{0}", $"Would write {path} with GITLAB_DOCKER_IMAGE, " + (plan.NativePlatform is { } platform
                ? $"{DotenvReport.DigestVariable(platform)}." : "GITLAB_DOCKER_DIGEST and GITLAB_DOCKER_TAGS."));
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, DotenvReport.Render(plan, digest), new System.Text.UTF8Encoding(false));
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
