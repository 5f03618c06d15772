using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Runs a plan with Buildah: login, <c>buildah build --layers</c> with the registry cache, then one
/// <c>buildah push --digestfile</c> per tag, in the plan's order (version tags before <c>latest</c>), each retried.
/// </summary>
internal sealed class BuildahEngine(
    IEngineProcess buildah, JobLog? jobLog = null, IEngineProcess? skopeo = null, Action<TimeSpan>? sleep = null) : IBuildEngine
{
    private readonly JobLog _jobLog = jobLog ?? JobLog.None;

    private readonly StorageDriverChoice _storage = new(buildah, jobLog ?? JobLog.None);

    /// <inheritdoc />
    public void Login(RegistryCredentials credentials, BuildInputs inputs) =>
        buildah.Run(BuildahCommands.Login(credentials, inputs));

    /// <inheritdoc />
    public void Logout(RegistryCredentials credentials, BuildInputs inputs) =>
        Logouts.Run(buildah, BuildahCommands.Logout(credentials), _jobLog);

    /// <inheritdoc />
    public string? Build(GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        inputs = _storage.For(inputs);
        var list = BuildahCommands.IsManifestList(plan) ? plan.Tags[0] : null;
        if (list is not null)
        {
            buildah.Probe(BuildahCommands.RemoveManifestList(list, inputs));
        }

        using (_jobLog.Section("gitlab_docker_build", "Build", collapsed: false))
        {
            BuildOnce(plan, inputs);
            if (plan.NativePlatform is { } platform && plan.Tags.Count > 0)
            {
                NativePlatformCheck.Run(buildah, _jobLog, plan.Tags[0], platform, inputs);
            }
        }

        if (!plan.Push)
        {
            return null;
        }

        using var section = _jobLog.Section("gitlab_docker_push", $"Push {plan.Tags.Count} tag(s)");
        return WriteEach("push", plan.Tags, inputs, (tag, digestFile) => list is null
            ? BuildahCommands.Push(tag, inputs, digestFile)
            : BuildahCommands.PushManifestList(list, tag, inputs, digestFile), buildah, expected: null);
    }

    /// <inheritdoc />
    public string? Inspect(string reference, BuildInputs inputs) =>
        Skopeo.Probe(SkopeoCommands.Inspect(reference, inputs)) is (0, var digest) && digest.StartsWith("sha256:", StringComparison.Ordinal)
            ? digest
            : null;

    /// <inheritdoc />
    public string Promote(string source, string digest, IReadOnlyList<string> targets, BuildInputs inputs)
    {
        using var section = _jobLog.Section("gitlab_docker_promote", $"Promote {source}", collapsed: false);
        var from = $"{ImageName.RepositoryOf(source)}@{digest}";
        return WriteEach("copy", targets, inputs, (target, digestFile) => SkopeoCommands.Copy(from, target, inputs, digestFile), Skopeo, digest)
               ?? digest;
    }

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
            new RetryPolicy(plan.CacheTo is null ? 0 : inputs.PushRetries, _jobLog.Line, sleep).Run(
                "build (its cache push)",
                () => buildah.Run(BuildahCommands.Build(plan, inputs)),
                failure => failure.Message.Contains("failed pushing cache", StringComparison.Ordinal));
        }
        catch (CakeException failure) when (inputs.CacheIgnoreError && plan.CacheTo is not null)
        {
            _jobLog.Warning($"The build failed while it also wrote the cache {plan.CacheTo} (exit code {failure.ExitCode}); " +
                            "CacheIgnoreError is on, so it runs once more without writing the cache.");
            buildah.Run(BuildahCommands.Build(plan, inputs, writeCache: false));
            _jobLog.Warning($"Built without writing the cache {plan.CacheTo}: the next build may be slower.");
        }
    }

    /// <summary>Runs one write command per target in order (see <see cref="OrderedWrites"/>); each leaves its digest in a file.</summary>
    private string? WriteEach(
        string verb, IReadOnlyList<string> targets, BuildInputs inputs, Func<string, string, EngineCommand> command,
        IEngineProcess process, string? expected) =>
        new OrderedWrites(_jobLog, inputs.PushRetries, sleep).Each(verb, targets, target =>
        {
            using var digestFile = new TemporaryFile("digest");
            process.Run(command(target, digestFile.Path));
            return process.Executes ? MetadataFile.ReadDigestFile(digestFile.Path) : expected;
        }, expected);

    private IEngineProcess Skopeo => skopeo ?? throw new CakeException("Promotion with Buildah needs skopeo, which this engine was not given.");
}
