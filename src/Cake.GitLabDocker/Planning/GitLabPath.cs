using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// GitLab's container registry accepts image paths at most two levels below the project
/// (<c>CI_REGISTRY_IMAGE/a/b</c>). Pure.
/// </summary>
internal static class GitLabPath
{
    private const int MaxLevels = 2;

    /// <summary>
    /// Throws when <paramref name="image"/> (or, for Buildah, its cache repositories one level below it) lies deeper
    /// than two levels below <c>CI_REGISTRY_IMAGE</c>. Images outside the project's path are not checked.
    /// </summary>
    public static void Check(ImageName image, string? registryImage, GitLabDockerEngine engine)
    {
        if (registryImage is null)
        {
            return;
        }

        var project = registryImage.ToLowerInvariant().TrimEnd('/') + "/";
        if (!image.Repository.StartsWith(project, StringComparison.Ordinal))
        {
            return;
        }

        var levels = image.Repository[project.Length..].Split('/').Length;
        var cacheLevels = engine == GitLabDockerEngine.Buildah ? levels + 1 : levels;
        if (cacheLevels > MaxLevels)
        {
            throw new CakeException(
                $"GitLabDockerBuildSettings.Image '{image}' is {levels} levels below {GitLabVariables.RegistryImage} " +
                $"'{registryImage}'" + (cacheLevels > levels ? " and Buildah keeps its cache one level further down" : string.Empty) +
                $": GitLab's registry accepts at most {MaxLevels} levels below the project. Use a shorter image path.");
        }
    }
}
