using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cake.GitLabDocker;

/// <summary>
/// The job's private containers auth file (containers-auth.json(5)) for Buildah and skopeo, given to every command of
/// the call as <c>REGISTRY_AUTH_FILE</c>: the user's logins from every file containers tools search (first file wins
/// for a registry, as they read them) with the job's credentials for its own hosts, in a folder (0700) with the file
/// (0600). The user's files are read, never written; disposing deletes the folder, and a failure only warns.
/// </summary>
internal sealed class ContainersAuthFile : IDisposable
{
    private const string FileName = "auth.json";

    private readonly PrivateFolder _folder;
    private readonly IReadOnlyList<(JsonObject? File, bool Legacy)> _users;

    private ContainersAuthFile(PrivateFolder folder, IReadOnlyList<(JsonObject? File, bool Legacy)> users)
    {
        _folder = folder;
        _users = users;
        Path = System.IO.Path.Combine(folder.Path, FileName);
    }

    /// <summary>Gets the file to give as <c>REGISTRY_AUTH_FILE</c>.</summary>
    public string Path { get; }

    /// <summary>Writes the private auth file for the logins.</summary>
    /// <param name="logins">The job's credentials (the registry and, when set, the Dependency Proxy).</param>
    /// <param name="userFiles">The user's auth files in search order (see <see cref="UserCredentialFiles.ContainersAuthFiles"/>).</param>
    /// <param name="warn">Writes a warning.</param>
    /// <param name="delete">Deletes the folder at the end (a test may make it fail).</param>
    public static ContainersAuthFile Write(
        IReadOnlyCollection<RegistryCredentials> logins, IReadOnlyList<(string Path, bool Legacy)> userFiles,
        Action<string>? warn = null, Action<string>? delete = null)
    {
        warn ??= _ => { };
        var folder = new PrivateFolder("gitlab-docker-auth-", warn, delete);
        try
        {
            var file = new ContainersAuthFile(folder, userFiles.Select(file => (UserCredentialFiles.Read(file.Path, warn), file.Legacy)).ToList());
            file.Update(logins);
            return file;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>The merged file: the users' <c>auths</c> and <c>credHelpers</c> but the job's hosts, then the job's credentials. Pure.</summary>
    /// <param name="users">The user's files in search order; a legacy <c>.dockercfg</c> is a plain map of hosts.</param>
    /// <param name="logins">The job's credentials.</param>
    public static byte[] Content(IEnumerable<(JsonObject? File, bool Legacy)> users, IReadOnlyCollection<RegistryCredentials> logins)
    {
        if (users.All(user => user.File is null))
        {
            return LoginsJson.Of(logins, dockerConfig: false);
        }

        var registries = logins.Select(login => login.Registry).ToList();
        var auths = new JsonObject();
        var helpers = new JsonObject();
        foreach (var (file, legacy) in users)
        {
            Merge(auths, legacy ? file : file?["auths"] as JsonObject, registries, entry => entry is JsonObject { Count: > 0 });
            Merge(helpers, legacy ? null : file?["credHelpers"] as JsonObject, registries,
                entry => entry?.GetValueKind() == JsonValueKind.String);
        }

        foreach (var login in logins)
        {
            var auth = LoginsJson.Auth(login);
            foreach (var key in RegistryKeys.For(login.Registry, dockerConfig: false))
            {
                auths[key] = new JsonObject { ["auth"] = auth };
            }
        }

        var content = new JsonObject { ["auths"] = auths };
        if (helpers.Count > 0)
        {
            content["credHelpers"] = helpers;
        }

        return JsonBytes.Of(content);
    }

    /// <summary>Writes the file again, at the same path, for these logins (a login added later in the call).</summary>
    public void Update(IReadOnlyCollection<RegistryCredentials> logins)
    {
        File.Delete(Path);
        _folder.WriteSecretFile(FileName, Content(_users, logins));
    }

    /// <inheritdoc />
    public void Dispose() => _folder.Dispose();

    /// <summary>Adds the entries not there yet (an earlier file wins), leaving out the job's hosts and empty placeholders.</summary>
    private static void Merge(JsonObject into, JsonObject? from, IReadOnlyList<string> registries, Func<JsonNode?, bool> usable)
    {
        foreach (var (key, value) in from ?? [])
        {
            if (!into.ContainsKey(key) && usable(value) && !RegistryKeys.Names(key, registries))
            {
                into[key] = value!.DeepClone();
            }
        }
    }
}
