using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A real distribution registry (<c>docker-registry</c>) on 127.0.0.1 with htpasswd auth, its data in a temporary
/// folder, and a small client for its HTTP API.
/// </summary>
public sealed class RegistryServer : IDisposable
{
    public const string User = "ci-user";

    /// <summary>Shell-hostile on purpose: quotes, spaces, <c>$()</c>, <c>;</c> and a backtick.</summary>
    public const string Password = "p@ss w0rd;$(id)`x`'\"";

    private readonly string _realm = "tests-" + Guid.NewGuid().ToString("n");
    private System.Diagnostics.Process _process;

    /// <summary>Gets the registry's user.</summary>
    public string UserName { get; }

    /// <summary>Gets the user's password.</summary>
    public string Secret { get; }
    private HttpClient _http;

    /// <param name="user">The only user.</param>
    /// <param name="password">Its password.</param>
    public RegistryServer(string user = User, string password = Password)
    {
        UserName = user;
        Secret = password;
        Folder = Directory.CreateTempSubdirectory("gitlab-docker-registry-").FullName;
        var htpasswd = Path.Combine(Folder, "htpasswd");
        File.WriteAllText(htpasswd, RunWithInput("htpasswd", ["-iBn", user], password));

        // A port that was free a moment ago can be taken by a neighbour before the registry binds it: then the registry
        // exits, and it is started again on another port.
        for (var attempt = 1; ; attempt++)
        {
            Port = Grammar.FreePort();
            _process = Start(WriteConfig(htpasswd));
            _http = new HttpClient { BaseAddress = new Uri($"http://{Address}/") };
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            if (Wait.Until(() => _process.HasExited || Answers(), TimeSpan.FromMinutes(2)) && !_process.HasExited)
            {
                return;
            }

            _http.Dispose();
            Stop(_process);
            if (attempt == 5)
            {
                throw new InvalidOperationException($"docker-registry did not answer on {Address} (5 attempts)");
            }
        }
    }

    public string Folder { get; }

    public int Port { get; private set; }

    public string Address => $"127.0.0.1:{Port}";

    public IReadOnlyList<string> Repositories()
    {
        using var document = JsonDocument.Parse(_http.GetStringAsync("v2/_catalog").GetAwaiter().GetResult());
        return document.RootElement.GetProperty("repositories").EnumerateArray().Select(item => item.GetString()!).Order().ToList();
    }

    public IReadOnlyList<string> Tags(string repository)
    {
        using var response = _http.GetAsync($"v2/{repository}/tags/list").GetAwaiter().GetResult();
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        return document.RootElement.GetProperty("tags") is { ValueKind: JsonValueKind.Array } tags
            ? tags.EnumerateArray().Select(item => item.GetString()!).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>
    /// Every manifest the repository stores, tagged or not (sorted digests). The API lists tags only, so a manifest pushed
    /// by digest alone shows only here: in the registry's own storage (<c>_manifests/revisions</c>).
    /// </summary>
    public IReadOnlyList<string> ManifestRevisions(string repository)
    {
        var revisions = Path.Combine(Folder, "data", "docker", "registry", "v2", "repositories", repository, "_manifests", "revisions", "sha256");
        return Directory.Exists(revisions)
            ? Directory.EnumerateDirectories(revisions).Select(folder => "sha256:" + Path.GetFileName(folder)).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>The manifest digest of a tag, as the registry reports it.</summary>
    public string Digest(string repository, string tag)
    {
        using var response = ManifestResponse(HttpMethod.Head, repository, tag);
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    /// <summary>The manifest (or index) of a tag, as JSON.</summary>
    public string Manifest(string repository, string reference)
    {
        using var response = ManifestResponse(HttpMethod.Get, repository, reference);
        return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }

    /// <summary>Every blob of a single-platform image (config and layers, gzip layers decompressed), for content scans.</summary>
    public IReadOnlyList<byte[]> Blobs(string repository, string tag)
    {
        using var manifest = JsonDocument.Parse(Manifest(repository, tag));
        var digests = manifest.RootElement.GetProperty("layers").EnumerateArray()
            .Select(layer => (Digest: layer.GetProperty("digest").GetString()!, Type: layer.GetProperty("mediaType").GetString()!))
            .Prepend((Digest: manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!, Type: "config"));
        return digests.Select(blob =>
        {
            var bytes = _http.GetByteArrayAsync($"v2/{repository}/blobs/{blob.Digest}").GetAwaiter().GetResult();
            if (!blob.Type.EndsWith("gzip", StringComparison.Ordinal))
            {
                return bytes;
            }

            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            return plain.ToArray();
        }).ToList();
    }

    /// <summary>The labels in the image config of a tag (a single-platform manifest).</summary>
    public IReadOnlyDictionary<string, string> Labels(string repository, string tag)
    {
        using var config = JsonDocument.Parse(Blobs(repository, tag)[0]);
        return config.RootElement.GetProperty("config").TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
            ? labels.EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? string.Empty)
            : new Dictionary<string, string>();
    }

    /// <summary>Asks for a manifest in any of the formats engines push (index or single image, OCI or Docker).</summary>
    private HttpResponseMessage ManifestResponse(HttpMethod method, string repository, string reference)
    {
        using var request = new HttpRequestMessage(method, $"v2/{repository}/manifests/{reference}");
        foreach (var type in new[]
                 {
                     "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
                     "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json",
                 })
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        var response = _http.SendAsync(request).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        return response;
    }

    public void Dispose()
    {
        Stop(_process);
        _http.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static void Stop(System.Diagnostics.Process process)
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }

    internal static string RunWithInput(string fileName, string[] arguments, string input)
    {
        var start = new System.Diagnostics.ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{fileName} failed: {error}");
    }

    private string WriteConfig(string htpasswd)
    {
        var config = Path.Combine(Folder, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            storage:
              filesystem:
                rootdirectory: {Path.Combine(Folder, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
            auth:
              htpasswd:
                realm: {_realm}
                path: {htpasswd}
            log:
              level: warn
            """);
        return config;
    }

    private static System.Diagnostics.Process Start(string config)
    {
        var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker-registry", ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Whether this registry answers: a neighbour's registry that took the port first would accept the same user, so the
    /// challenge must name this registry's own realm too.
    /// </summary>
    private bool Answers()
    {
        try
        {
            using var anonymous = new HttpRequestMessage(HttpMethod.Get, "v2/");
            using var client = new HttpClient { BaseAddress = _http.BaseAddress };
            using var challenge = client.SendAsync(anonymous).GetAwaiter().GetResult();
            if (!challenge.Headers.WwwAuthenticate.ToString().Contains(_realm, StringComparison.Ordinal))
            {
                return false;
            }

            using var response = _http.GetAsync("v2/").GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
