namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A private Buildah storage (<c>CONTAINERS_STORAGE_CONF</c>) and auth file (<c>REGISTRY_AUTH_FILE</c>), so the
/// tests never touch the machine's own and can wipe the local layer cache at will.
/// </summary>
public sealed class BuildahStorage : IDisposable
{
    private readonly string? _mount;

    /// <param name="onOverlayFileSystem">
    /// Keeps the storage on an overlay file system, as a job container's own file system is: Buildah cannot stack its
    /// <c>overlay</c> driver on it without fuse-overlayfs (needs a test that runs as root, as CI does).
    /// </param>
    public BuildahStorage(bool onOverlayFileSystem = false)
    {
        Folder = Directory.CreateTempSubdirectory("gitlab-docker-storage-").FullName;
        var storage = Folder;
        if (onOverlayFileSystem)
        {
            var layers = Path.Combine(Folder, "layers");
            foreach (var name in new[] { "lower", "upper", "work" })
            {
                Directory.CreateDirectory(Path.Combine(layers, name));
            }

            _mount = storage = Directory.CreateDirectory(Path.Combine(Folder, "overlayfs")).FullName;
            Command.Succeed("mount", ["-t", "overlay", "overlay", "-o",
                $"lowerdir={layers}/lower,upperdir={layers}/upper,workdir={layers}/work", _mount], Folder);
        }

        Roots = [Path.Combine(storage, "root"), Path.Combine(storage, "run")];
        ConfigFile = Path.Combine(Folder, "storage.conf");
        File.WriteAllText(ConfigFile, $"""
            [storage]
            driver = "vfs"
            graphroot = "{Roots[0]}"
            runroot = "{Roots[1]}"
            """);
    }

    public string Folder { get; }

    public string ConfigFile { get; }

    public string AuthFile => Path.Combine(Folder, "auth.json");

    /// <summary>Buildah's graph root and run root.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>Whether the graph root holds images stored with this driver (<c>vfs</c> or <c>overlay</c>).</summary>
    public bool Holds(string driver) =>
        File.Exists(Path.Combine(Roots[0], $"{driver}-images", "images.json")) &&
        File.ReadAllText(Path.Combine(Roots[0], $"{driver}-images", "images.json")).Contains("\"id\"", StringComparison.Ordinal);

    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["CONTAINERS_STORAGE_CONF"] = ConfigFile,
        ["REGISTRY_AUTH_FILE"] = AuthFile,
    };

    /// <summary>Deletes every local image and layer, as a fresh CI job would start.</summary>
    public void Wipe()
    {
        foreach (var folder in Roots.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public void Dispose()
    {
        if (_mount is not null)
        {
            Command.Succeed("umount", [_mount], Folder);
        }

        // Buildah's overlay driver may leave a layer mounted (a build that ended while another job used the storage):
        // unmount whatever is still mounted below the storage, deepest first, so the folder can go.
        foreach (var leftover in File.ReadAllLines("/proc/self/mounts").Select(line => line.Split(' ')[1].Replace("\\040", " "))
                     .Where(path => path.StartsWith(Folder + "/", StringComparison.Ordinal)).OrderByDescending(path => path.Length))
        {
            Command.Run("umount", ["-l", leftover], Folder);
        }

        Directory.Delete(Folder, recursive: true);
    }
}
