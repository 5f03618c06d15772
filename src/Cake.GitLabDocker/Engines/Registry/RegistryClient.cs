using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// A small client of the OCI distribution API, for what an image without docker, skopeo or crane still needs: the
/// digest of a tag, manifests and configs, and a new tag for a manifest that exists. HTTPS is verified as the settings
/// say (<see cref="RegistryTrust"/>; plain HTTP only where Docker would try it, <see cref="RegistryTransport"/>). It
/// answers the registry's basic or bearer-token challenge with the job's credentials, asking the realm for the scope the
/// registry names (<c>pull</c> to read, <c>pull,push</c> to write); the password goes only into the
/// <c>Authorization</c> header of the realm or the registry. What can succeed on a retry (a lost connection, <c>429</c>,
/// <c>5xx</c>) is retried; a refusal fails at once with the registry's own words. One client may be used from several
/// threads at once (the cache move runs beside the tag writes): what it keeps (schemes, tokens, manifests, labels) is kept
/// in concurrent dictionaries, and two threads that meet the same challenge at once each fetch a token.
/// </summary>
internal sealed class RegistryClient : IImageRegistry
{
    /// <summary>Every manifest kind a build or a promotion may meet, so the registry returns the manifest as it is.</summary>
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    private readonly RegistryTransport _transport;
    private readonly RegistryTokens _tokens;
    private readonly RetryPolicy _retry;
    private readonly ConcurrentDictionary<string, RegistryManifest> _byDigest;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _labels;
    private readonly bool _ownsTransport;

    /// <param name="login">The credentials for the registry, or <see langword="null"/> for anonymous access.</param>
    /// <param name="tlsVerify">Whether the registry's certificate is verified (the realm's always is).</param>
    /// <param name="certDirectory">A <c>certs.d</c>-style folder with the registry's CA (<c>*.crt</c>) and client certificate, or <see langword="null"/>.</param>
    /// <param name="retries">How many times a request that may succeed on a retry is sent again.</param>
    /// <param name="log">Where a retry is said.</param>
    /// <param name="sleep">Waits between retries (a test may skip the wait).</param>
    public RegistryClient(
        RegistryCredentials? login, bool tlsVerify, string? certDirectory = null, int retries = RetryPolicy.DefaultRetries,
        Action<string>? log = null, Action<TimeSpan>? sleep = null)
    {
        _transport = new RegistryTransport(RegistryTrust.For(tlsVerify, certDirectory), TimeSpan.FromMinutes(2));
        _tokens = new RegistryTokens(_transport, login);
        _retry = new RetryPolicy(retries, log ?? (_ => { }), sleep);
        _byDigest = new ConcurrentDictionary<string, RegistryManifest>(StringComparer.Ordinal);
        _labels = new ConcurrentDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        _ownsTransport = true;
    }

    private RegistryClient(RegistryClient shared)
    {
        (_transport, _tokens, _byDigest, _labels) = (shared._transport, shared._tokens, shared._byDigest, shared._labels);
        _retry = RetryPolicy.None;
        _ownsTransport = false;
    }

    /// <summary>
    /// This client's connections, tokens and what it read, without retries and retry lines: for a read whose failure is
    /// left to a later read. Disposing it leaves the connections open.
    /// </summary>
    public RegistryClient WithoutRetries() => new(this);

    /// <summary>
    /// Says that the job will write to the repository of <paramref name="reference"/> (<c>HOST/PATH[:TAG]</c>): the first
    /// token there is asked for <c>pull,push</c>, so that the writes after a read ahead need no second token.
    /// </summary>
    public void WillWrite(string reference) => _tokens.WillWrite(RegistryReference.Parse(reference));

    /// <summary>Returns the digest of <paramref name="reference"/> (<c>HOST/PATH:TAG</c>), or <see langword="null"/> when it does not exist.</summary>
    public string? Digest(string reference)
    {
        var image = RegistryReference.Parse(reference);
        var digest = Retried($"read {reference}", () =>
        {
            using var response = Send(image, HttpMethod.Head, image.Reference);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return (Found: false, Digest: (string?)null);
            }

            Require(response, image, $"read {reference}");
            return (Found: true, Digest: response.Headers.TryGetValues("Docker-Content-Digest", out var digests) ? digests.First() : null);
        });

