using Cake.Core;
using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// The <c>docker</c> command lines of the buildx engine. Pure: builds arguments, runs nothing.
/// </summary>
internal static class BuildxCommands
{
    /// <summary>The builder (and Docker context) the add-in creates and then reuses when the user names none.</summary>
    public const string ManagedBuilderName = "gitlab-docker";

    public static EngineCommand Login(RegistryCredentials credentials) => new(
        "login",
        new ProcessArgumentBuilder()
            .Append("login")
            .AppendQuoted(credentials.Registry)
            .Append("--username").AppendQuoted(credentials.Username)
            .Append("--password-stdin"),
        StandardInput: credentials.Password,
        Hint: LoginHint.For(credentials))
    {
        Diagnose = error => LoginHint.For(credentials, tlsVerify: true, error),
    };

    public static EngineCommand InspectBuilder(string name) => new(
        "buildx inspect",
        new ProcessArgumentBuilder().Append("buildx").Append("inspect").AppendQuoted(name))
    {
        Assumed = $"there is no builder named {name}",
    };

    /// <summary>Removes a builder (a half-made one, or one of another driver under the managed name).</summary>
    public static EngineCommand RemoveBuilder(string name) => new(
        "buildx rm",
        new ProcessArgumentBuilder().Append("buildx").Append("rm").AppendQuoted(name))
    {
        Assumed = $"there is no builder named {name} to remove",
    };

    /// <summary>Removes the Docker context a failed setup created, so the next run starts clean.</summary>
    public static EngineCommand RemoveContext(string name) => new(
        "context rm",
        new ProcessArgumentBuilder().Append("context").Append("rm").AppendQuoted(name))
    {
        Assumed = $"there is no Docker context named {name} to remove",
    };

    public static EngineCommand InspectContext(string name) => new(
        "context inspect",
        new ProcessArgumentBuilder().Append("context").Append("inspect").AppendQuoted(name))
    {
        Assumed = $"there is no Docker context named {name}",
    };

    /// <summary>
    /// A context made from the current environment (<c>DOCKER_HOST</c>, <c>DOCKER_TLS_VERIFY</c>, <c>DOCKER_CERT_PATH</c>):
    /// buildx refuses to create a builder "with TLS data loaded from environment", but accepts one on a context.
    /// </summary>
    public static EngineCommand CreateContext(string name) => new(
        "context create",
        new ProcessArgumentBuilder().Append("context").Append("create").AppendQuoted(name),
        Hint: LoginHint.DockerDaemon);

    /// <summary>
    /// Creates the managed builder: on the Docker context of the same name for <c>docker-container</c>, on its endpoint
    /// for <c>remote</c>, or with the driver's own defaults (for example the in-cluster config for <c>kubernetes</c>).
    /// </summary>
    public static EngineCommand CreateBuilder(ManagedBuilder builder)
    {
        var args = new ProcessArgumentBuilder().Append("buildx").Append("create");
        if (builder.UsesDockerContext)
        {
            args.AppendQuoted(builder.Name);
        }

        args.Append("--name").AppendQuoted(builder.Name).Append("--driver").AppendQuoted(builder.Driver);
        foreach (var (key, value) in builder.Options)
        {
            args.Append("--driver-opt").AppendQuoted($"{key}={value}");
        }

        if (builder.Endpoint is not null)
        {
            args.AppendQuoted(builder.Endpoint);
        }

        var otherwise = builder.Driver == "docker-container"
            ? "Check the Docker service (docker:dind) beside the job."
            : $"Check that the {builder.Driver} builder is reachable from the job" +
              (builder.Endpoint is null ? "." : $" at {builder.Endpoint} (and its certificates).");
        return new EngineCommand("buildx create", args, Hint: otherwise)
        {
            Diagnose = error => EngineErrors.Kind(error) switch
            {
                EngineErrorKind.DockerDaemon when builder.UsesDockerContext => LoginHint.DockerDaemon,
                EngineErrorKind.BuildxMissing => BuildxMissing,
                _ => null,
            },
        };
    }

    /// <summary>What to do when a local build cannot load its image: there is no Docker daemon to load it into.</summary>
    public const string LocalLoad =
        "A local run loads the image into the Docker daemon, and none is reachable here. Start one (Docker Desktop, " +
        "dockerd), name a builder with a daemon in BUILDX_BUILDER (or GitLabDockerBuildSettings.Builder), or build with " +
        "Buildah instead: GITLAB_DOCKER_ENGINE=buildah.";

    /// <summary>What to do when the docker CLI has no buildx plugin.</summary>
    public const string BuildxMissing =
        "The docker CLI has no buildx plugin: use a job image with it (docker:23 and later ship it; on Debian install " +
        "docker-buildx), or GITLAB_DOCKER_ENGINE=buildah or buildkit.";

    /// <summary>Shows the current builder; its <c>Driver:</c> line says whether it is the plain <c>docker</c> driver.</summary>
    public static EngineCommand InspectCurrentBuilder() => new(
        "buildx inspect (current builder)",
        new ProcessArgumentBuilder().Append("buildx").Append("inspect"))
    {
        Assumed = "there is no current builder",
    };

