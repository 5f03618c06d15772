using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cake.GitLabDocker;

/// <summary>
/// The job's private Docker config: a folder (0700) given to the call's commands as <c>DOCKER_CONFIG</c>, with a
/// <c>config.json</c> (0600) that is the user's own with the job's registry credentials in <c>auths</c>. Nothing is
/// written to the user's config or credential helper, so jobs that share them cannot log each other out.
/// <list type="bullet">
/// <item>The user's other keys are kept: other registries' <c>auths</c>, <c>credHelpers</c>, <c>credsStore</c>,
/// <c>currentContext</c>, <c>proxies</c> and the rest, so a <c>FROM</c> a private registry still pulls.</item>
/// <item>For the job's own hosts the user's entries (and <c>credHelpers</c>) are replaced; with a <c>credsStore</c>,
/// <c>credHelpers[host]</c> is set to <c>""</c>: Docker asks <c>credHelpers[host]</c> before <c>credsStore</c>, and an
/// empty helper means the file itself, so the store cannot shadow the job's entry (the store still answers for
/// every other host).</item>
/// <item>With <c>shareState</c> (buildx) every other entry of the user's folder (<c>cli-plugins</c>, <c>contexts</c>,
/// <c>buildx</c>, TLS files, …) is a symbolic link to the user's, so plugins, contexts and builders are found and
/// what buildx records about its builders stays in the user's folder.</item>
/// </list>
/// Disposing deletes the folder (links, not what they point to); a failure only warns.
/// </summary>
internal sealed class DockerConfigFile : IDisposable
{
    private const string ConfigName = "config.json";

    /// <summary>The folders the call may create in the user's Docker config (Docker would create them there too).</summary>
    private static readonly string[] SharedState = ["contexts", "buildx"];

    private readonly PrivateFolder _folder;

    private DockerConfigFile(PrivateFolder folder) => _folder = folder;

    /// <summary>Gets the folder to give as <c>DOCKER_CONFIG</c>.</summary>
    public string Folder => _folder.Path;

    /// <summary>Writes the private config for the logins (the registry and, when set, the Dependency Proxy).</summary>
    /// <param name="logins">The job's credentials.</param>
    /// <param name="userFolder">The user's Docker config folder (see <see cref="UserCredentialFiles.DockerFolder"/>), or <see langword="null"/>.</param>
    /// <param name="shareState">Whether to link the user's plugins, contexts and builder state into the folder (buildx).</param>
    /// <param name="warn">Writes a warning.</param>
    /// <param name="delete">Deletes the folder at the end (a test may make it fail).</param>
    public static DockerConfigFile Write(
        IReadOnlyCollection<RegistryCredentials> logins, string? userFolder = null, bool shareState = false,
        Action<string>? warn = null, Action<string>? delete = null)
    {
        warn ??= _ => { };
        var config = new DockerConfigFile(new PrivateFolder("gitlab-docker-auth-", warn, delete));
        try
        {
            var user = userFolder is null ? null : UserCredentialFiles.Read(Path.Combine(userFolder, ConfigName), warn);
            config._folder.WriteSecretFile(ConfigName, Content(user, logins));
            if (shareState && userFolder is not null)
            {
                LinkState(userFolder, config.Folder);
            }

            return config;
        }
        catch
        {
            config.Dispose();
            throw;
        }
    }

    /// <summary>The user's config (or an empty one) with the job's credentials for its hosts. Pure.</summary>
    public static byte[] Content(JsonObject? user, IReadOnlyCollection<RegistryCredentials> logins)
    {
        if (user is null)
        {
            return LoginsJson.Of(logins, dockerConfig: true);
        }

        var config = (JsonObject)user.DeepClone();
        var registries = logins.Select(login => login.Registry).ToList();
        var auths = Section(config, "auths");
        foreach (var key in auths.Select(entry => entry.Key).Where(key => RegistryKeys.Names(key, registries)).ToList())
        {
            auths.Remove(key);
        }

        var helpers = config["credHelpers"] as JsonObject;
        foreach (var key in helpers?.Select(entry => entry.Key).Where(key => RegistryKeys.Names(key, registries)).ToList() ?? [])
        {
            helpers!.Remove(key);
        }

        var store = config["credsStore"]?.GetValueKind() == JsonValueKind.String && config["credsStore"]!.GetValue<string>().Length > 0;
        foreach (var login in logins)
        {
            var auth = LoginsJson.Auth(login);
            foreach (var key in RegistryKeys.For(login.Registry, dockerConfig: true))
            {
                auths[key] = new JsonObject { ["auth"] = auth };
                if (store)
                {
                    Section(config, "credHelpers")[key] = string.Empty;
                }
            }
        }

        return JsonBytes.Of(config);
    }

    /// <inheritdoc />
    public void Dispose() => _folder.Dispose();

    private static JsonObject Section(JsonObject config, string name)
    {
        if (config[name] is JsonObject section)
        {
            return section;
        }

        section = [];
        config[name] = section;
        return section;
    }

    /// <summary>Links every entry of the user's folder but <c>config.json</c>, creating the shared state folders there first.</summary>
    private static void LinkState(string userFolder, string privateFolder)
    {
        foreach (var name in SharedState)
        {
            Directory.CreateDirectory(Path.Combine(userFolder, name));
        }

        foreach (var entry in new DirectoryInfo(userFolder).EnumerateFileSystemInfos())
        {
            if (entry.Name == ConfigName || entry.Name.StartsWith(ConfigName, StringComparison.Ordinal))
            {
                continue;
            }

            var link = Path.Combine(privateFolder, entry.Name);
            try
            {
                if (entry is DirectoryInfo)
                {
                    Directory.CreateSymbolicLink(link, entry.FullName);
                }
                else
                {
                    File.CreateSymbolicLink(link, entry.FullName);
                }
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                throw new Cake.Core.CakeException(
                    $"Could not link {entry.FullName} into the job's private Docker config ({failure.Message}): docker would not find " +
                    "the user's plugins, contexts or builders there. The buildx engine needs symbolic links in the temporary folder " +
                    "(on Windows: Developer Mode or the right to create them); or name a writable TMPDIR.");
            }
        }
    }
}
