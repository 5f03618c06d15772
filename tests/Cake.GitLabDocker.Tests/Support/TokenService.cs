using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cake.GitLabDocker.Tests;

/// <summary>What one user may do: <c>pull,push</c> or <c>pull</c> on a repository and every repository below it.</summary>
/// <param name="Repository">The repository path, for example <c>group</c> for <c>group/app</c> and <c>group/app/cache</c>; <c>*</c> for all.</param>
/// <param name="Actions">The actions granted there.</param>
internal sealed record TokenGrant(string Repository, params string[] Actions)
{
    public bool Covers(string name) => Repository == "*" || name == Repository || name.StartsWith(Repository + "/", StringComparison.Ordinal);
}

/// <summary>A token asked for at the realm: by whom, for which scopes, and what it granted.</summary>
internal sealed record TokenRequest(string? User, IReadOnlyList<string> Scopes, IReadOnlyList<string> Granted);

/// <summary>
/// The realm of a registry in token mode, as GitLab's <c>/jwt/auth</c> is: checks the user and password by basic
/// authentication (a wrong one gets <c>401</c>) and issues an RS256 JWT that the distribution registry verifies itself
/// (the signing certificate in the <c>x5c</c> header, its CA in the registry's <c>rootcertbundle</c>), with <c>iss</c>,
/// <c>aud</c>, <c>sub</c>, <c>exp</c>, <c>nbf</c>, <c>iat</c>, <c>jti</c> and <c>access</c>. It grants only what the
/// user's <see cref="TokenGrant"/>s cover, as GitLab grants a job <c>pull,push</c> on its project and <c>pull</c> on
/// projects it may read: anything else is left out of the token, and the registry refuses it. Served over HTTPS.
/// </summary>
internal sealed class TokenService : IDisposable
{
    public const string Issuer = "gitlab-docker-tests";
    public const string Service = "container_registry";

    private readonly WebApplication _app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Password, TokenGrant[] Grants)> _users = new(StringComparer.Ordinal);
    private readonly List<TokenRequest> _requests = [];
    private readonly string _x5c = Convert.ToBase64String(TestCertificates.TokenSigningCertificate.RawData);

    public TokenService()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
            options.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(TestCertificates.ServerCertificate)));
        _app = builder.Build();
        _app.Run(HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        Realm = $"https://127.0.0.1:{new Uri(_app.Urls.Single()).Port}/jwt/auth";
    }

    /// <summary>Gets the realm's URL.</summary>
    public string Realm { get; }

    /// <summary>Gets or sets how long a token is valid; the registry allows 60 s more for clock skew.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets every token request so far, in order.</summary>
    public IReadOnlyList<TokenRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Adds a user with what it may do.</summary>
    public void AddUser(string user, string password, params TokenGrant[] grants) => _users[user] = (password, grants);

    /// <summary>Issues a token with every action on exactly these scopes, for the tests' own look at the registry.</summary>
    public string AdminToken(IEnumerable<string> scopes) =>
        Sign("tests-admin", scopes.Select(Scope.Parse).OfType<Scope>().Select(scope => scope with { Actions = ["*", "pull", "push", "delete"] }));

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/jwt/auth")
        {
            context.Response.StatusCode = 404;
            return;
        }

        var user = Authenticate(context.Request.Headers.Authorization.ToString());
        var scopes = context.Request.Query["scope"].SelectMany(value => (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (user is { Known: false } || context.Request.Query["service"] != Service)
        {
            Record(new TokenRequest(user?.Name, scopes, []));
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"HTTP Basic: Access denied\"}]}");
            return;
        }

        var granted = scopes.Select(Scope.Parse).OfType<Scope>()
            .Select(scope => scope with { Actions = Allowed(user?.Name, scope) })
            .Where(scope => scope.Actions.Length > 0)
            .ToList();
        Record(new TokenRequest(user?.Name, scopes, granted.Select(scope => scope.ToString()).ToList()));
        var token = Sign(user?.Name ?? string.Empty, granted);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { token, expires_in = (int)Lifetime.TotalSeconds }));
    }

    private (string Name, bool Known)? Authenticate(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return null;
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        var (name, password) = (pair[..colon], pair[(colon + 1)..]);
        return (name, _users.TryGetValue(name, out var known) && known.Password == password);
    }

    private string[] Allowed(string? user, Scope scope)
    {
        if (user is null || scope.Type != "repository" || !_users.TryGetValue(user, out var known))
        {
            return [];
        }

        var allowed = known.Grants.Where(grant => grant.Covers(scope.Name)).SelectMany(grant => grant.Actions).ToHashSet();
        // In one order, whatever order the client asked in, so the tests compare grants as sets.
        return scope.Actions.Where(allowed.Contains).Order(StringComparer.Ordinal).ToArray();
    }

    private void Record(TokenRequest request)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }
    }

    private string Sign(string subject, IEnumerable<Scope> access)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = JsonSerializer.SerializeToUtf8Bytes(new { typ = "JWT", alg = "RS256", x5c = new[] { _x5c } });
        var claims = JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = Issuer,
            sub = subject,
            aud = Service,
            exp = now + (long)Lifetime.TotalSeconds,
            nbf = now - 1,
            iat = now,
            jti = Guid.NewGuid().ToString("n"),
            access = access.Select(scope => new { type = scope.Type, name = scope.Name, actions = scope.Actions }).ToArray(),
        });
        var signed = $"{Base64Url(header)}.{Base64Url(claims)}";
        using var key = TestCertificates.TokenSigningCertificate.GetRSAPrivateKey()!;
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>One scope: <c>TYPE:NAME:ACTIONS</c>, for example <c>repository:group/app:pull,push</c>.</summary>
    private sealed record Scope(string Type, string Name, string[] Actions)
    {
        public static Scope? Parse(string value)
        {
            var first = value.IndexOf(':', StringComparison.Ordinal);
            var last = value.LastIndexOf(':');
            return first <= 0 || last <= first ? null
                : new Scope(value[..first], value[(first + 1)..last], value[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries));
        }

        public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";
    }
}
