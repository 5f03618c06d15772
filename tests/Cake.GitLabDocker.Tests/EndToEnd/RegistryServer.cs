using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A real distribution registry (<c>docker-registry</c>) on 127.0.0.1, its data in a temporary folder, and a small client
/// for its HTTP API. By default it runs as GitLab's does: HTTPS with a certificate from the run's test CA
/// (<see cref="TestCertificates"/>) and token auth from a <see cref="TokenService"/> that grants a job what GitLab grants:
/// <c>pull,push</c> on <c>group/…</c> (the job's project and what is below it) and <c>pull</c> on <c>base/…</c> (a
/// project it may read), nothing elsewhere. <see cref="RegistryMode.PlainHttp"/> gives plain HTTP with htpasswd, for the
/// tests about plain HTTP.
/// </summary>
public sealed class RegistryServer : IDisposable
{
    public const string User = "ci-user";

    /// <summary>Shell-hostile on purpose: quotes, spaces, <c>$()</c>, <c>;</c> and a backtick.</summary>
    public const string Password = "p@ss w0rd;$(id)`x`'\"";

    /// <summary>What a job may do in the GitLab-like registry: its project group, and pull on the base images.</summary>
    internal static readonly TokenGrant[] JobGrants = [new("group", "pull", "push"), new("base", "pull")];

    private readonly string _realm = "tests-" + Guid.NewGuid().ToString("n");
    private readonly TokenService? _tokens;
    private readonly bool _clientCertificates;
    private System.Diagnostics.Process _process;

    /// <summary>Gets the registry's user.</summary>
    public string UserName { get; }

    /// <summary>Gets the user's password.</summary>
    public string Secret { get; }
    private HttpClient _http;

    /// <param name="user">The job's user.</param>
    /// <param name="password">Its password.</param>
    /// <param name="mode">GitLab-like (HTTPS, token auth) or plain HTTP with htpasswd.</param>
    /// <param name="clientCertificates">Whether the registry requires a client certificate from the test CA (GitLab-like only).</param>
    public RegistryServer(string user = User, string password = Password, RegistryMode mode = RegistryMode.GitLab, bool clientCertificates = false)
    {
        UserName = user;
        Secret = password;
        Mode = mode;
        _clientCertificates = clientCertificates;
        Folder = Directory.CreateTempSubdirectory("gitlab-docker-registry-").FullName;
        string? htpasswd = null;
        if (mode == RegistryMode.PlainHttp)
        {
            htpasswd = Path.Combine(Folder, "htpasswd");
            File.WriteAllText(htpasswd, RunWithInput("htpasswd", ["-iBn", user], password));
        }
        else
        {
            _tokens = new TokenService();
            _tokens.AddUser(user, password, JobGrants);
        }

        // A port that was free a moment ago can be taken by a neighbour before the registry binds it: then the registry
        // exits, and it is started again on another port.
        for (var attempt = 1; ; attempt++)
        {
            Port = Grammar.FreePort();
            _process = Start(WriteConfig(htpasswd));
            _http = Client();
            if (Wait.Until(() => _process.HasExited || Answers(), TimeSpan.FromMinutes(1)) && !_process.HasExited)
            {
                return;
            }

            _http.Dispose();
            Stop(_process);
            if (attempt == 5)
            {
                _tokens?.Dispose();
                throw new InvalidOperationException($"docker-registry did not answer on {Address} (5 attempts). Its last answer: {_lastAnswer}\n{string.Join('\n', _output)}");
            }
        }
    }

    public string Folder { get; }

    public int Port { get; private set; }

    /// <summary>
    /// Gets the registry's host[:port]: 127.0.0.1, or in GitLab mode the name in <c>GITLAB_DOCKER_TEST_REGISTRY_HOST</c>
    /// (mapped to 127.0.0.1 in <c>/etc/hosts</c>), since BuildKit speaks only plain HTTP to a loopback address unless its
    /// daemon's config names the port, which a long-lived daemon cannot know (the real-engine suite sets it).
    /// </summary>
    public string Address => $"{(Mode == RegistryMode.GitLab ? TestCertificates.RegistryHost : "127.0.0.1")}:{Port}";

