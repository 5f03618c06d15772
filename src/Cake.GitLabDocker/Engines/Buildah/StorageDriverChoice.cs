namespace Cake.GitLabDocker;

/// <summary>
/// Chooses Buildah's storage driver when neither <c>StorageDriver</c> nor <c>STORAGE_DRIVER</c> names one: <c>overlay</c>
/// where Buildah can open it in this job, else <c>vfs</c>. A new job starts with empty storage and pulls every cached
/// layer; <c>vfs</c> copies the whole file system for each of them, <c>overlay</c> stacks them, which is what makes a warm
/// build faster. One <c>buildah info</c> decides, once per engine.
/// </summary>
internal sealed class StorageDriverChoice(IEngineProcess buildah, JobLog jobLog)
{
    /// <summary>The driver that stacks layers instead of copying them.</summary>
    public const string Overlay = "overlay";

    /// <summary>The driver that works in any unprivileged container.</summary>
    public const string Vfs = "vfs";

    private string? _chosen;

    /// <summary>Returns <paramref name="inputs"/> with a storage driver: the one asked for, else the one this job can use.</summary>
    public BuildInputs For(BuildInputs inputs) =>
        inputs.StorageDriver is not null ? inputs : inputs with { StorageDriver = _chosen ??= Choose(inputs) };

    private string Choose(BuildInputs inputs)
    {
        var check = buildah.Probe(BuildahCommands.StorageCheck(inputs, Overlay));
        if (!buildah.Executes)
        {
            jobLog.Line($"Dry run: Buildah would use {Overlay} storage if this job can, else {Vfs}; the commands below show {Vfs}.");
            return Vfs;
        }

        if (check.Succeeded && check.Output == Overlay)
        {
            jobLog.Line($"Buildah storage: {Overlay} (set STORAGE_DRIVER to choose another).");
            return Overlay;
        }

        var reason = check.Error.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0);
        jobLog.Line($"Buildah storage: {Vfs}, because {Overlay} cannot be used in this job" + (reason is null ? "" : $" ({reason})") +
                    $". {Vfs} copies every layer; set STORAGE_DRIVER={Vfs} to skip this check, or see the README's Buildah section " +
                    $"for {Overlay} in an unprivileged job (fuse-overlayfs).");
        return Vfs;
    }
}
