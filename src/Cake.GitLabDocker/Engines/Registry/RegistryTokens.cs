using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Answers a registry's challenge with the job's credentials: basic authentication, or a bearer token from the realm the
/// challenge names (GitLab's <c>/jwt/auth</c>) for the scope the challenge names, else <c>repository:PATH:ACTIONS</c>.
/// Tokens are kept per repository; a <c>401</c> with a kept token (it expired, or lacks a scope) asks for a new one. For
/// a repository the job will write (<see cref="WillWrite"/>) the first token is asked with <c>push</c> too, as
/// <c>docker push</c> asks, so the writes after a read need no second token.
/// </summary>
internal sealed class RegistryTokens(RegistryTransport transport, RegistryCredentials? login)
{
    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _authorization = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _realms = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _writes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Says that the job will write to the image's repository: a token asked there for a read asks for <c>pull,push</c>.
    /// A realm grants only what the user may do, so a user who may only read still reads; its write is refused as before.
    /// </summary>
    public void WillWrite(RegistryReference image) => _writes[image.Repository] = true;

    /// <summary>Returns the authorization kept for the image's repository (or host, for basic), or <see langword="null"/>.</summary>
    public AuthenticationHeaderValue? For(RegistryReference image) =>
        _authorization.GetValueOrDefault(image.Repository) ?? _authorization.GetValueOrDefault(image.Host);

    /// <summary>Answers <paramref name="challenge"/> for <paramref name="image"/>; <paramref name="actions"/> is the scope's actions when the challenge names none.</summary>
    public void Answer(RegistryReference image, AuthenticationHeaderValue challenge, string actions)
    {
        var basic = login is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{login.Password}"));
        if (string.Equals(challenge.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (basic is null)
            {
                throw RegistryFailure.Create(401, $"The registry {image.Host} asks for a login. {NoCredentials}", false);
            }

            _authorization[image.Host] = new AuthenticationHeaderValue("Basic", basic);
            return;
        }

        var parameters = Challenge.Parse(challenge.Parameter ?? string.Empty);
        if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri)
            || realmUri.Scheme is not ("https" or "http"))
        {
            throw RegistryFailure.Create(1,
                $"The registry {image.Host} asked for '{challenge.Scheme}' authentication without a realm the add-in can use: it cannot answer it.",
                false);
        }

        var scope = parameters.GetValueOrDefault("scope") ?? $"repository:{image.Path}:{actions}";
        if (_writes.ContainsKey(image.Repository))
        {
            scope = WithPush(scope, image.Path);
        }

        var query = new List<string>();
        if (parameters.TryGetValue("service", out var service))
        {
            query.Add($"service={Uri.EscapeDataString(service)}");
        }

        query.AddRange(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part => $"scope={Uri.EscapeDataString(part)}"));
        var realmName = realmUri.GetLeftPart(UriPartial.Path);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{realm}{(realm.Contains('?') ? '&' : '?')}{string.Join('&', query)}");
        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        using var response = transport.SendElsewhere(request, $"the token realm {realmName} of {image.Host}", image.Host);
        if (!response.IsSuccessStatusCode)
        {
            var status = response.StatusCode;
            var words = RegistryFailure.Words(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            throw RegistryFailure.Create((int)status,
                $"The token realm {realmName} of {image.Host} refused a token for {scope} (HTTP {(int)status} {status}" +
                $"{(words is null ? string.Empty : ": " + words)}). " + (status switch
                {
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => login is null ? NoCredentials : LoginHint.For(login),
                    _ when RegistryFailure.IsTransient(status) => "The realm failed; a retry may succeed.",
                    _ => "The realm refused the request itself: a retry would not change it.",
                }),
                RegistryFailure.IsTransient(status));
        }

        _authorization[image.Repository] = new AuthenticationHeaderValue("Bearer", Token(response, realmName, image.Host));
        _realms[image.Repository] = realmName;
    }

    /// <summary>What a <c>401</c> or <c>403</c> from the registry itself means, after the challenge was answered.</summary>
    public string RefusalHint(RegistryReference image, HttpStatusCode status, bool write)
    {
        if (login is null)
        {
            return NoCredentials;
        }

        if (!_realms.TryGetValue(image.Repository, out var realm))
        {
            return LoginHint.For(login);
        }

        var action = write ? "push to" : "pull from";
        return $"The token from {realm} for '{login.Username}' does not let it {action} {image.Path}. A job's CI_REGISTRY_PASSWORD " +
               "(the job token) may push only to its own project's repositories and pull from projects the job may read" +
               (status == HttpStatusCode.Forbidden
                   ? "; a protected container tag (GitLab's tag protection rules) refuses writes by role with 403 too."
                   : ": check the image path (CI_REGISTRY_IMAGE or GitLabDockerBuildSettings.Image) and the user's role in that project.");
    }

    /// <summary>The scope with <c>push</c> added to the actions on <paramref name="path"/>'s repository.</summary>
    private static string WithPush(string scope, string path)
    {
        var prefix = $"repository:{path}:";
        return string.Join(' ', scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part =>
            part.StartsWith(prefix, StringComparison.Ordinal) && !part[prefix.Length..].Split(',').Contains("push") ? part + ",push" : part));
    }

    private const string NoCredentials =
        "No credentials were given: set CI_REGISTRY_USER and CI_REGISTRY_PASSWORD (or GitLabDockerBuildSettings.Username and Password).";

    private static string Token(HttpResponseMessage response, string realm, string host)
    {
        try
        {
            using var json = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            var token = json.RootElement.ValueKind != JsonValueKind.Object ? null
                : json.RootElement.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                : json.RootElement.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()
                : null;
            return string.IsNullOrEmpty(token)
                ? throw RegistryFailure.Create(1, $"The token realm {realm} of {host} answered without a token: is it the registry's realm?", false)
                : token;
        }
        catch (JsonException)
        {
            throw RegistryFailure.Create(1,
                $"The token realm {realm} of {host} answered with something that is not JSON: is it the registry's realm, or a proxy's page?",
                false);
        }
    }
}
