using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Cake.GitLabDocker;

/// <summary>
/// A credentials file that holds the job's logins only, <c>{"auths":{"KEY":{"auth":"…"}}}</c>, written straight with
/// <see cref="Utf8JsonWriter"/>: byte for byte what the JSON tree of <see cref="DockerConfigFile"/> and
/// <see cref="ContainersAuthFile"/> writes when the user has no file to merge (the usual CI job), without the tree,
/// whose first use in a process costs several milliseconds before the engine starts.
/// </summary>
internal static class LoginsJson
{
    /// <summary>Writes the logins' entries, a key per name the engine may look the registry up by (<see cref="RegistryKeys.For"/>).</summary>
    /// <param name="logins">The job's credentials; a later login's entry replaces an earlier one under the same key, in its place.</param>
    /// <param name="dockerConfig">Whether the file is a Docker config (Docker Hub's key differs).</param>
    public static byte[] Of(IReadOnlyCollection<RegistryCredentials> logins, bool dockerConfig)
    {
        var auths = new List<KeyValuePair<string, string>>();
        foreach (var login in logins)
        {
            var auth = Auth(login);
            foreach (var key in RegistryKeys.For(login.Registry, dockerConfig))
            {
                var index = auths.FindIndex(entry => entry.Key == key);
                if (index >= 0)
                {
                    auths[index] = new(key, auth);
                }
                else
                {
                    auths.Add(new(key, auth));
                }
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("auths");
            foreach (var (key, auth) in auths)
            {
                writer.WriteStartObject(key);
                writer.WriteString("auth", auth);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The <c>auth</c> value of a login: base64 of <c>user:password</c>.</summary>
    public static string Auth(RegistryCredentials login) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{login.Password}"));
}