    /// <summary>The Docker engine's storage driver status; the containerd image store shows <c>io.containerd.snapshotter</c>.</summary>
    public static EngineCommand EngineStorage() => new(
        "info",
        new ProcessArgumentBuilder().Append("info").Append("--format").AppendQuoted("{{json .DriverStatus}}"))
    {
        Assumed = "the Docker engine does not answer",
    };

    public static EngineCommand InspectImage(string reference) => new(
        "imagetools inspect",
        new ProcessArgumentBuilder().Append("buildx").Append("imagetools").Append("inspect")
            .Append("--format").AppendQuoted("{{.Manifest.Digest}}")
            .AppendQuoted(reference))
    {
        Assumed = $"{reference} is not in the registry",
    };

    public static EngineCommand Build(GitLabDockerBuildPlan plan, BuildInputs inputs, string? builder, string? metadataFile)
    {
        var insecure = inputs.TlsVerify ? string.Empty : ",registry.insecure=true";
        var args = new ProcessArgumentBuilder();
        if (inputs.EngineDebug)
        {
            args.Append("--debug");
        }

        args.Append("buildx").Append("build");
        if (builder is not null)
        {
            args.Append("--builder").AppendQuoted(builder);
        }

        if (inputs.Dockerfile is not null)
        {
            args.Append("--file").AppendQuoted(inputs.Dockerfile);
        }

        foreach (var tag in plan.PushByDigest ? [] : plan.Tags)
        {
            args.Append("--tag").AppendQuoted(tag);
        }

        BuildArguments.AppendBuildArgs(args, inputs);
        if (plan.SourceDateEpoch is { } epoch)
        {
            args.Append("--build-arg").AppendQuoted($"SOURCE_DATE_EPOCH={epoch}");
        }

        BuildArguments.AppendInputs(args, plan, inputs);
        AppendBuildxInputs(args, plan, inputs);
        BuildArguments.AppendLabels(args, plan);

        foreach (var cache in plan.CacheFrom)
        {
            args.Append("--cache-from").AppendQuoted($"type=registry,ref={cache}{insecure}");
        }

        if (plan.CacheExport is not null)
        {
            var manifest = inputs.CacheImageManifest ? ",image-manifest=true,oci-mediatypes=true" : string.Empty;
            var ignoreError = inputs.CacheIgnoreError ? ",ignore-error=true" : string.Empty;
            args.Append("--cache-to").AppendQuoted($"type=registry,ref={plan.CacheExport},mode=max{manifest}{ignoreError}{insecure}");
        }

        if (metadataFile is not null)
        {
            args.Append("--metadata-file").AppendQuoted(metadataFile);
        }

        if (plan.PushByDigest)
        {
            args.Append("--output").AppendQuoted(
                $"type=image,name={plan.Image},push-by-digest=true,name-canonical=true,push=true{insecure}");
        }
        else if (plan.Load)
        {
            args.Append("--load");
        }

        args = inputs.Customize(args);
        args.AppendQuoted(inputs.Context);
        return new EngineCommand("buildx build", args,
            Hint: plan.Push ? "Nothing was pushed: the build failed before its push finished." : null)
        {
            Diagnose = error => EngineErrors.Kind(error) switch
            {
                EngineErrorKind.DockerDaemon when plan.Load => LocalLoad,
                EngineErrorKind.DockerDaemon => LoginHint.DockerDaemon,
                EngineErrorKind.BuildxMissing => BuildxMissing,
                EngineErrorKind.Unauthorized => Unauthorized,
                _ => null,
            },
        };
    }

    /// <summary>What to check when a registry refused the build: buildx has no login step that would have failed first.</summary>
    public const string Unauthorized =
        "A registry refused the build's credentials. The job's own go to docker in a private Docker config for this call: " +
        "CI_REGISTRY_PASSWORD is the job token, valid only while its job runs, and a password kept in a protected CI/CD " +
        "variable is empty on unprotected branches and tags. A base image on another private registry needs a login in " +
        "your Docker config (DOCKER_CONFIG or ~/.docker, its credsStore or credHelpers), which is carried into the private one.";

    /// <summary>
    /// The buildx-only inputs: pull, attestations and plain progress. A reproducible build attaches no provenance unless
    /// asked: BuildKit's records the build's own start and end times, so every rebuild would get another digest. Nor
    /// does a native-platform build: an attestation turns its single-platform manifest into an index, which
    /// <c>GitLabDockerMerge</c> cannot list as one platform's image.
    /// </summary>
    private static void AppendBuildxInputs(ProcessArgumentBuilder args, GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        if (inputs.Pull)
        {
            args.Append("--pull");
        }

        if ((inputs.Provenance ?? (plan.SourceDateEpoch is null && plan.NativePlatform is null ? null : false)) is { } provenance)
        {
            args.Append(provenance ? "--provenance=true" : "--provenance=false");
        }

        if (inputs.Sbom is { } sbom)
        {
            args.Append(sbom ? "--sbom=true" : "--sbom=false");
        }

        if (inputs.PlainProgress)
        {
            args.Append("--progress=plain");
        }
    }
}
