using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Chooses Buildah's storage driver when neither <c>StorageDriver</c> nor <c>STORAGE_DRIVER</c> names one: <c>overlay</c>
/// where Buildah can open it in this job, else <c>vfs</c>. A new job starts with empty storage and pulls every cached
/// layer; <c>vfs</c> copies the whole file system for each of them, <c>overlay</c> stacks them, which is what makes a warm
/// build faster. One <c>buildah info</c> decides, once per engine: <c>overlay</c> when it mounts with the kernel's overlay,
/// with its native diff or without it (a kernel or mount with <c>metacopy</c> or <c>redirect_dir</c>, as Fedora and RHEL
/// have: Buildah then diffs each new layer itself, as it always does with <c>vfs</c>, and still stacks the layers).
/// <see cref="Start"/> runs that check beside the login; the choice is made and said when the build needs it.
/// </summary>
internal sealed class StorageDriverChoice(IEngineProcess buildah, JobLog jobLog) : IDisposable
{
    /// <summary>The driver that stacks layers instead of copying them.</summary>
    public const string Overlay = "overlay";

    /// <summary>The driver that works in any unprivileged container.</summary>
    public const string Vfs = "vfs";

    private string? _chosen;
    private (string Command, Func<ProbeResult> Answer)? _started;

    /// <summary>
    /// Starts the check for <paramref name="inputs"/> when they name no driver and commands really run (a dry run says its
    /// commands in order), so that it runs beside the next command: its answer is read when the build asks.
    /// </summary>
    public void Start(BuildInputs inputs)
    {
        if (inputs.StorageDriver is null && _chosen is null && _started is null && buildah.Executes)
        {
            var check = BuildahCommands.StorageCheck(inputs, Overlay);
            _started = (check.Arguments.Render(), buildah.StartProbe(check));
        }
    }

    /// <summary>Returns <paramref name="inputs"/> with a storage driver: the one asked for, else the one this job can use.</summary>
    public BuildInputs For(BuildInputs inputs) =>
        inputs.StorageDriver is not null ? inputs : inputs with { StorageDriver = _chosen ??= Choose(inputs) };

    /// <summary>Waits for a check that was started and never read (the job failed before its build, or built nothing).</summary>
    public void Dispose()
    {
        try
        {
            Started();
        }
        catch (CakeException)
        {
            // The check's own failure does not matter once nothing reads it.
        }
    }

    private string Choose(BuildInputs inputs)
    {
        var command = BuildahCommands.StorageCheck(inputs, Overlay);
        var early = Started();
        var check = early is { } answer && answer.Command == command.Arguments.Render() ? answer.Result : buildah.Probe(command);
        if (!buildah.Executes)
        {
            jobLog.Line($"Dry run: Buildah would use {Overlay} storage if this job can, else {Vfs}; the commands below show {Vfs}.");
            return Vfs;
        }

        var (name, native, backing, options) = Parts(check.Output);
        var fuse = backing == "overlayfs" || options.Contains("mount_program", StringComparison.Ordinal);
        if (check.Succeeded && name == Overlay && native == "true")
        {
            jobLog.Line($"Buildah storage: {Overlay} (set STORAGE_DRIVER to choose another).");
            return Overlay;
        }

        // Buildah mounted the kernel's overlay for its check but cannot use its native diff (metacopy or redirect_dir):
        // it computes each new layer's diff itself, as with vfs, and still stacks the layers instead of copying them.
        if (check.Succeeded && name == Overlay && !fuse)
        {
            jobLog.Line($"Buildah storage: {Overlay}, without the kernel's native diff here (metacopy or redirect_dir): Buildah " +
                        $"diffs each new layer itself, as with {Vfs}, and still stacks the layers (set STORAGE_DRIVER to choose another).");
            return Overlay;
        }

        // Through a mount program (fuse-overlayfs) "buildah info" succeeds even where /dev/fuse is missing and the first
        // mount would fail, and the kernel's overlay cannot lie on an overlay file system: so fuse-overlayfs is never
        // chosen unasked.
        var reason = !check.Succeeded || name != Overlay
            ? $"{Overlay} cannot be used in this job" + (ErrorLine(check.Error) is { } error ? $" ({error})" : "")
            : $"{Overlay} would mount through fuse-overlayfs here, which also needs /dev/fuse: set STORAGE_DRIVER={Overlay} if the job has it";
        jobLog.Line($"Buildah storage: {Vfs}, because {reason}. {Vfs} copies every layer; set STORAGE_DRIVER={Vfs} to skip this " +
                    "check (the README's Buildah section says how a job gets overlay).");
        return Vfs;
    }

    /// <summary>The answer of the started check, once, with the command it ran; <see langword="null"/> when none was started.</summary>
    private (string Command, ProbeResult Result)? Started()
    {
        if (_started is not { } started)
        {
            return null;
        }

        _started = null;
        return (started.Command, started.Answer());
    }

    /// <summary>The check's answer: driver, native diff, backing file system, then the driver's options.</summary>
    private static (string Name, string Native, string Backing, string Options) Parts(string output)
    {
        var parts = output.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        string Part(int index) => index < parts.Length ? parts[index] : string.Empty;
        return (Part(0), Part(1), Part(2), Part(3));
    }

    /// <summary>Buildah's error line (its last <c>Error:</c> line; warnings and notices come before it), else its last line.</summary>
    private static string? ErrorLine(string text)
    {
        var lines = text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        return lines.LastOrDefault(line => line.StartsWith("Error:", StringComparison.Ordinal)) ?? lines.LastOrDefault();
    }
}
