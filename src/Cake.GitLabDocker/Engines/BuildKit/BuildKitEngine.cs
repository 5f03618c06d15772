namespace Cake.GitLabDocker;

/// <summary>
/// Runs a plan with BuildKit's own client: one <c>buildctl build</c> that pushes every tag and reads and writes the
/// same registry cache as buildx. There is no login command: the credentials go to <c>buildctl</c> in a private Docker
/// config made for the call (with the user's other logins and credential helpers) and deleted after it. Promotion and "does this image exist" use the registry's API directly,
/// since the rootless BuildKit image has no docker, skopeo or crane.
/// </summary>
/// <param name="buildctl">Runs <c>buildctl</c> or <c>buildctl-daemonless.sh</c>.</param>
/// <param name="client">How the engine reaches a daemon.</param>
/// <param name="jobLog">The job log.</param>
/// <param name="registry">Makes the registry client for a login and the inputs' TLS settings (a test may give its own).</param>
/// <param name="sleep">Waits between retries (a test may skip the wait).</param>
/// <param name="variable">Reads a variable (<c>DOCKER_CONFIG</c>, <c>HOME</c>: the user's Docker config, whose other logins and helpers are carried over).</param>
/// <param name="deleteFolder">Deletes the private config's folder after the build (a test may make it fail).</param>
internal sealed class BuildKitEngine(
    IEngineProcess buildctl,
    BuildKitClient client,
    JobLog? jobLog = null,
    Func<RegistryCredentials?, BuildInputs, RegistryClient>? registry = null,
    Action<TimeSpan>? sleep = null,
    Func<string, string?>? variable = null,
    Action<string>? deleteFolder = null) : IBuildEngine
{
    private readonly JobLog _jobLog = jobLog ?? JobLog.None;
    private readonly List<RegistryCredentials> _logins = [];

    /// <summary>Keeps the credentials for the build's private Docker config; runs nothing.</summary>
    public void Login(RegistryCredentials credentials, BuildInputs inputs)
    {
        _logins.Add(credentials);
        _jobLog.Line($"{credentials.Registry}: credentials for {credentials.Username} go to buildctl in a private Docker config (no login command).");
    }

    /// <summary>BuildKit has no login command and no credentials store of its own: nothing runs.</summary>
    public void LoginForLater(RegistryCredentials credentials, BuildInputs inputs) =>
        _jobLog.Line($"The BuildKit engine has no login: each build gives buildctl the credentials for {credentials.Registry} itself.");

    /// <summary>Nothing to remove: the credentials live in a private config that each build deletes.</summary>
    public void Dispose()
    {
    }

    /// <inheritdoc />
    public string? Build(GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        var withCredentials = inputs.ProxyArgs.Except(inputs.PlainProxies.Select(proxy => proxy.Key)).ToList();
        if (withCredentials.Count > 0)
        {
            _jobLog.Warning($"{string.Join(", ", withCredentials)} hold credentials: buildctl cannot take a build argument by name, so " +
                            "RUN steps do not get them (the BuildKit daemon still uses its own proxy settings).");
        }

        using var metadata = plan.Push ? new TemporaryFile("metadata.json") : null;
        using var config = _logins.Count > 0 && buildctl.Executes ? DockerConfigFile.Write(
            _logins, UserCredentialFiles.DockerFolder(variable ?? (_ => null)), shareState: false, _jobLog.Warning, deleteFolder) : null;
        using var daemon = client.Address is null && buildctl.Executes
            ? DaemonConfig.For(plan.Registry ?? RegistryReference.Parse(plan.Image).Host, inputs, client.DaemonFlags, _jobLog)
            : null;
        IReadOnlyList<string> errors;
        using (_jobLog.Section("gitlab_docker_build", plan.Push ? "Build and push" : "Build", collapsed: false))
        {
            errors = buildctl.Run(BuildKitCommands.Build(plan, inputs, client, metadata?.Path, config?.Folder, daemon?.Flags));
        }

        if (MissingCache.Note(errors, plan) is { } note)
        {
            _jobLog.Line(note);
        }

        return metadata is null || !buildctl.Executes ? null : MetadataFile.ReadDigest(metadata.Path);
    }

    /// <inheritdoc />
    public string? Inspect(string reference, BuildInputs inputs)
    {
        if (!buildctl.Executes)
        {
            _jobLog.Line($"Would check: {reference} in the registry (a dry run assumes it is missing)");
            return null;
        }

        using var registryClient = Registry(reference, inputs);
        return registryClient.Digest(reference);
    }

    private RegistryClient Registry(string reference, BuildInputs inputs)
    {
        var host = RegistryReference.Parse(reference).Host;
        var login = _logins.FirstOrDefault(candidate => RegistryHost.Same(candidate.Registry, host));
        return (registry ?? ((credentials, settings) => new RegistryClient(
            credentials, settings.TlsVerify, settings.CertDirectory, settings.PushRetries, _jobLog.Line, sleep)))(login, inputs);
    }
}
