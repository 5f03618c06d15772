namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Buildah's storage driver when the job names none (the example's Buildah job): <c>overlay</c> where Buildah can mount
/// it with the kernel's overlay (with its native diff or without), else <c>vfs</c> with the reason in the job log;
/// fuse-overlayfs when asked for. Real gitlab-ci-local, dotnet cake, Buildah and registry; the refusal is the kernel's
/// own (a storage on an overlay file system, as a job container's is).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class BuildahStorageDriverTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;
    private static readonly Dictionary<string, string> DefaultBranch = new() { ["CI_COMMIT_BRANCH"] = "main" };
    private readonly RegistryServer _registry = new();

    [Fact]
    public void Overlay_is_used_where_it_can_be_mounted_and_a_new_job_builds_from_the_registry_cache()
    {
        using var storage = new BuildahStorage();
        using var project = new GitLabCiLocal(addin, _registry, storage, BaseImage.Push(_registry, storage));

        storage.Wipe();
        var cold = project.Run(DefaultBranch);
        storage.Wipe();
        var warm = project.Run(DefaultBranch);

        Assert.Contains("Buildah storage: overlay", cold);
        Assert.Contains("Buildah storage: overlay", warm);
        Assert.True(storage.Holds("overlay"));
        Assert.False(storage.Holds("vfs"));
        // Every step of the new job comes from the registry cache (the example has 9 after FROM, labels included).
        Assert.Equal(PipelineLog.Steps(warm).Count(step => !step.Contains(": FROM ", StringComparison.Ordinal)), PipelineLog.CachePulled(warm));
        Assert.Equal(PipelineLog.Digest(cold), PipelineLog.Digest(warm));
        Assert.Equal(PipelineLog.Digest(warm), _registry.Digest(Image, "latest"));
    }

    [Fact]
    public void Overlay_without_the_kernels_native_diff_is_used_and_a_new_job_builds_from_the_registry_cache()
    {
        // Buildah on a host whose overlay mounts use metacopy (Fedora's and RHEL's storage.conf; a kernel with metacopy or
        // redirect_dir on answers the same): a buildah that gives the overlay driver the mount option, as ToolPath.
        var folder = Directory.CreateTempSubdirectory("gitlab-docker-metacopy-").FullName;
        var wrapper = Path.Combine(folder, "buildah");
        var buildah = Command.Succeed("sh", ["-c", "command -v buildah"], folder).Trim();
        File.WriteAllText(wrapper, $"""
            #!/bin/sh
            case " $* " in *" --storage-driver overlay "*) exec {buildah} --storage-opt overlay.mountopt=metacopy=on "$@";; esac
            exec {buildah} "$@"
            """);
        Command.Succeed("chmod", ["+x", wrapper], folder);
        using var storage = new BuildahStorage();
        using var project = new GitLabCiLocal(addin, _registry, storage, BaseImage.Push(_registry, storage),
            "settings.ToolPath = EnvironmentVariable(\"BUILDAH_WRAPPER\");");
        var variables = new Dictionary<string, string>(DefaultBranch) { ["BUILDAH_WRAPPER"] = wrapper };

        storage.Wipe();
        var cold = project.Run(variables);
        storage.Wipe();
        var warm = project.Run(variables);
        Directory.Delete(folder, recursive: true);

        Assert.Contains("Buildah storage: overlay, without the kernel's native diff here (metacopy or redirect_dir)", cold);
        Assert.Contains("Buildah storage: overlay, without the kernel's native diff here", warm);
        Assert.True(storage.Holds("overlay"));
        Assert.False(storage.Holds("vfs"));
        Assert.Equal(PipelineLog.Steps(warm).Count(step => !step.Contains(": FROM ", StringComparison.Ordinal)), PipelineLog.CachePulled(warm));
        Assert.Equal(PipelineLog.Digest(cold), PipelineLog.Digest(warm));
        Assert.Equal(PipelineLog.Digest(warm), _registry.Digest(Image, "latest"));
    }

    [Fact]
    public void Vfs_is_used_with_the_reason_where_overlay_cannot_be_mounted()
    {
        using var storage = new BuildahStorage(onOverlayFileSystem: true);
        // A job image without fuse-overlayfs, which Buildah would otherwise find on PATH and use instead of the kernel's
        // overlay: buildah runs with a PATH that holds buildah only.
        var path = Directory.CreateTempSubdirectory("gitlab-docker-path-").FullName;
        File.CreateSymbolicLink(Path.Combine(path, "buildah"), Command.Succeed("sh", ["-c", "command -v buildah"], path).Trim());
        using var project = new GitLabCiLocal(addin, _registry, storage, BaseImage.Push(_registry, storage),
            "settings.EnvironmentVariables = new Dictionary<string, string> { [\"PATH\"] = EnvironmentVariable(\"BUILDAH_PATH\") };");
        storage.Wipe();

        var log = project.Run(new Dictionary<string, string>(DefaultBranch) { ["BUILDAH_PATH"] = path });
        Directory.Delete(path, recursive: true);

        Assert.Contains("Buildah storage: vfs, because overlay cannot be used in this job (", log);
        Assert.Contains("'overlay' is not supported over overlayfs", log);
        Assert.True(storage.Holds("vfs"));
        Assert.False(storage.Holds("overlay"));
        Assert.Equal(PipelineLog.Digest(log), _registry.Digest(Image, "latest"));
    }

    [Fact]
    public void Overlay_through_fuse_overlayfs_is_used_when_asked_for_and_vfs_is_chosen_unasked()
    {
        // fuse-overlayfs is installed (.ci/install-tools) and /dev/fuse is there; Buildah finds it on PATH by itself.
        using var storage = new BuildahStorage(onOverlayFileSystem: true);
        using var project = new GitLabCiLocal(addin, _registry, storage, BaseImage.Push(_registry, storage));
        storage.Wipe();

        var unasked = project.Run(DefaultBranch);
        Assert.Contains("Buildah storage: vfs, because overlay would mount through fuse-overlayfs here, which also needs /dev/fuse", unasked);
        Assert.True(storage.Holds("vfs"));

        storage.Wipe();
        var asked = project.Run(new Dictionary<string, string>(DefaultBranch) { ["STORAGE_DRIVER"] = "overlay" });
        Assert.DoesNotContain("Buildah storage:", asked);
        Assert.True(storage.Holds("overlay"));
        Assert.Equal(PipelineLog.Digest(asked), _registry.Digest(Image, "latest"));
    }

    public void Dispose() => _registry.Dispose();
}
