namespace Cake.GitLabDocker;

/// <summary>
/// A file path in a private temporary folder, deleted on dispose. Engines write metadata and digests there, outside
/// the project folder and the build context.
/// </summary>
internal sealed class TemporaryFile : IDisposable
{
    private readonly string _folder;

    public TemporaryFile(string name)
    {
        _folder = Directory.CreateTempSubdirectory("gitlab-docker-").FullName;
        Path = System.IO.Path.Combine(_folder, name);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
