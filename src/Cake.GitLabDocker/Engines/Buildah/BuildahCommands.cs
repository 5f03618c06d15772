using Cake.Core;
using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// The <c>buildah</c> command lines of the daemonless engine. Pure: builds arguments, runs nothing.
/// </summary>
internal static class BuildahCommands
{
    public static EngineCommand Login(RegistryCredentials credentials, BuildInputs inputs) => new(
        "login",
        Registry(new ProcessArgumentBuilder().Append("login"), inputs, retry: false)
            .Append("--username").AppendQuoted(credentials.Username)
            .Append("--password-stdin")
            .AppendQuoted(credentials.Registry),
        StandardInput: credentials.Password,
        Hint: LoginHint.For(credentials))
    {
        Diagnose = error => LoginHint.For(credentials, inputs.TlsVerify, error),
    };

    /// <param name="plan">The plan.</param>
    /// <param name="inputs">The inputs.</param>
    /// <param name="writeCache">Whether to pass the plan's <c>--cache-to</c> (off for the retry of <see cref="BuildInputs.CacheIgnoreError"/>).</param>
    public static EngineCommand Build(GitLabDockerBuildPlan plan, BuildInputs inputs, bool writeCache = true)
    {
        var args = Storage(inputs).Append("build");
        if (plan.CacheFrom.Count > 0)
        {
            args.Append("--layers");
        }

        args.Append("--isolation").AppendQuoted(inputs.Isolation);
        if (inputs.Dockerfile is not null)
        {
            args.Append("--file").AppendQuoted(inputs.Dockerfile);
        }

        if (IsManifestList(plan))
        {
            args.Append("--manifest").AppendQuoted(plan.Tags[0]);
        }
        else
        {
            foreach (var tag in plan.Tags)
            {
                args.Append("--tag").AppendQuoted(tag);
            }
        }

        BuildArguments.AppendBuildArgs(args, inputs);
        BuildArguments.AppendLabels(args, plan);
        BuildArguments.AppendInputs(args, plan, inputs);
        if (plan.SourceDateEpoch is { } epoch)
        {
            // Every timestamp of the image (created, history, files in the layers) becomes the commit's time.
            args.Append("--timestamp").Append(epoch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (inputs.Pull)
        {
            args.Append("--pull=always");
        }

        foreach (var cache in plan.CacheFrom)
        {
            args.Append("--cache-from").AppendQuoted(BuildahCache.Repository(cache));
        }

        if (plan.CacheTo is not null && writeCache)
        {
            args.Append("--cache-to").AppendQuoted(BuildahCache.Repository(plan.CacheTo));
        }

        args = inputs.Customize(Registry(args, inputs, retry: true));
        args.AppendQuoted(inputs.Context);
        return new EngineCommand("build", args, Hint: "Nothing was pushed: the build failed.");
    }

    public static EngineCommand Push(string image, string destination, BuildInputs inputs, string digestFile) => new(
        "push",
        Registry(Storage(inputs).Append("push"), inputs, retry: true)
            .Append("--digestfile").AppendQuoted(digestFile)
            .AppendQuoted(image)
            .AppendQuoted($"docker://{destination}"));

    /// <summary>Reads the platform of a local image as <c>OS ARCHITECTURE [VARIANT]</c> (see <see cref="NativePlatformCheck"/>).</summary>
    public static EngineCommand InspectPlatform(string reference, BuildInputs inputs, string expected) => new(
        "platform check",
        Storage(inputs).Append("inspect").Append("--type").Append("image")
            .Append("--format").AppendQuoted("{{.OCIv1.OS}} {{.OCIv1.Architecture}} {{.OCIv1.Variant}}")
            .AppendQuoted(reference))
    {
        Assumed = $"{reference} is of {expected}",
    };

    /// <summary>Whether the plan builds several platforms into one manifest list (named after the first tag).</summary>
    public static bool IsManifestList(GitLabDockerBuildPlan plan) => plan.Platforms.Count > 1 && plan.Tags.Count > 0;

    /// <summary>Removes a manifest list left by an earlier build in the same storage, so platforms are not added twice.</summary>
    public static EngineCommand RemoveManifestList(string name, BuildInputs inputs) => new(
        "manifest rm",
        Storage(inputs).Append("manifest").Append("rm").AppendQuoted(name))
    {
        Assumed = $"there is no manifest list {name} left in the storage to remove",
    };

    public static EngineCommand PushManifestList(string list, string reference, BuildInputs inputs, string digestFile) => new(
        "manifest push",
        Registry(Storage(inputs).Append("manifest").Append("push").Append("--all"), inputs, retry: false)
            .Append("--digestfile").AppendQuoted(digestFile)
            .AppendQuoted(list)
            .AppendQuoted($"docker://{reference}"));

    /// <summary>
    /// Opens Buildah's storage with <paramref name="driver"/> and prints the driver's name, whether it diffs with the
    /// kernel's overlay ("Native Overlay Diff"), the file system below the storage and the driver's options (where a
    /// configured <c>mount_program</c> shows). Fails where the driver cannot work in this job at all (for example
    /// <c>overlay</c> on a container's own overlay file system without fuse-overlayfs). Never at debug level: its error
    /// line is the answer.
    /// </summary>
    public static EngineCommand StorageCheck(BuildInputs inputs, string driver) => new(
        "storage check",
        Storage(inputs with { StorageDriver = driver, EngineDebug = false }).Append("info").Append("--format")
            .AppendQuoted("{{.store.GraphDriverName}} {{index .store.GraphStatus \"Native Overlay Diff\"}} " +
                          "{{index .store.GraphStatus \"Backing Filesystem\"}} {{.store.GraphOptions}}"))
    {
        Assumed = $"{driver} storage cannot be used in this job",
    };

    private static ProcessArgumentBuilder Storage(BuildInputs inputs)
    {
        var args = new ProcessArgumentBuilder();
        if (inputs.EngineDebug)
        {
            args.Append("--log-level").Append("debug");
        }

        return args.Append("--storage-driver").AppendQuoted(inputs.StorageDriver ?? throw new InvalidOperationException(
            "The storage driver is chosen (StorageDriverChoice) before any storage command is made."));
    }

    private static ProcessArgumentBuilder Registry(ProcessArgumentBuilder args, BuildInputs inputs, bool retry)
    {
        if (!inputs.TlsVerify)
        {
            args.Append("--tls-verify=false");
        }

        if (inputs.CertDirectory is not null)
        {
            args.Append("--cert-dir").AppendQuoted(inputs.CertDirectory);
        }

        if (retry && inputs.Retry is { } count)
        {
            args.Append("--retry").Append(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return args;
    }
}
