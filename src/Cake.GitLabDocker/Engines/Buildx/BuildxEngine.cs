using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Runs a plan with <c>docker buildx</c>: login, builder setup, one build that pushes with a registry cache.
/// </summary>
internal sealed class BuildxEngine(IEngineProcess docker, JobLog? jobLog = null) : IBuildEngine
{
    private readonly JobLog _jobLog = jobLog ?? JobLog.None;

    /// <inheritdoc />
    public void Login(RegistryCredentials credentials, BuildInputs inputs)
    {
        var lines = docker.Run(BuildxCommands.Login(credentials));
        if (lines.Any(line => line.Contains("Error logging in to endpoint, trying next endpoint", StringComparison.Ordinal)))
        {
            _jobLog.Line($"Logged in to {credentials.Registry}: docker tries HTTPS first, and the 'Error logging in to endpoint, " +
                         "trying next endpoint' line above is it finding a registry on plain HTTP. Harmless.");
        }
    }

    /// <inheritdoc />
    public void Logout(RegistryCredentials credentials, BuildInputs inputs) =>
        Logouts.Run(docker, BuildxCommands.Logout(credentials), _jobLog);

    /// <inheritdoc />
    public string? Build(GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        var builder = ChooseBuilder(plan, inputs);

        using var metadata = plan.Push ? new TemporaryFile("metadata.json") : null;
        IReadOnlyList<string> errors;
        using (_jobLog.Section("gitlab_docker_build", plan.Push ? "Build and push" : "Build", collapsed: false))
        {
            errors = docker.Run(BuildxCommands.Build(plan, inputs, builder, metadata?.Path));
        }

        if (MissingCache.Note(errors, plan) is { } note)
        {
            _jobLog.Line(note);
        }

        return metadata is null || !docker.Executes ? null : MetadataFile.ReadDigest(metadata.Path);
    }

    /// <inheritdoc />
    public string? Inspect(string reference, BuildInputs inputs) =>
        docker.Probe(BuildxCommands.InspectImage(reference)) is (0, var digest) && digest.StartsWith("sha256:", StringComparison.Ordinal)
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
    /// On GitLab CI a current builder on the <c>docker</c> driver with the containerd image store can export the cache,
    /// so it is used as is; otherwise the managed builder (<c>docker-container</c>, <c>remote</c> or another driver) is
    /// created once and reused, since the plain <c>docker</c> driver cannot export a registry cache.
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

        // Only here do commands run, so only here is there a section to show.
        using var section = _jobLog.Section("gitlab_docker_builder", "Builder");
        var managed = inputs.ManagedBuilder;
        if (managed == ManagedBuilder.Default && CurrentBuilderExportsCache())
        {
            return null;
        }

        var existing = Driver(managed.Name);
        if (existing != managed.Driver)
        {
            Create(managed, existing);
        }

        return managed.Name;
    }

    /// <summary>
    /// The driver of the builder of that name, or <see langword="null"/> when there is none. A Docker context left by a
    /// failed setup reads as a builder on the <c>docker</c> driver: for the managed builder that counts as missing.
    /// </summary>
    private string? Driver(string name) =>
        docker.Probe(BuildxCommands.InspectBuilder(name)) is (0, var output) ? DriverOf(output) ?? "unknown" : null;

    /// <summary>
    /// Creates the builder (and its Docker context), safe beside other jobs doing the same on one Docker config: a
    /// context or builder a neighbour created in the meantime is used as is. A failure removes the context this call
    /// created, so the next run starts clean.
    /// </summary>
    /// <param name="managed">The builder to create.</param>
    /// <param name="existing">The driver of what exists under its name now, or <see langword="null"/>.</param>
    private void Create(ManagedBuilder managed, string? existing)
    {
        var createdContext = false;
        if (managed.UsesDockerContext && !docker.Probe(BuildxCommands.InspectContext(managed.Name)).Succeeded)
        {
            try
            {
                docker.Run(BuildxCommands.CreateContext(managed.Name));
                createdContext = true;
            }
            catch (CakeException) when (docker.Probe(BuildxCommands.InspectContext(managed.Name)).Succeeded)
            {
                _jobLog.Line($"The Docker context {managed.Name} was created by another job at the same moment: using it.");
            }
        }

        if (existing is not null && existing != "docker")
        {
            _jobLog.Line($"The builder {managed.Name} has the {existing} driver, not {managed.Driver}: making it again.");
            docker.Probe(BuildxCommands.RemoveBuilder(managed.Name));
        }

        try
        {
            docker.Run(BuildxCommands.CreateBuilder(managed));
        }
        catch (CakeException) when (Driver(managed.Name) == managed.Driver)
        {
            _jobLog.Line($"The builder {managed.Name} was created by another job at the same moment: using it.");
        }
        catch (CakeException) when (createdContext)
        {
            docker.Probe(BuildxCommands.RemoveContext(managed.Name));
            throw;
        }
    }

    private static string? DriverOf(string inspect) =>
        inspect.Split('\n').Select(line => line.Trim())
            .FirstOrDefault(line => line.StartsWith("Driver:", StringComparison.Ordinal))?["Driver:".Length..].Trim();

    private bool CurrentBuilderExportsCache()
    {
        var (exitCode, output) = docker.Probe(BuildxCommands.InspectCurrentBuilder());
        var driver = DriverOf(output);
        return exitCode == 0 && driver == "docker"
               && docker.Probe(BuildxCommands.EngineStorage()) is (0, var storage)
               && storage.Contains("io.containerd.snapshotter", StringComparison.Ordinal);
    }
}