    /// <summary>Gets how the registry runs.</summary>
    public RegistryMode Mode { get; }

    /// <summary>Gets the token service of a GitLab-like registry (its requests and lifetime), or <see langword="null"/> on plain HTTP.</summary>
    internal TokenService? Tokens => _tokens;

    /// <summary>
    /// Gets the variables a job needs to reach this registry: <c>SSL_CERT_FILE</c> with the test CA (the job image's CA
    /// bundle) for the GitLab-like registry, <c>GITLAB_DOCKER_TLS_VERIFY=false</c> for plain HTTP.
    /// </summary>
    public IReadOnlyDictionary<string, string> JobVariables => Mode == RegistryMode.PlainHttp
        ? new Dictionary<string, string> { ["GITLAB_DOCKER_TLS_VERIFY"] = "false" }
        : new Dictionary<string, string> { ["SSL_CERT_FILE"] = TestCertificates.CaFile };

    /// <summary>Gets the flags that let Buildah or skopeo reach this registry from a test's own setup.</summary>
    internal string[] TlsFlags => Mode == RegistryMode.PlainHttp ? ["--tls-verify=false"] : ["--cert-dir", CertDirectory];

    /// <summary>Gets a <c>certs.d</c>-style folder that trusts this registry (with a client certificate when it asks for one).</summary>
    internal string CertDirectory => _certDirectory ??= TestCertificates.CertDirectory(_clientCertificates);

    private string? _certDirectory;

    /// <summary>
    /// Gets a user who may push anywhere, as a project's maintainer pushes its own images: in the GitLab-like registry a
    /// job may only pull <c>base/…</c>, so the base images are pushed as this user. On plain HTTP, the one user.
    /// </summary>
    internal (string User, string Password) Maintainer()
    {
        if (_tokens is null)
        {
            return (UserName, Secret);
        }

        _tokens.AddUser("maintainer", "maintainer-s3cret", new TokenGrant("*", "pull", "push"));
        return ("maintainer", "maintainer-s3cret");
    }

    /// <summary>An HTTP client for the tests' own look at the registry, with every right on what it asks for.</summary>
    internal HttpClient Http => _http;

    public IReadOnlyList<string> Repositories()
    {
        using var document = JsonDocument.Parse(_http.GetStringAsync("v2/_catalog").GetAwaiter().GetResult());
        return document.RootElement.GetProperty("repositories").EnumerateArray().Select(item => item.GetString()!).Order().ToList();
    }

    /// <summary>The tags of a repository without Buildah's internal <c>staging-…</c> tags (it cannot push by digest alone).</summary>
    public IReadOnlyList<string> PublicTags(string repository) =>
        Tags(repository).Where(tag => !tag.StartsWith(BuildPlanner.StagingPrefix, StringComparison.Ordinal)).ToList();

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

