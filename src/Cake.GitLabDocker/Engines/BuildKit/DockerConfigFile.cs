using System.Text;
using System.Text.Json;

namespace Cake.GitLabDocker;

/// <summary>
/// The job's registry credentials as a Docker config (<c>{"auths":{"HOST":{"auth":"base64(user:password)"}}}</c>) in a
/// private temporary folder (0700, file 0600), for <c>buildctl</c>, which has no login command and reads credentials from
/// <c>$DOCKER_CONFIG/config.json</c>. Only the process it is given to sees it; disposing deletes it, failure or not.
/// The user's own <c>~/.docker</c> is never read or changed.
/// </summary>
internal sealed class DockerConfigFile : IDisposable
{
    private const string DockerHubKey = "https://index.docker.io/v1/";

    private DockerConfigFile(string folder) => Folder = folder;

    /// <summary>Gets the folder to give as <c>DOCKER_CONFIG</c>.</summary>
    public string Folder { get; }

    /// <summary>Writes the credentials (the registry and, when set, the Dependency Proxy).</summary>
    public static DockerConfigFile Write(IEnumerable<RegistryCredentials> logins)
    {
        var folder = Directory.CreateTempSubdirectory("gitlab-docker-auth-").FullName;
        var config = new DockerConfigFile(folder);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(Path.Combine(folder, "config.json"), options);
            using var json = new Utf8JsonWriter(stream);
            json.WriteStartObject();
            json.WriteStartObject("auths");
            foreach (var login in logins)
            {
                json.WriteStartObject(Key(login.Registry));
                json.WriteString("auth", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{login.Password}")));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            return config;
        }
        catch
        {
            config.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Gone already.
        }
    }

    /// <summary>Docker Hub's credentials live under its historical key; every other registry under its host[:port].</summary>
    private static string Key(string registry) =>
        RegistryHost.Same(registry, "docker.io") ? DockerHubKey : registry;
}