        // The header is optional in the OCI spec: without it, the manifest itself says.
        return digest switch
        {
            { Found: false } => null,
            { Digest: { } value } => value,
            _ => Manifest(reference)?.Digest,
        };
    }

    /// <summary>Tags the manifest at <paramref name="digest"/> in <paramref name="target"/>'s repository as <paramref name="target"/>. Returns the digest the registry kept.</summary>
    public string Tag(string digest, string target)
    {
        var source = $"{RegistryReference.Parse(target).Repository}@{digest}";

        // A manifest by digest never changes: one read serves every tag of a release.
        var manifest = (_byDigest.TryGetValue(source, out var known) ? known : Manifest(source)) ?? throw new CakeException(
            (int)HttpStatusCode.NotFound, $"The registry has no {source} to tag as {target}: the image or its repository does not exist.");
        _byDigest[source] = manifest;
        return Put(target, manifest.Content, manifest.MediaType.Length > 0 ? manifest.MediaType : ManifestTypes[1]);
    }

    /// <inheritdoc />
    /// <remarks>One read of the source (its manifest and digest together) and one write.</remarks>
    public string? Copy(string source, string target) =>
        Manifest(source) is { } manifest
            ? Put(target, manifest.Content, ManifestIndex.MediaTypeOf(manifest) is { Length: > 0 } type ? type : ManifestTypes[1])
            : null;

    /// <summary>
    /// Reads the manifest at <paramref name="reference"/> (<c>HOST/PATH@DIGEST</c> or <c>:TAG</c>) as the registry keeps it,
    /// or returns <see langword="null"/> when it does not exist.
    /// </summary>
    public RegistryManifest? Manifest(string reference)
    {
        var image = RegistryReference.Parse(reference);
        return Retried($"read {reference}", () =>
        {
            using var response = Send(image, HttpMethod.Get, image.Reference);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            Require(response, image, $"read {reference}");
            var content = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            return new RegistryManifest(content, response.Content.Headers.ContentType?.MediaType ?? string.Empty, ManifestIndex.Digest(content));
        });
    }

    /// <summary>Returns the tags of <paramref name="repository"/> (<c>HOST/PATH</c>), page by page; empty when it does not exist.</summary>
    public IReadOnlyList<string> TagList(string repository)
    {
        var image = RegistryReference.Parse(repository + ":list");
        var tags = new List<string>();
        while (true)
        {
            var query = "list?n=1000" + (tags.Count == 0 ? string.Empty : "&last=" + Uri.EscapeDataString(tags[^1]));
            var (page, more) = Retried($"list the tags of {repository}", () =>
            {
                using var response = Send(image, HttpMethod.Get, query, "tags");
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return (Tags: new List<string>(), More: false);
                }

                Require(response, image, $"list the tags of {repository}");
                using var document = System.Text.Json.JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
                var names = document.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array
                    ? list.EnumerateArray().Select(tag => tag.GetString()).OfType<string>().ToList()
                    : [];
                return (Tags: names, More: response.Headers.Contains("Link") && names.Count > 0);
            });
            tags.AddRange(page);
            if (!more)
            {
                return tags;
            }
        }
    }

    /// <summary>Reads a blob (an image config) of <paramref name="repository"/> (<c>HOST/PATH</c>) by its digest.</summary>
    public byte[] Blob(string repository, string digest)
    {
        var image = RegistryReference.Parse($"{repository}@{digest}");
        return Retried($"read the blob {repository}@{digest}", () =>
        {
            using var response = Send(image, HttpMethod.Get, digest, "blobs");
            Require(response, image, $"read the blob {repository}@{digest}");
            return response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        });
    }

    /// <summary>Writes a manifest (an index) under <paramref name="target"/> (<c>HOST/PATH:TAG</c>). Returns the digest the registry kept.</summary>
    public string Put(string target, byte[] manifest, string mediaType)
    {
        var image = RegistryReference.Parse(target);
        return Retried($"write {target}", () =>
        {
            using var response = Send(image, HttpMethod.Put, image.Reference, content: () =>
            {
                var content = new ByteArrayContent(manifest);
                content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                return content;
            });
            Require(response, image, $"write {target}");
            return response.Headers.TryGetValues("Docker-Content-Digest", out var kept) ? kept.First() : ManifestIndex.Digest(manifest);
        });
    }

    /// <inheritdoc />
    /// <remarks>An image by digest never changes: its labels are read once.</remarks>
    public IReadOnlyDictionary<string, string> Labels(string reference)
    {
        if (_labels.TryGetValue(reference, out var known))
        {
            return known;
        }

        var labels = ImageLabels.Read(this, reference);
        if (reference.Contains('@', StringComparison.Ordinal))
        {
            _labels[reference] = labels;
        }

        return labels;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsTransport)
        {
            _transport.Dispose();
        }
    }

    private T Retried<T>(string what, Func<T> attempt)
    {
        T result = default!;
        _retry.Run(what, () => result = attempt(), RegistryFailure.IsTransient);
        return result;
    }

    /// <summary>Sends; on a 401 answers the challenge (basic, or a bearer token from the realm) and sends once more.</summary>
    private HttpResponseMessage Send(
        RegistryReference image, HttpMethod method, string reference, string kind = "manifests", Func<HttpContent>? content = null)
    {
        HttpResponseMessage Once() => _transport.Send(image, baseAddress =>
        {
            var request = new HttpRequestMessage(method, new Uri($"{baseAddress}/v2/{image.Path}/{kind}/{reference}"));
            request.Headers.Accept.ParseAdd(string.Join(", ", ManifestTypes));
            request.Headers.Authorization = _tokens.For(image);
            request.Content = content?.Invoke();
            return request;
        });

        var response = Once();
        if (response.StatusCode != HttpStatusCode.Unauthorized || response.Headers.WwwAuthenticate.FirstOrDefault() is not { } challenge)
        {
            return response;
        }

        response.Dispose();
        _tokens.Answer(image, challenge, method == HttpMethod.Get || method == HttpMethod.Head ? "pull" : "pull,push");
        return Once();
    }

    private void Require(HttpResponseMessage response, RegistryReference image, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = response.StatusCode;
        var words = RegistryFailure.Words(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        var said = words is null ? string.Empty : $": {words}";
        throw RegistryFailure.Create((int)status,
            $"The registry {image.Host} refused to {what} (HTTP {(int)status} {status}{said}). " + (status switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => _tokens.RefusalHint(image, status, write: what.StartsWith("write", StringComparison.Ordinal)),
                HttpStatusCode.NotFound => "The image or its repository does not exist.",
                _ when RegistryFailure.IsTransient(status) => "The registry failed; a retry may succeed.",
                _ => "The registry refused the request itself: a retry would not change it.",
            }),
            RegistryFailure.IsTransient(status));
    }
}

/// <summary>A manifest as the registry keeps it.</summary>
/// <param name="Content">The bytes.</param>
/// <param name="MediaType">The media type the registry gave.</param>
/// <param name="Digest">The sha256 digest of <paramref name="Content"/>.</param>
internal sealed record RegistryManifest(byte[] Content, string MediaType, string Digest);
