using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Runs a plan with Buildah: login, <c>buildah build --layers</c> with the registry cache, then one
/// <c>buildah push --digestfile</c> per tag, in the plan's order.
/// </summary>
internal sealed class BuildahEngine(IEngineProcess buildah, JobLog? jobLog = null) : IBuildEngine
{
    private readonly JobLog _jobLog = jobLog ?? JobLog.None;

    /// <inheritdoc />
    public void Login(RegistryCredentials credentials, BuildInputs inputs) =>
        buildah.Run(BuildahCommands.Login(credentials, inputs));

    /// <inheritdoc />
    public string? Build(GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        var list = BuildahCommands.IsManifestList(plan) ? plan.Tags[0] : null;
        if (list is not null)
        {
            buildah.Run(BuildahCommands.RemoveManifestList(list, inputs));
        }

        using (_jobLog.Section("gitlab_docker_build", "Build", collapsed: false))
        {
            buildah.Run(BuildahCommands.Build(plan, inputs));
        }

        if (!plan.Push)
        {
            return null;
        }

        using var section = _jobLog.Section("gitlab_docker_push", $"Push {plan.Tags.Count} tag(s)");

        string? digest = null;
        var pushed = new List<string>();
        foreach (var tag in plan.Tags)
        {
            using var digestFile = new TemporaryFile("digest");
            try
            {
                buildah.Run(list is null
                    ? BuildahCommands.Push(tag, inputs, digestFile.Path)
                    : BuildahCommands.PushManifestList(list, tag, inputs, digestFile.Path));
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
