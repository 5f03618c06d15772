using Cake.Core;
using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// The <c>buildctl</c> command line of the BuildKit engine: one <c>buildctl build</c> per plan with the Dockerfile
/// frontend, the same registry cache refs as buildx, and every tag in one image output. Pure: builds arguments, runs nothing.
/// </summary>
internal static class BuildKitCommands
{
    /// <summary>The variable that points <c>buildctl</c> at the job's private Docker config (registry credentials).</summary>
    public const string DockerConfigVariable = "DOCKER_CONFIG";

    /// <summary>
    /// The build. <paramref name="dockerConfig"/> is the folder of the job's private Docker config, and
    /// <paramref name="daemonFlags"/> the <c>BUILDKITD_FLAGS</c> of the daemonless script's daemon (see <see cref="DaemonConfig"/>), or <see langword="null"/>.
    /// </summary>
    public static EngineCommand Build(
        GitLabDockerBuildPlan plan, BuildInputs inputs, BuildKitClient client, string? metadataFile, string? dockerConfig, string? daemonFlags = null)
    {
        var insecure = inputs.TlsVerify ? string.Empty : ",registry.insecure=true";
        var args = Client(client, inputs).Append("build")
            .Append("--frontend").Append("dockerfile.v0")
            .Append("--local").AppendQuoted($"context={inputs.Context}")
            .Append("--local").AppendQuoted($"dockerfile={DockerfileFolder(inputs)}");
        if (inputs.Dockerfile is not null)
        {
            args.Append("--opt").AppendQuoted($"filename={System.IO.Path.GetFileName(inputs.Dockerfile)}");
        }

        AppendFrontendOptions(args, plan, inputs);
        foreach (var (id, variable) in plan.Secrets)
        {
            args.Append("--secret").AppendQuoted($"id={id},env={variable}");
        }

        if (inputs.NoCache)
        {
            args.Append("--no-cache");
        }

        foreach (var cache in plan.CacheFrom)
        {
            args.Append("--import-cache").AppendQuoted($"type=registry,ref={cache}{insecure}");
        }

        if (plan.CacheExport is not null)
        {
            var manifest = inputs.CacheImageManifest ? ",image-manifest=true,oci-mediatypes=true" : string.Empty;
            var ignoreError = inputs.CacheIgnoreError ? ",ignore-error=true" : string.Empty;
            args.Append("--export-cache").AppendQuoted($"type=registry,ref={plan.CacheExport},mode=max{manifest}{ignoreError}{insecure}");
        }

        if (plan.PushByDigest)
        {
            args.Append("--output").AppendQuoted(
                $"type=image,name={plan.Image},push-by-digest=true,name-canonical=true,push=true{insecure}{Annotations(plan)}");
        }

        if (metadataFile is not null)
        {
            args.Append("--metadata-file").AppendQuoted(metadataFile);
        }

        args.Append("--progress=plain");
        var environment = new Dictionary<string, string>();
        if (dockerConfig is not null)
        {
            environment[DockerConfigVariable] = dockerConfig;
        }

        if (daemonFlags is not null)
        {
            environment[DaemonConfig.FlagsVariable] = daemonFlags;
        }

        return new EngineCommand("build", inputs.Customize(args),
            Environment: environment.Count == 0 ? null : environment,
            Hint: plan.Push ? "Nothing was pushed: the build failed before its push finished." : null);
    }

    /// <summary><c>buildctl</c>'s global flags: the daemon address with its TLS files, and debug output.</summary>
    private static ProcessArgumentBuilder Client(BuildKitClient client, BuildInputs inputs)
    {
        var args = new ProcessArgumentBuilder();
        if (client.Address is not null)
        {
            args.Append("--addr").AppendQuoted(client.Address);
        }

        foreach (var (flag, path) in client.TlsOptions)
        {
            args.Append(flag).AppendQuoted(path);
        }

        if (inputs.EngineDebug)
        {
            args.Append("--debug");
        }

        return args;
    }

    /// <summary>The Dockerfile frontend's options: target, build args (proxies by name), labels, platforms, contexts, pull, attestations.</summary>
    private static void AppendFrontendOptions(ProcessArgumentBuilder args, GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        if (inputs.Target is not null)
        {
            args.Append("--opt").AppendQuoted($"target={inputs.Target}");
        }

        foreach (var (key, value) in inputs.BuildArgs.Concat(inputs.PlainProxies))
        {
            args.Append("--opt").AppendQuoted($"build-arg:{key}={value}");
        }

        if (plan.SourceDateEpoch is { } epoch)
        {
            args.Append("--opt").AppendQuoted($"build-arg:SOURCE_DATE_EPOCH={epoch}");
        }

        foreach (var (key, value) in plan.Labels)
        {
            args.Append("--opt").AppendQuoted($"label:{key}={value}");
        }

        if (plan.Platforms.Count > 0)
        {
            args.Append("--opt").AppendQuoted($"platform={string.Join(',', plan.Platforms)}");
        }

        foreach (var (name, value) in inputs.BuildContexts)
        {
            // A folder is sent as a local source of its own; anything with a scheme (docker-image://, https://…) BuildKit fetches.
            if (value.Contains("://", StringComparison.Ordinal))
            {
                args.Append("--opt").AppendQuoted($"context:{name}={value}");
            }
            else
            {
                args.Append("--local").AppendQuoted($"context-{name}={value}");
                args.Append("--opt").AppendQuoted($"context:{name}=local:context-{name}");
            }
        }

        if (inputs.Pull)
        {
            args.Append("--opt").Append("image-resolve-mode=pull");
        }

        if (inputs.Provenance is true)
        {
            args.Append("--opt").AppendQuoted("attest:provenance=mode=min");
        }

        if (inputs.Sbom is true)
        {
            args.Append("--opt").Append("attest:sbom=");
        }
    }

    /// <summary>
    /// The labels as annotations of the pushed manifest, when the plan asks for them. A line break cannot be written in
    /// buildctl's <c>--output</c> CSV (it ends the record), so a label with one is refused, named.
    /// </summary>
    private static string Annotations(GitLabDockerBuildPlan plan)
    {
        if (!plan.Annotations)
        {
            return string.Empty;
        }

        if (plan.Labels.FirstOrDefault(label => (label.Key + label.Value).AsSpan().IndexOfAny('\r', '\n') >= 0) is { Key: not null } broken)
        {
            throw new CakeException(
                $"The label '{ImageName.Printable(broken.Key)}' has a line break in its {(broken.Key.AsSpan().IndexOfAny('\r', '\n') >= 0 ? "name" : "value")}, " +
                "which the BuildKit engine cannot write as a manifest annotation (buildctl reads --output as one CSV line). Remove the " +
                "line break from the label (GitLabDockerBuildSettings.Labels), or turn Annotations off.");
        }

        return string.Concat(plan.Labels.Select(label => "," + Csv($"annotation.{label.Key}={label.Value}")));
    }

    /// <summary>BuildKit reads <c>--output</c> as one CSV record: a field with a comma or a quote is quoted, its quotes doubled.</summary>
    private static string Csv(string field) =>
        field.Contains(',') || field.Contains('"') ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string DockerfileFolder(BuildInputs inputs) =>
        inputs.Dockerfile is null ? inputs.Context : System.IO.Path.GetDirectoryName(inputs.Dockerfile) ?? inputs.Context;
}
