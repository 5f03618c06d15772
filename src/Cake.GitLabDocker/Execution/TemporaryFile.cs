namespace Cake.GitLabDocker;

/// <summary>
/// A file path in a private temporary folder (<see cref="PrivateFolder"/>), deleted on dispose and, like the job's
/// credentials, when the process ends or is stopped (a cancelled job). Engines write metadata and digests there, outside
/// the project folder and the build context.
/// </summary>
internal sealed class TemporaryFile : IDisposable
{
    private readonly PrivateFolder _folder = new("gitlab-docker-");

    public TemporaryFile(string name) => Path = System.IO.Path.Combine(_folder.Path, name);

    public string Path { get; }

    public void Dispose() => _folder.Dispose();
}
