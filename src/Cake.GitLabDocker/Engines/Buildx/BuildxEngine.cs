using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Runs a plan with <c>docker buildx</c>: builder setup, one build that pushes with a registry cache. Every docker
/// command of the call runs with <c>DOCKER_CONFIG</c> naming a private Docker config that holds the job's credentials
/// (see <see cref="DockerConfigFile"/>): there is no <c>docker login</c> and no logout, and the user's Docker config and
/// credential helper are never written, so jobs sharing them cannot log each other out.
/// </summary>
internal sealed class BuildxEngine : IBuildEngine
{
    private readonly IEngineProcess _user;
    private readonly IEngineProcess _docker;
    private readonly JobLog _jobLog;
    private readonly Func<string, string?> _variable;
    private readonly Action<string>? _deleteFolder;
    private readonly List<RegistryCredentials> _logins = [];
    private DockerConfigFile? _config;
    private int _written;

    /// <param name="docker">Runs <c>docker</c>.</param>
    /// <param name="jobLog">The job log.</param>
    /// <param name="variable">Reads a variable (<c>DOCKER_CONFIG</c>, <c>HOME</c>: where the user's Docker config is); none finds no user config.</param>
    /// <param name="deleteFolder">Deletes the private config's folder at the end (a test may make it fail).</param>
    public BuildxEngine(IEngineProcess docker, JobLog? jobLog = null, Func<string, string?>? variable = null, Action<string>? deleteFolder = null)
    {
        _user = docker;
        _docker = new EnvironmentProcess(docker, PrivateConfig);
        _jobLog = jobLog ?? JobLog.None;
        _variable = variable ?? (_ => null);
        _deleteFolder = deleteFolder;
    }

    /// <inheritdoc />
    public void Login(RegistryCredentials credentials, BuildInputs inputs)
    {
        _logins.Add(credentials);
        _jobLog.Line($"{credentials.Registry}: credentials for {credentials.Username} go to docker in a private Docker config for " +
                     "this call (no docker login: the user's Docker config and credential helper stay as they are).");
    }

    /// <inheritdoc />
    public void LoginForLater(RegistryCredentials credentials, BuildInputs inputs)
    {
        var lines = _user.Run(BuildxCommands.Login(credentials));
        if (lines.Any(line => line.Contains("Error logging in to endpoint, trying next endpoint", StringComparison.Ordinal)))
        {
            _jobLog.Line($"Logged in to {credentials.Registry}: docker tries HTTPS first, and the 'Error logging in to endpoint, " +
                         "trying next endpoint' line above is it finding a registry on plain HTTP. Harmless.");
        }
    }

    /// <summary>Deletes the private Docker config; a failure only warns.</summary>
    public void Dispose()
    {
        _config?.Dispose();
        _config = null;
    }

    /// <inheritdoc />
    public string? Build(GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        var builder = ChooseBuilder(plan, inputs);

        using var metadata = plan.Push ? new TemporaryFile("metadata.json") : null;
        IReadOnlyList<string> errors;
        using (_jobLog.Section("gitlab_docker_build", plan.Push ? "Build and push" : "Build", collapsed: false))
        {
            errors = _docker.Run(BuildxCommands.Build(plan, inputs, builder, metadata?.Path));
        }

        if (MissingCache.Note(errors, plan) is { } note)
        {
            _jobLog.Line(note);
        }

        return metadata is null || !_docker.Executes ? null : MetadataFile.ReadDigest(metadata.Path);
    }

    /// <inheritdoc />
    public string? Inspect(string reference, BuildInputs inputs) =>
        _docker.Probe(BuildxCommands.InspectImage(reference)) is (0, var digest) && digest.StartsWith("sha256:", StringComparison.Ordinal)
            ? digest
            : null;

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

        var (existing, made) = Existing(managed.Name);
        var changed = existing == managed.Driver ? managed.Difference(made) : null;
        if (changed is not null)
        {
            // A shell runner shared by projects with other settings: building on it would use the wrong daemon or options.
            _jobLog.Line($"The builder {managed.Name} was made with {changed}: making it again with this job's settings.");
        }

        if (existing != managed.Driver || changed is not null)
        {
            Create(managed, existing);
        }

        return managed.Name;
    }

    /// <summary>
    /// The driver of the builder of that name, or <see langword="null"/> when there is none. A Docker context left by a
    /// failed setup reads as a builder on the <c>docker</c> driver: for the managed builder that counts as missing.
    /// </summary>
    private string? Driver(string name) => Existing(name).Driver;

    /// <summary>The driver of the builder of that name (see <see cref="Driver"/>) and what <c>buildx inspect</c> printed about it.</summary>
    private (string? Driver, string Output) Existing(string name) =>
        _docker.Probe(BuildxCommands.InspectBuilder(name)) is (0, var output) ? (DriverOf(output) ?? "unknown", output) : (null, string.Empty);

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
        if (managed.UsesDockerContext && !_docker.Probe(BuildxCommands.InspectContext(managed.Name)).Succeeded)
        {
            try
            {
                _docker.Run(BuildxCommands.CreateContext(managed.Name));
                createdContext = true;
            }
            catch (CakeException) when (_docker.Probe(BuildxCommands.InspectContext(managed.Name)).Succeeded)
            {
                _jobLog.Line($"The Docker context {managed.Name} was created by another job at the same moment: using it.");
            }
        }

        if (existing is not null && existing != "docker")
        {
            _jobLog.Line($"The builder {managed.Name} has the {existing} driver, not {managed.Driver}: making it again.");
            _docker.Probe(BuildxCommands.RemoveBuilder(managed.Name));
        }

        try
        {
            _docker.Run(BuildxCommands.CreateBuilder(managed));
        }
        catch (CakeException) when (Driver(managed.Name) == managed.Driver)
        {
            _jobLog.Line($"The builder {managed.Name} was created by another job at the same moment: using it.");
        }
        catch (CakeException) when (createdContext)
        {
            _docker.Probe(BuildxCommands.RemoveContext(managed.Name));
            throw;
        }
    }

    private static string? DriverOf(string inspect) =>
        inspect.Split('\n').Select(line => line.Trim())
            .FirstOrDefault(line => line.StartsWith("Driver:", StringComparison.Ordinal))?["Driver:".Length..].Trim();

    private bool CurrentBuilderExportsCache()
    {
        var (exitCode, output) = _docker.Probe(BuildxCommands.InspectCurrentBuilder());
        var driver = DriverOf(output);
        return exitCode == 0 && driver == "docker"
               && _docker.Probe(BuildxCommands.EngineStorage()) is (0, var storage)
               && storage.Contains("io.containerd.snapshotter", StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>DOCKER_CONFIG</c> for the next command: the private config, written before the first command that needs it
    /// (again if a login came after). None without logins, or in a dry run.
    /// </summary>
    private IReadOnlyDictionary<string, string>? PrivateConfig()
    {
        if (_logins.Count == 0 || !_user.Executes)
        {
            return null;
        }

        if (_config is null || _written != _logins.Count)
        {
            _config?.Dispose();
            _config = DockerConfigFile.Write(_logins, UserCredentialFiles.DockerFolder(_variable), shareState: true, _jobLog.Warning, _deleteFolder);
            _written = _logins.Count;
        }

        return new Dictionary<string, string> { [UserCredentialFiles.DockerConfigVariable] = _config.Folder };
    }
}