    /// <summary>Points <paramref name="tag"/> at the manifest <paramref name="digest"/> of the repository, as an earlier pipeline would have.</summary>
    public void Tag(string repository, string digest, string tag)
    {
        using var manifest = ManifestResponse(HttpMethod.Get, repository, digest);
        var content = new ByteArrayContent(manifest.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult());
        content.Headers.ContentType = manifest.Content.Headers.ContentType;
        using var response = Http.PutAsync($"v2/{repository}/manifests/{tag}", content).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
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
        _tokens?.Dispose();
        Directory.Delete(Folder, recursive: true);
        if (_certDirectory is not null)
        {
            Directory.Delete(_certDirectory, recursive: true);
        }
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

    private string WriteConfig(string? htpasswd)
    {
        var config = Path.Combine(Folder, "config.yml");
        string auth, tls = string.Empty;
        if (htpasswd is not null)
        {
            auth = $"""
                  htpasswd:
                    realm: {_realm}
                    path: {htpasswd}
                """;
        }
        else
        {
            auth = $"""
                  token:
                    realm: {_tokens!.Realm}
                    service: {TokenService.Service}
                    issuer: {TokenService.Issuer}
                    rootcertbundle: {TestCertificates.TokenCaFile}
                """;
            var (certificate, key) = TestCertificates.ServerPemFiles;
            tls = $"""

                  tls:
                    certificate: {certificate}
                    key: {key}
                """ + (_clientCertificates ? $"\n    clientcas:\n      - {TestCertificates.CaFile}" : string.Empty);
        }

        File.WriteAllText(config, $"""
            version: 0.1
            storage:
              filesystem:
                rootdirectory: {Path.Combine(Folder, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}{tls}
            auth:
            {auth}
            log:
              level: warn
            """);
        return config;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private string? _lastAnswer;

    private System.Diagnostics.Process Start(string config)
    {
        var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker-registry", ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;

        // The last lines, for the error when the registry does not come up.
        void Keep(string? line)
        {
            if (line is not null)
            {
                _output.Enqueue(line);
                while (_output.Count > 20 && _output.TryDequeue(out _))
                {
                }
            }
        }

        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
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
            using var client = Client(authorize: false);
            using var challenge = client.SendAsync(anonymous).GetAwaiter().GetResult();
            if (!challenge.Headers.WwwAuthenticate.ToString().Contains(_tokens?.Realm ?? _realm, StringComparison.Ordinal))
            {
                _lastAnswer = $"challenge: {challenge.StatusCode} {challenge.Headers.WwwAuthenticate}";
                return false;
            }

            using var response = _http.GetAsync("v2/").GetAwaiter().GetResult();
            _lastAnswer = $"authorized GET /v2/: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}";
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException error)
        {
            _lastAnswer = error.ToString();
            return false;
        }
    }

    /// <summary>Gets the scheme the registry answers on.</summary>
    public string Scheme => Mode == RegistryMode.PlainHttp ? "http" : "https";

    /// <summary>A handler that reaches this registry as it is (the test CA trusted, a client certificate when asked), with no authorization of its own.</summary>
    internal HttpMessageHandler TrustingHandler()
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        if (Mode == RegistryMode.GitLab)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || TrustedByTestCa(certificate, errors);
            if (_clientCertificates)
            {
                handler.SslOptions.ClientCertificates = [System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(
                    Path.Combine(CertDirectory, "client.cert"), Path.Combine(CertDirectory, "client.key"))];
            }
        }

        return handler;
    }

    /// <summary>A client of this registry: it trusts the test CA, shows a client certificate when asked, and authorizes as the user (htpasswd) or with admin tokens.</summary>
    private HttpClient Client(bool authorize = true)
    {
        var handler = TrustingHandler();
        HttpMessageHandler outer = authorize && _tokens is not null ? new AdminTokens(_tokens) { InnerHandler = handler } : handler;
        var client = new HttpClient(outer) { BaseAddress = new Uri($"{Scheme}://{Address}/") };
        if (authorize && Mode == RegistryMode.PlainHttp)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Secret}")));
        }

        return client;
    }

    private static bool TrustedByTestCa(System.Security.Cryptography.X509Certificates.X509Certificate? certificate, System.Net.Security.SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.ImportFromPemFile(TestCertificates.CaFile);
        return chain.Build(new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate));
    }

    /// <summary>Answers each bearer challenge with an admin token for exactly the scope it names (none for <c>/v2/</c>).</summary>
    private sealed class AdminTokens(TokenService tokens) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized || response.Headers.WwwAuthenticate.FirstOrDefault() is not { Scheme: "Bearer" } challenge)
            {
                return response;
            }

            var scope = System.Text.RegularExpressions.Regex.Match(challenge.Parameter ?? string.Empty, "scope=\"([^\"]*)\"");
            var retry = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content };
            foreach (var header in request.Headers)
            {
                retry.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                tokens.AdminToken(scope.Success ? scope.Groups[1].Value.Split(' ') : []));
            response.Dispose();
            return await base.SendAsync(retry, cancellationToken);
        }
    }
}

/// <summary>How a test registry runs.</summary>
public enum RegistryMode
{
    /// <summary>As GitLab's: HTTPS from the test CA, token auth with scopes.</summary>
    GitLab,

    /// <summary>Plain HTTP with htpasswd, for the tests about plain HTTP.</summary>
    PlainHttp,
}
