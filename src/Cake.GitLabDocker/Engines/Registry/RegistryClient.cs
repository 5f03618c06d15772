using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// A small client of the OCI distribution API, for what an image without docker, skopeo or crane still needs: the
/// digest of a tag and a new tag for a manifest that exists (promotion within one repository, same digest). Answers the
/// registry's basic or bearer-token challenge with the job's credentials; the password goes only into the
/// <c>Authorization</c> header. A registry on plain HTTP needs <c>TlsVerify = false</c>, as for the engines.
/// </summary>
internal sealed class RegistryClient : IDisposable
{
    /// <summary>Every manifest kind a build or a promotion may meet, so the registry returns the manifest as it is.</summary>
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    private readonly HttpClient _http;
    private readonly RegistryCredentials? _login;
    private readonly bool _tlsVerify;
    private readonly Dictionary<string, AuthenticationHeaderValue> _authorization = new(StringComparer.Ordinal);

    /// <param name="login">The credentials for the registry, or <see langword="null"/> for anonymous access.</param>
    /// <param name="tlsVerify">Whether TLS is verified; <see langword="false"/> also allows plain HTTP.</param>
    public RegistryClient(RegistryCredentials? login, bool tlsVerify)
    {
        _login = login;
        _tlsVerify = tlsVerify;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = true };
        if (!tlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        _http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Returns the digest of <paramref name="reference"/> (<c>HOST/PATH:TAG</c>), or <see langword="null"/> when it does not exist.</summary>
    public string? Digest(string reference)
    {
        var image = RegistryReference.Parse(reference);
        using var response = Send(image, () => Request(HttpMethod.Head, image, image.Reference));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Require(response, $"read {reference}");
        return response.Headers.TryGetValues("Docker-Content-Digest", out var digests) ? digests.First() : null;
    }

    /// <summary>Tags the manifest at <paramref name="digest"/> in <paramref name="target"/>'s repository as <paramref name="target"/>. Returns the digest the registry kept.</summary>
    public string Tag(string digest, string target)
    {
        var source = $"{RegistryReference.Parse(target).Repository}@{digest}";
        var manifest = Manifest(source) ?? throw new CakeException(
            (int)HttpStatusCode.NotFound, $"The registry has no {source} to tag as {target}: the image or its repository does not exist.");
        return Put(target, manifest.Content, manifest.MediaType.Length > 0 ? manifest.MediaType : ManifestTypes[1]);
    }

    /// <summary>
    /// Reads the manifest at <paramref name="reference"/> (<c>HOST/PATH@DIGEST</c> or <c>:TAG</c>) as the registry keeps it,
    /// or returns <see langword="null"/> when it does not exist.
    /// </summary>
    public RegistryManifest? Manifest(string reference)
    {
        var image = RegistryReference.Parse(reference);
        using var response = Send(image, () => Request(HttpMethod.Get, image, image.Reference));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Require(response, $"read {reference}");
        var content = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        return new RegistryManifest(content, response.Content.Headers.ContentType?.MediaType ?? string.Empty, ManifestIndex.Digest(content));
    }

    /// <summary>Reads a blob (an image config) of <paramref name="repository"/> (<c>HOST/PATH</c>) by its digest.</summary>
    public byte[] Blob(string repository, string digest)
    {
        var image = RegistryReference.Parse($"{repository}@{digest}");
        using var response = Send(image, () => Request(HttpMethod.Get, image, digest, "blobs"));
        Require(response, $"read the blob {repository}@{digest}");
        return response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
    }

    /// <summary>Writes a manifest (an index) under <paramref name="target"/> (<c>HOST/PATH:TAG</c>); one attempt. Returns the digest the registry kept.</summary>
    public string Put(string target, byte[] manifest, string mediaType)
    {
        var image = RegistryReference.Parse(target);
        using var response = Send(image, () =>
        {
            var request = Request(HttpMethod.Put, image, image.Reference);
            request.Content = new ByteArrayContent(manifest);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return request;
        });
        Require(response, $"write {target}");
        return response.Headers.TryGetValues("Docker-Content-Digest", out var kept) ? kept.First() : ManifestIndex.Digest(manifest);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Request(HttpMethod method, RegistryReference image, string reference, string kind = "manifests")
    {
        var request = new HttpRequestMessage(method, new Uri($"{image.Scheme(_tlsVerify)}://{image.Host}/v2/{image.Path}/{kind}/{reference}"));
        request.Headers.Accept.ParseAdd(string.Join(", ", ManifestTypes));
        if (_authorization.TryGetValue(image.Host, out var authorization))
        {
            request.Headers.Authorization = authorization;
        }

        return request;
    }

    /// <summary>Sends; on a 401 answers the challenge once (basic, or a bearer token from the realm) and sends again.</summary>
    private HttpResponseMessage Send(RegistryReference image, Func<HttpRequestMessage> request)
    {
        var response = Transport(image, request);
        if (response.StatusCode != HttpStatusCode.Unauthorized || response.Headers.WwwAuthenticate.FirstOrDefault() is not { } challenge)
        {
            return response;
        }

        response.Dispose();
        _authorization[image.Host] = Authorize(image, challenge);
        return Transport(image, request);
    }

    private HttpResponseMessage Transport(RegistryReference image, Func<HttpRequestMessage> request)
    {
        try
        {
            using var message = request();
            return _http.SendAsync(message).GetAwaiter().GetResult();
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            throw new CakeException(
                $"Could not reach the registry {image.Host}: {error.Message}. " +
                (_tlsVerify ? "A registry on plain HTTP needs TlsVerify = false (GITLAB_DOCKER_TLS_VERIFY=false)." : "Is it up and reachable from the job?"));
        }
    }

    private AuthenticationHeaderValue Authorize(RegistryReference image, AuthenticationHeaderValue challenge)
    {
        var basic = _login is null ? null
            : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_login.Username}:{_login.Password}"));
        if (string.Equals(challenge.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return basic is null ? throw Refused(image.Host, HttpStatusCode.Unauthorized, "log in") : new AuthenticationHeaderValue("Basic", basic);
        }

        var parameters = Challenge.Parse(challenge.Parameter ?? string.Empty);
        if (!parameters.TryGetValue("realm", out var realm))
        {
            throw new CakeException($"The registry {image.Host} asked for '{challenge.Scheme}' authentication without a realm: the add-in cannot answer it.");
        }

        var query = new List<string> { $"scope={Uri.EscapeDataString($"repository:{image.Path}:pull,push")}" };
        if (parameters.TryGetValue("service", out var service))
        {
            query.Insert(0, $"service={Uri.EscapeDataString(service)}");
        }

        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, $"{realm}{(realm.Contains('?') ? '&' : '?')}{string.Join('&', query)}");
        if (basic is not null)
        {
            tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        using var tokenResponse = _http.SendAsync(tokenRequest).GetAwaiter().GetResult();
        Require(tokenResponse, $"get a token for {image.Path} from {image.Host}");
        using var token = JsonDocument.Parse(tokenResponse.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        var value = token.RootElement.TryGetProperty("token", out var t) ? t.GetString()
            : token.RootElement.TryGetProperty("access_token", out var a) ? a.GetString() : null;
        return value is null
            ? throw new CakeException($"The registry {image.Host} answered the token request without a token.")
            : new AuthenticationHeaderValue("Bearer", value);
    }

    private void Require(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(response.RequestMessage?.RequestUri?.Authority ?? "registry", response.StatusCode, what);
        }
    }

    private CakeException Refused(string host, HttpStatusCode status, string what) => new(
        (int)status,
        $"The registry {host} refused to {what} (HTTP {(int)status} {status}). " + (status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => _login is null
                ? "No credentials were given: set CI_REGISTRY_USER and CI_REGISTRY_PASSWORD (or GitLabDockerBuildSettings.Username and Password)."
                : LoginHint.For(_login),
            HttpStatusCode.NotFound => "The image or its repository does not exist.",
            _ => "The registry failed; the write is retried (PushRetries).",
        }));
}

/// <summary>A manifest as the registry keeps it.</summary>
/// <param name="Content">The bytes.</param>
/// <param name="MediaType">The media type the registry gave.</param>
/// <param name="Digest">The sha256 digest of <paramref name="Content"/>.</param>
internal sealed record RegistryManifest(byte[] Content, string MediaType, string Digest);
