namespace Cake.GitLabDocker.Tests;

/// <summary>A private folder of small executable shell scripts that stand in for an engine in one test.</summary>
internal sealed class StandInFolder : IDisposable
{
    public StandInFolder() => Path = Directory.CreateTempSubdirectory("gitlab-docker-standins-").FullName;

    public string Path { get; }

    /// <summary>Writes an executable <c>sh</c> script and returns its full path.</summary>
    public string Script(string name, string body)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
