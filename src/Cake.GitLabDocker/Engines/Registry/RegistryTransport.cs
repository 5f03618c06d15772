using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// The connections of <see cref="RegistryClient"/>. For each registry host it finds the scheme the way Docker does for an
/// insecure registry: HTTPS first, verified as <see cref="RegistryTrust"/> says; plain HTTP only when that fails and the
/// registry is on this machine or <c>TlsVerify = false</c>, and only when a registry answers there. Redirects away from
/// the registry and the token realm go through a second client that verifies and never carries the registry's
/// <c>Authorization</c> header; only a realm on the registry's own host is left unverified with <c>TlsVerify = false</c>, as
/// the engines leave it (Buildah's <c>--tls-verify=false</c> and Docker's insecure registries do not verify it either).
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly RegistryTrust _trust;
    private readonly HttpClient _registry;
    private readonly HttpClient _elsewhere;
    private readonly HttpClient _sameHost;
    private readonly ConcurrentDictionary<string, string> _schemes = new(StringComparer.OrdinalIgnoreCase);

    public RegistryTransport(RegistryTrust trust, TimeSpan timeout)
    {
        _trust = trust;
        var registry = new SocketsHttpHandler { AllowAutoRedirect = false };
        registry.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => trust.Accepts(certificate, errors, skip: !trust.TlsVerify);
        if (trust.ClientCertificates.Count > 0)
        {
            registry.SslOptions.ClientCertificates = trust.ClientCertificates;
        }

        var elsewhere = new SocketsHttpHandler { AllowAutoRedirect = true };
        elsewhere.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => trust.Accepts(certificate, errors, skip: false);
        var sameHost = new SocketsHttpHandler { AllowAutoRedirect = false };
        sameHost.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => trust.Accepts(certificate, errors, skip: !trust.TlsVerify);
        _registry = new HttpClient(registry) { Timeout = timeout };
        _elsewhere = new HttpClient(elsewhere) { Timeout = timeout };
        _sameHost = new HttpClient(sameHost) { Timeout = timeout };
    }

    /// <summary>Sends a request to the registry of <paramref name="image"/>, following redirects of reads; the request is made for the base address given.</summary>
    public HttpResponseMessage Send(RegistryReference image, Func<string, HttpRequestMessage> request)
    {
        var scheme = Scheme(image);
        using var message = request($"{scheme}://{image.Host}");
        var response = Transmit(_registry, message, $"the registry {image.Host}");
        var current = message.RequestUri!;
        for (var redirects = 0; IsRedirect(response) && (message.Method == HttpMethod.Get || message.Method == HttpMethod.Head); redirects++)
        {
            if (redirects == MaxRedirects || response.Headers.Location is not { } location)
            {
                return response;
            }

            var target = location.IsAbsoluteUri ? location : new Uri(current, location);
            response.Dispose();
            using var next = new HttpRequestMessage(message.Method, target);
            foreach (var accept in message.Headers.Accept)
            {
                next.Headers.Accept.Add(accept);
            }

            // The registry's token goes only back to the registry itself, never to the storage it redirects to.
            var sameRegistry = string.Equals(target.Authority, message.RequestUri!.Authority, StringComparison.OrdinalIgnoreCase)
                               && target.Scheme == message.RequestUri.Scheme;
            if (sameRegistry)
            {
                next.Headers.Authorization = message.Headers.Authorization;
            }

            response = Transmit(sameRegistry ? _registry : _elsewhere, next, $"{target.Authority} (a redirect of the registry {image.Host})");
            current = target;
        }

        return response;
    }

    /// <summary>
    /// Sends a request to the token realm of <paramref name="registryHost"/>: verified, with the CA of CertDirectory trusted
    /// too, unless <c>TlsVerify = false</c> and the realm is on the registry's own host.
    /// </summary>
    public HttpResponseMessage SendElsewhere(HttpRequestMessage request, string what, string registryHost) =>
        Transmit(!_trust.TlsVerify && OnHost(request.RequestUri!, registryHost) ? _sameHost : _elsewhere, request, what);

    /// <inheritdoc />
    public void Dispose()
    {
        _registry.Dispose();
        _elsewhere.Dispose();
        _sameHost.Dispose();
    }

    /// <summary>Whether <paramref name="uri"/> is on the host of the registry address <paramref name="registryHost"/> (any port).</summary>
    private static bool OnHost(Uri uri, string registryHost) =>
        Uri.TryCreate($"https://{registryHost}/", UriKind.Absolute, out var registry)
        && string.Equals(uri.IdnHost, registry.IdnHost, StringComparison.OrdinalIgnoreCase);

    private static bool IsRedirect(HttpResponseMessage response) => (int)response.StatusCode is >= 300 and < 400 && response.StatusCode != HttpStatusCode.NotModified;

    private string Scheme(RegistryReference image)
    {
        if (_schemes.TryGetValue(image.Host, out var known))
        {
            return known;
        }

        try
        {
            using var ping = new HttpRequestMessage(HttpMethod.Get, $"https://{image.Host}/v2/");
            using var _ = _registry.Send(ping);
            return _schemes[image.Host] = "https";
        }
        catch (Exception https) when (https is HttpRequestException or TaskCanceledException)
        {
            if ((!_trust.TlsVerify || image.IsLoopback) && AnswersOnPlainHttp(image.Host))
            {
                return _schemes[image.Host] = "http";
            }

            throw Unreachable($"the registry {image.Host}", https);
        }
    }

    /// <summary>Whether a registry answers <c>/v2/</c> on plain HTTP (<c>200</c>, or <c>401</c> with a challenge): a TLS server's "HTTP request to an HTTPS server" is not one.</summary>
    private bool AnswersOnPlainHttp(string host)
    {
        try
        {
            using var ping = new HttpRequestMessage(HttpMethod.Get, $"http://{host}/v2/");
            using var response = _registry.Send(ping);
            return response.StatusCode == HttpStatusCode.OK
                   || (response.StatusCode == HttpStatusCode.Unauthorized && response.Headers.WwwAuthenticate.Count > 0);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private HttpResponseMessage Transmit(HttpClient client, HttpRequestMessage request, string what)
    {
        try
        {
            return client.Send(request);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            throw Unreachable(what, error);
        }
    }

    /// <param name="what">What could not be reached, for example <c>the registry HOST</c>.</param>
    /// <param name="error">The failure.</param>
    private CakeException Unreachable(string what, Exception error)
    {
        if (error is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } secure)
        {
            var untrusted = secure.InnerException is AuthenticationException authentication
                            && authentication.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase);
            return RegistryFailure.Create(1,
                $"Could not make a TLS connection to {what}: {Innermost(error)}. " + (untrusted
                    ? _trust.UntrustedHint(what)
                    : "If it answers on plain HTTP, set TlsVerify = false (GITLAB_DOCKER_TLS_VERIFY=false) for it."),
                false);
        }

        return RegistryFailure.Create(1,
            $"Could not reach {what}: {(error is TaskCanceledException ? "no answer in time" : Innermost(error))}. Is it up, and reachable " +
            "from the job (the address in CI_REGISTRY or GitLabDockerBuildSettings.Registry, the job's network or proxy)?",
            true);
    }

    private static string Innermost(Exception error)
    {
        var message = error.Message;
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            message = inner.Message;
        }

        return message.TrimEnd('.');
    }
}
