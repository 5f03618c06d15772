using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Runs a plan with Buildah: login, <c>buildah build --layers</c> with the registry cache, then one
/// <c>buildah push --digestfile</c> per tag, in the plan's order.
/// </summary>
internal sealed class BuildahEngine(IEngineProcess buildah) : IBuildEngine
{
    /// <inheritdoc />
    public void Login(RegistryCredentials credentials, BuildInputs inputs) =>
        buildah.Run(BuildahCommands.Login(credentials, inputs));

    /// <inheritdoc />
    public string? Build(GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        buildah.Run(BuildahCommands.Build(plan, inputs));
        if (!plan.Push)
        {
            return null;
        }

        string? digest = null;
        var pushed = new List<string>();
        foreach (var tag in plan.Tags)
        {
            using var digestFile = new TemporaryFile("digest");
            try
            {
                buildah.Run(BuildahCommands.Push(tag, inputs, digestFile.Path));
            }
            catch (CakeException failure) when (pushed.Count > 0)
            {
                throw new CakeException(failure.ExitCode,
                    $"{failure.Message} Already pushed: {string.Join(", ", pushed)}; not pushed: " +
                    string.Join(", ", plan.Tags.Skip(pushed.Count)) + ".", failure);
            }

            digest ??= buildah.Executes ? MetadataFile.ReadDigestFile(digestFile.Path) : null;
            pushed.Add(tag);
        }

        return digest;
    }
}
