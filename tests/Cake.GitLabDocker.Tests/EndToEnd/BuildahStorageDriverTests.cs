namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Buildah's storage driver when the job names none (the example's Buildah job): <c>overlay</c> where Buildah can mount
/// it, else <c>vfs</c> with the reason in the job log. Real gitlab-ci-local, dotnet cake, Buildah and registry; the
/// refusal is the kernel's own (a storage on an overlay file system, as a job container's is).
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
    public void Vfs_is_used_with_the_reason_where_overlay_cannot_be_mounted()
    {
        using var storage = new BuildahStorage(onOverlayFileSystem: true);
        using var project = new GitLabCiLocal(addin, _registry, storage, BaseImage.Push(_registry, storage));

        var log = project.Run(DefaultBranch);

        Assert.Contains("Buildah storage: vfs, because overlay cannot be used in this job (", log);
        Assert.Contains("'overlay' is not supported over overlayfs", log);
        Assert.True(storage.Holds("vfs"));
        Assert.False(storage.Holds("overlay"));
        Assert.Equal(PipelineLog.Digest(log), _registry.Digest(Image, "latest"));
    }

    public void Dispose() => _registry.Dispose();
}
