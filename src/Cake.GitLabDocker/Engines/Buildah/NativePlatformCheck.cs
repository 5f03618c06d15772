using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Checks, before the push, that a <see cref="GitLabDockerBuildSettings.NativePlatform"/> build with Buildah made an
/// image of that platform. Buildah 1.28 keys its local layer cache without the platform: on a storage another
/// platform's job filled, <c>buildah build --layers --platform linux/arm64</c> reuses the <c>linux/amd64</c> layers and
/// image and reports success. Without this check the merge job would be the first to notice, one job too late.
/// </summary>
internal static class NativePlatformCheck
{
    /// <summary>
    /// Reads the platform of the image the build tagged <paramref name="reference"/> and throws a
    /// <see cref="CakeException"/> when it is not <paramref name="platform"/>; an image that cannot be read is only a
    /// warning (the merge job still checks every platform in the registry).
    /// </summary>
    /// <param name="buildah">Runs <c>buildah</c>.</param>
    /// <param name="jobLog">The job log.</param>
    /// <param name="reference">The image the build just tagged.</param>
    /// <param name="platform">The build's native platform, for example <c>linux/arm64</c>.</param>
    /// <param name="inputs">The build inputs (the storage driver).</param>
    public static void Run(IEngineProcess buildah, JobLog jobLog, string reference, string platform, BuildInputs inputs)
    {
        var check = buildah.Probe(BuildahCommands.InspectPlatform(reference, inputs, platform));
        if (!buildah.Executes)
        {
            return;
        }

        if (!check.Succeeded)
        {
            jobLog.Warning($"Could not read the platform of {reference} ({check.Error}); the merge job checks it in the registry.");
            return;
        }

        var actual = PlatformOf(check.Output);
        if (!ManifestIndex.Matches(platform, actual))
        {
            throw new CakeException(
                $"The {platform} build made a {actual} image ({reference}), so nothing was pushed. Buildah keys its local layer " +
                $"cache without the platform: this job's storage most likely holds layers of a {actual} build (a storage shared " +
                $"with another platform's job, on one runner or through CONTAINERS_STORAGE_CONF), and Buildah reused them. Give " +
                $"each platform's job a storage of its own (a runner per architecture, or its own CONTAINERS_STORAGE_CONF), or " +
                $"empty this one (buildah rmi --all) and run the job again.");
        }
    }

    /// <summary>Reads <c>OS ARCHITECTURE [VARIANT]</c> as <c>os/arch[/variant]</c>.</summary>
    private static string PlatformOf(string output)
    {
        var parts = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length switch
        {
            0 => "?/?",
            1 => $"{parts[0]}/?",
            _ => string.Join('/', parts.Take(3)),
        };
    }
}
