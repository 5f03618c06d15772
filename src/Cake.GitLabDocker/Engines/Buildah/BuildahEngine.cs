using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Runs a plan with Buildah: login, <c>buildah build --layers</c> with the registry cache, then one
/// <c>buildah push --digestfile</c> per tag, in the plan's order.
/// </summary>
internal sealed class BuildahEngine(IEngineProcess buildah, JobLog? jobLog = null, IEngineProcess? skopeo = null) : IBuildEngine
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

    /// <inheritdoc />
    public string? Inspect(string reference, BuildInputs inputs) =>
        Skopeo.Capture(SkopeoCommands.Inspect(reference, inputs)) is (0, var digest) && digest.StartsWith("sha256:", StringComparison.Ordinal)
            ? digest
            : null;

    /// <inheritdoc />
    public string Promote(string source, string digest, IReadOnlyList<string> targets, BuildInputs inputs)
    {
        using var section = _jobLog.Section("gitlab_docker_promote", $"Promote {source}", collapsed: false);
        var copied = new List<string>();
        foreach (var target in targets)
        {
            using var digestFile = new TemporaryFile("digest");
            try
            {
                Skopeo.Run(SkopeoCommands.Copy($"{ImageName.RepositoryOf(source)}@{digest}", target, inputs, digestFile.Path));
            }
            catch (CakeException failure) when (copied.Count > 0)
            {
                throw new CakeException(failure.ExitCode,
                    $"{failure.Message} Already promoted: {string.Join(", ", copied)}; not promoted: " +
                    string.Join(", ", targets.Skip(copied.Count)) + ".", failure);
            }

            var copiedDigest = Skopeo.Executes ? MetadataFile.ReadDigestFile(digestFile.Path) : digest;
            if (copiedDigest != digest)
            {
                throw new CakeException($"Promoting {source} to {target} changed the digest ({digest} → {copiedDigest}): the registry rewrote the manifest.");
            }

            copied.Add(target);
        }

        return digest;
    }

    private IEngineProcess Skopeo => skopeo ?? throw new CakeException("Promotion with Buildah needs skopeo, which this engine was not given.");
}
