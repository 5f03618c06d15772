namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A private Buildah storage (<c>CONTAINERS_STORAGE_CONF</c>) and auth file (<c>REGISTRY_AUTH_FILE</c>), so the
/// tests never touch the machine's own and can wipe the local layer cache at will.
/// </summary>
public sealed class BuildahStorage : IDisposable
{
    public BuildahStorage()
    {
        Folder = Directory.CreateTempSubdirectory("gitlab-docker-storage-").FullName;
        ConfigFile = Path.Combine(Folder, "storage.conf");
        File.WriteAllText(ConfigFile, $"""
            [storage]
            driver = "vfs"
            graphroot = "{Path.Combine(Folder, "root")}"
            runroot = "{Path.Combine(Folder, "run")}"
            """);
    }

    public string Folder { get; }

    public string ConfigFile { get; }

    public string AuthFile => Path.Combine(Folder, "auth.json");

    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["CONTAINERS_STORAGE_CONF"] = ConfigFile,
        ["REGISTRY_AUTH_FILE"] = AuthFile,
    };

    /// <summary>Deletes every local image and layer, as a fresh CI job would start.</summary>
    public void Wipe()
    {
        foreach (var folder in new[] { "root", "run" }.Select(name => Path.Combine(Folder, name)).Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
