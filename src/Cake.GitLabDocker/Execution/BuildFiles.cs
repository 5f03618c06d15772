using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// The build context and the Dockerfile exist, or the call stops before the first process (a login included) with the
/// setting to fix, instead of the engine's <c>stat …: no such file or directory</c> after the login.
/// </summary>
internal static class BuildFiles
{
    /// <summary>Throws a <see cref="CakeException"/> naming the setting when the context or the Dockerfile is missing.</summary>
    public static void Check(BuildInputs inputs, GitLabDockerEngine engine, HostChecks host)
    {
        if (!host.DirectoryExists(inputs.Context))
        {
            throw new CakeException(
                $"The build context '{ImageName.Printable(inputs.Context)}' (GitLabDockerBuildSettings.Context) does not exist: set Context " +
                "to the folder the Dockerfile's COPY paths are relative to (default: the working directory, where build.cake is).");
        }

        if (inputs.Dockerfile is { } dockerfile)
        {
            if (!host.FileExists(dockerfile))
            {
                throw new CakeException(
                    $"The Dockerfile '{ImageName.Printable(dockerfile)}' (GitLabDockerBuildSettings.Dockerfile) does not exist: fix the path " +
                    "(relative paths are from the working directory, where build.cake is).");
            }

            return;
        }

        // Buildah also takes a Containerfile; buildx and BuildKit's Dockerfile frontend only a Dockerfile.
        string[] names = engine == GitLabDockerEngine.Buildah ? ["Containerfile", "Dockerfile"] : ["Dockerfile"];
        if (!names.Any(name => host.FileExists(Path.Combine(inputs.Context, name))))
        {
            throw new CakeException(
                $"There is no {string.Join(" or ", names)} in the build context '{ImageName.Printable(inputs.Context)}': add one, or set " +
                "GitLabDockerBuildSettings.Dockerfile (and Context, if the build context is another folder).");
        }
    }
}
