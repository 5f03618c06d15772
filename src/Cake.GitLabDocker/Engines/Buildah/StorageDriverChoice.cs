namespace Cake.GitLabDocker;

/// <summary>
/// Chooses Buildah's storage driver when neither <c>StorageDriver</c> nor <c>STORAGE_DRIVER</c> names one: <c>overlay</c>
/// where Buildah can open it in this job, else <c>vfs</c>. A new job starts with empty storage and pulls every cached
/// layer; <c>vfs</c> copies the whole file system for each of them, <c>overlay</c> stacks them, which is what makes a warm
/// build faster. One <c>buildah info</c> decides, once per engine: <c>overlay</c> when it mounts with the kernel's overlay.
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

        if (check.Succeeded && check.Output == $"{Overlay} true")
        {
            jobLog.Line($"Buildah storage: {Overlay} (set STORAGE_DRIVER to choose another).");
            return Overlay;
        }

        // Through a mount program (fuse-overlayfs) "buildah info" succeeds even where /dev/fuse is missing and the first
        // mount would fail, so only the kernel's own overlay is chosen unasked.
        var reason = check.Succeeded && check.Output.StartsWith(Overlay + " ", StringComparison.Ordinal)
            ? $"{Overlay} would mount through fuse-overlayfs here, which also needs /dev/fuse: set STORAGE_DRIVER={Overlay} if the job has it"
            : $"{Overlay} cannot be used in this job" + (FirstLine(check.Error) is { } error ? $" ({error})" : "");
        jobLog.Line($"Buildah storage: {Vfs}, because {reason}. {Vfs} copies every layer; set STORAGE_DRIVER={Vfs} to skip this " +
                    "check (the README's Buildah section says how a job gets overlay).");
        return Vfs;
    }

    private static string? FirstLine(string text) =>
        text.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0);
}
