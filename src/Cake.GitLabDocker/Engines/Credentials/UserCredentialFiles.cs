using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cake.GitLabDocker;

/// <summary>
/// Where the user's own credentials live, read only to carry the user's other logins into the job's private files:
/// the Docker config folder (<c>DOCKER_CONFIG</c>, else <c>~/.docker</c>) and the files containers tools search
/// (containers-auth.json(5): <c>REGISTRY_AUTH_FILE</c> or <c>${XDG_RUNTIME_DIR}/containers/auth.json</c>, then
/// <c>${XDG_CONFIG_HOME}/containers/auth.json</c>, the Docker config, <c>~/.dockercfg</c>). Never writes them.
/// </summary>
internal static class UserCredentialFiles
{
    /// <summary>The variable that names the Docker config folder.</summary>
    public const string DockerConfigVariable = "DOCKER_CONFIG";

    /// <summary>The variable that names the containers auth file.</summary>
    public const string AuthFileVariable = "REGISTRY_AUTH_FILE";

    /// <summary>The user's Docker config folder, or <see langword="null"/> when neither <c>DOCKER_CONFIG</c> nor a home folder is known.</summary>
    public static string? DockerFolder(Func<string, string?> variable) =>
        NonEmpty(variable(DockerConfigVariable)) ?? (Home(variable) is { } home ? Path.Combine(home, ".docker") : null);

    /// <summary>The containers auth files in the order containers tools search them; the first that has a registry wins.</summary>
    public static IReadOnlyList<(string Path, bool Legacy)> ContainersAuthFiles(Func<string, string?> variable)
    {
        var files = new List<(string, bool)>();
        var home = Home(variable);
        if (NonEmpty(variable(AuthFileVariable)) is { } explicitFile)
        {
            files.Add((explicitFile, false));
        }
        else if (NonEmpty(variable("XDG_RUNTIME_DIR")) is { } runtime)
        {
            files.Add((Path.Combine(runtime, "containers", "auth.json"), false));
        }

        if ((NonEmpty(variable("XDG_CONFIG_HOME")) ?? (home is null ? null : Path.Combine(home, ".config"))) is { } config)
        {
            files.Add((Path.Combine(config, "containers", "auth.json"), false));
        }

        if (DockerFolder(variable) is { } docker)
        {
            files.Add((Path.Combine(docker, "config.json"), false));
        }

        if (home is not null)
        {
            files.Add((Path.Combine(home, ".dockercfg"), true));
        }

        return files;
    }

    /// <summary>
    /// Reads a JSON object file; <see langword="null"/> when it is missing or an empty object (<c>{}</c>: nothing to carry
    /// over, so the job's own file is written without the JSON tree, see <see cref="LoginsJson"/>), with a warning when it is not JSON.
    /// </summary>
    public static JsonObject? Read(string path, Action<string> warn)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var content = File.ReadAllBytes(path);
            return content.AsSpan().Trim(" \t\r\n"u8).SequenceEqual("{}"u8) ? null : JsonNode.Parse(content) as JsonObject;
        }
        catch (Exception failure) when (failure is JsonException or IOException or UnauthorizedAccessException)
        {
            warn($"Could not read the credentials file {path} ({failure.GetType().Name}): the logins in it are not carried into the job's private one.");
            return null;
        }
    }

    private static string? Home(Func<string, string?> variable) => NonEmpty(variable("HOME")) ?? NonEmpty(variable("USERPROFILE"));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
