using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Runs a plan with Buildah: login, <c>buildah build --layers</c> with the registry cache, then one retried
/// <c>buildah push --digestfile</c> to the plan's internal staging tag (Buildah cannot push by digest alone); the add-in
/// then writes the public tags itself, each after its check. Every
/// buildah and skopeo command of the call runs with <c>REGISTRY_AUTH_FILE</c> naming a private auth file with the
/// job's credentials and the user's other logins (see <see cref="ContainersAuthFile"/>); the login only checks the
/// credentials and writes to that file, and the user's auth files are never written.
/// </summary>
internal sealed class BuildahEngine : IBuildEngine
{
    private readonly IEngineProcess _user;
    private readonly IEngineProcess _buildah;
    private readonly IEngineProcess? _skopeo;
    private readonly JobLog _jobLog;
    private readonly Action<TimeSpan>? _sleep;
    private readonly Func<string, string?> _variable;
    private readonly Action<string>? _deleteFolder;
    private readonly StorageDriverChoice _storage;
    private readonly List<RegistryCredentials> _logins = [];
    private ContainersAuthFile? _authFile;

    /// <param name="buildah">Runs <c>buildah</c>.</param>
    /// <param name="jobLog">The job log.</param>
    /// <param name="skopeo">Runs <c>skopeo</c> (promotion, "does this image exist").</param>
    /// <param name="sleep">Waits between retries (a test may skip the wait).</param>
    /// <param name="variable">Reads a variable (where the user's auth files are); none finds no user files.</param>
    /// <param name="deleteFolder">Deletes the private auth file's folder at the end (a test may make it fail).</param>
    public BuildahEngine(
        IEngineProcess buildah, JobLog? jobLog = null, IEngineProcess? skopeo = null, Action<TimeSpan>? sleep = null,
        Func<string, string?>? variable = null, Action<string>? deleteFolder = null)
    {
        _user = buildah;
        _buildah = new EnvironmentProcess(buildah, AuthFile);
        _skopeo = skopeo is null ? null : new EnvironmentProcess(skopeo, AuthFile);
        _jobLog = jobLog ?? JobLog.None;
        _sleep = sleep;
        _variable = variable ?? (_ => null);
        _deleteFolder = deleteFolder;
        _storage = new StorageDriverChoice(_buildah, _jobLog);
    }

    /// <summary>Adds the credentials to the private auth file, then checks them with <c>buildah login</c> into that file.</summary>
    public void Login(RegistryCredentials credentials, BuildInputs inputs)
    {
        _logins.Add(credentials);
        if (_user.Executes)
        {
            if (_authFile is null)
            {
                _authFile = ContainersAuthFile.Write(_logins, UserCredentialFiles.ContainersAuthFiles(_variable), _jobLog.Warning, _deleteFolder);
            }
            else
            {
                _authFile.Update(_logins);
            }
        }

        _buildah.Run(BuildahCommands.Login(credentials, inputs));
    }

    /// <summary>Starts the storage check (when no driver is named), which then runs beside <c>buildah login</c>.</summary>
    public void StartChecks(BuildInputs inputs) => _storage.Start(inputs);

    /// <inheritdoc />
    public void LoginForLater(RegistryCredentials credentials, BuildInputs inputs) =>
        _user.Run(BuildahCommands.Login(credentials, inputs));

    /// <summary>Waits for a storage check nothing read, then deletes the private auth file; a failure only warns.</summary>
    public void Dispose()
    {
        _storage.Dispose();
        _authFile?.Dispose();
        _authFile = null;
    }

    /// <inheritdoc />
    public string? Build(GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        inputs = _storage.For(inputs);
        var list = BuildahCommands.IsManifestList(plan) ? plan.Tags[0] : null;
        if (list is not null)
        {
            _buildah.Probe(BuildahCommands.RemoveManifestList(list, inputs));
        }

        using (_jobLog.Section("gitlab_docker_build", "Build", collapsed: false))
        {
            BuildOnce(plan, inputs);
            if (plan.NativePlatform is { } platform && plan.Tags.Count > 0)
            {
                NativePlatformCheck.Run(_buildah, _jobLog, plan.Tags[0], platform, inputs);
            }
        }

        if (!plan.Push)
        {
            return null;
        }

        // The add-in writes the public tags itself after its checks; Buildah pushes once, to the internal staging tag.
        var targets = plan.StagingTag is { } staging ? [staging] : plan.Tags;
        using var section = _jobLog.Section("gitlab_docker_push", $"Push {string.Join(", ", targets)}");
        return WriteEach("push", targets, inputs, (target, digestFile) => list is null
            ? BuildahCommands.Push(plan.Tags[0], target, inputs, digestFile)
            : BuildahCommands.PushManifestList(list, target, inputs, digestFile), _buildah, expected: null);
    }

    /// <inheritdoc />
    public string? Inspect(string reference, BuildInputs inputs) =>
        Skopeo.Probe(SkopeoCommands.Inspect(reference, inputs)) is (0, var digest) && digest.StartsWith("sha256:", StringComparison.Ordinal)
            ? digest
            : null;

    /// <summary>
    /// Builds, retrying a build that failed at pushing its cache (<see cref="BuildInputs.PushRetries"/>); with
    /// <see cref="BuildInputs.CacheIgnoreError"/> a build that still fails is run once more without writing the cache (its
    /// steps are in local storage by then), so a registry that refuses the cache does not block the image.
    /// </summary>
    private void BuildOnce(GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        try
        {
            // A registry can refuse a cache manifest for a moment (two jobs of one commit push the same content-addressed
            // cache at once): the build is run again, its steps now local, and the cache push with it.
            new RetryPolicy(plan.CacheTo is null ? 0 : inputs.PushRetries, _jobLog.Line, _sleep).Run(
                "build (its cache push)",
                () => _buildah.Run(BuildahCommands.Build(plan, inputs)),
                failure => failure.Message.Contains("failed pushing cache", StringComparison.Ordinal));
        }
        catch (CakeException failure) when (inputs.CacheIgnoreError && plan.CacheTo is not null)
        {
            _jobLog.Warning($"The build failed while it also wrote the cache {plan.CacheTo} (exit code {failure.ExitCode}); " +
                            "CacheIgnoreError is on, so it runs once more without writing the cache.");
            _buildah.Run(BuildahCommands.Build(plan, inputs, writeCache: false));
            _jobLog.Warning($"Built without writing the cache {plan.CacheTo}: the next build may be slower.");
        }
    }

    /// <summary>Runs one write command per target in order (see <see cref="OrderedWrites"/>); each leaves its digest in a file.</summary>
    private string? WriteEach(
        string verb, IReadOnlyList<string> targets, BuildInputs inputs, Func<string, string, EngineCommand> command,
        IEngineProcess process, string? expected) =>
        new OrderedWrites(_jobLog, inputs.PushRetries, _sleep).Each(verb, targets, target =>
        {
            using var digestFile = new TemporaryFile("digest");
            process.Run(command(target, digestFile.Path));
            return process.Executes ? MetadataFile.ReadDigestFile(digestFile.Path) : expected;
        }, expected);

    private IEngineProcess Skopeo => _skopeo ?? throw new CakeException("Promotion with Buildah needs skopeo, which this engine was not given.");

    /// <summary><c>REGISTRY_AUTH_FILE</c> for the next command: the private auth file, once a login wrote it.</summary>
    private IReadOnlyDictionary<string, string>? AuthFile() =>
        _authFile is null ? null : new Dictionary<string, string> { [UserCredentialFiles.AuthFileVariable] = _authFile.Path };
}
