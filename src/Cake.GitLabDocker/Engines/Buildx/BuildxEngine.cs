namespace Cake.GitLabDocker;

/// <summary>
/// Runs a plan with <c>docker buildx</c>: login, builder setup, one build that pushes with a registry cache.
/// </summary>
internal sealed class BuildxEngine(IEngineProcess docker, JobLog? jobLog = null) : IBuildEngine
{
    private readonly JobLog _jobLog = jobLog ?? JobLog.None;

    /// <inheritdoc />
    public void Login(RegistryCredentials credentials, BuildInputs inputs) => docker.Run(BuildxCommands.Login(credentials));

    /// <inheritdoc />
    public string? Build(GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        string? builder;
        using (_jobLog.Section("gitlab_docker_builder", "Builder"))
        {
            builder = ChooseBuilder(plan, inputs);
        }

        using var metadata = plan.Push ? new TemporaryFile("metadata.json") : null;
        using (_jobLog.Section("gitlab_docker_build", plan.Push ? "Build and push" : "Build", collapsed: false))
        {
            docker.Run(BuildxCommands.Build(plan, inputs, builder, metadata?.Path));
        }

        return metadata is null || !docker.Executes ? null : MetadataFile.ReadDigest(metadata.Path);
    }

    /// <inheritdoc />
    public string? Inspect(string reference, BuildInputs inputs) =>
        docker.Capture(BuildxCommands.InspectImage(reference)) is (0, var digest) && digest.StartsWith("sha256:", StringComparison.Ordinal)
            ? digest
            : null;

    /// <inheritdoc />
    public string Promote(string source, string digest, IReadOnlyList<string> targets, BuildInputs inputs)
    {
        using (_jobLog.Section("gitlab_docker_promote", $"Promote {source}", collapsed: false))
        {
            docker.Run(BuildxCommands.CopyImage($"{ImageName.RepositoryOf(source)}@{digest}", targets));
        }

        return digest;
    }

    /// <summary>
    /// A builder the user names is used as is. Locally the engine's current builder is enough (no cache is written).
    /// On GitLab CI the managed <c>docker-container</c> builder is created once and reused, since the default
    /// <c>docker</c> driver cannot export a registry cache.
    /// </summary>
    private string? ChooseBuilder(GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        if (inputs.Builder is not null)
        {
            return inputs.Builder;
        }

        if (plan.Pipeline == GitLabPipelineKind.Local)
        {
            return null;
        }

        const string name = BuildxCommands.ManagedBuilder;
        if (docker.Run(BuildxCommands.InspectBuilder(name)) != 0)
        {
            if (docker.Run(BuildxCommands.InspectContext(name)) != 0)
            {
                docker.Run(BuildxCommands.CreateContext(name));
            }

            docker.Run(BuildxCommands.CreateBuilder(name));
        }

        return name;
    }
}
