using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The registry API client against the real distribution registry as GitLab runs it: HTTPS from the run's test CA and
/// bearer tokens whose scopes the registry enforces (<see cref="RegistryServer"/>, <see cref="TokenService"/>).
/// </summary>
public sealed class RegistryClientTests : IDisposable
{
    private const string Repository = "group/app";
    private readonly RegistryServer _registry = new();
    private readonly List<string> _log = [];

    private RegistryCredentials Login(string? password = null, string? registry = null) =>
        new(registry ?? _registry.Address, _registry.UserName, password ?? _registry.Secret);

    private RegistryClient Client(RegistryCredentials? login, bool tlsVerify = true, bool trusted = true, int retries = 0) =>
        new(login, tlsVerify, trusted ? _registry.CertDirectory : null, retries, _log.Add, _ => { });

    private string Ref(string tag, string repository = Repository) => $"{_registry.Address}/{repository}:{tag}";

    [Fact]
    public void The_digest_of_a_tag_is_the_registrys_and_a_missing_tag_or_repository_has_none()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var client = Client(Login());

        Assert.Equal(digest, client.Digest(Ref("sha-0123abcd")));
        Assert.Null(client.Digest(Ref("missing")));
        Assert.Null(client.Digest(Ref("latest", "group/absent")));
    }

    [Fact]
    public void A_new_tag_keeps_the_manifest_byte_for_byte()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var client = Client(Login());

        Assert.Equal(digest, client.Tag(digest, Ref("v1.2.3")));

        Assert.Equal(digest, _registry.Digest(Repository, "v1.2.3"));
        Assert.Equal(_registry.Manifest(Repository, "sha-0123abcd"), _registry.Manifest(Repository, "v1.2.3"));
    }

    [Fact]
    public void A_copy_points_the_target_at_the_sources_manifest_byte_for_byte_and_a_missing_source_writes_nothing()
    {
        var digest = RegistryImages.Push(_registry, Repository, "latest-buildcache-staging");
        using var client = Client(Login());

        Assert.Equal(digest, client.Copy(Ref("latest-buildcache-staging"), Ref("latest-buildcache")));
        Assert.Null(client.Copy(Ref("missing"), Ref("elsewhere")));

        Assert.Equal(_registry.Manifest(Repository, "latest-buildcache-staging"), _registry.Manifest(Repository, "latest-buildcache"));
        Assert.DoesNotContain("elsewhere", _registry.Tags(Repository));
    }

    [Fact]
    public void Reads_ask_the_realm_for_pull_and_writes_for_pull_and_push()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var client = Client(Login());

        client.Digest(Ref("sha-0123abcd"));
        client.Put(Ref("v1"), System.Text.Encoding.UTF8.GetBytes(_registry.Manifest(Repository, "sha-0123abcd")), ManifestIndex.OciManifest);

        // The client asks for the scope the registry's challenge names, whose actions come in no fixed order.
        var asked = _registry.Tokens!.Requests.Where(request => request.User == _registry.UserName)
            .Select(request => string.Join(' ', request.Scopes.Select(SortedActions)));
        Assert.Equal(["repository:group/app:pull", "repository:group/app:pull,push"], asked);
        Assert.Equal(digest, _registry.Digest(Repository, "v1"));
    }

    [Fact]
    public void A_repository_the_job_will_write_gets_one_token_with_push_at_its_first_read()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var client = Client(Login());
        client.WillWrite(Ref("latest"));

        Assert.Equal(digest, client.Digest(Ref("sha-0123abcd")));
        Assert.Equal(digest, client.Tag(digest, Ref("latest")));

        var asked = _registry.Tokens!.Requests.Where(request => request.User == _registry.UserName)
            .Select(request => string.Join(' ', request.Scopes.Select(SortedActions)));
        Assert.Equal(["repository:group/app:pull,push"], asked);
        Assert.Equal(digest, _registry.Digest(Repository, "latest"));
    }

    [Fact]
    public void A_repository_the_job_will_write_but_may_only_read_is_still_read_and_the_write_refused()
    {
        var digest = RegistryImages.Push(_registry, "base/busybox", "1");
        using var client = Client(Login());
        client.WillWrite(Ref("mine", "base/busybox"));

        Assert.Equal(digest, client.Digest(Ref("1", "base/busybox")));
        var error = Assert.Throws<CakeException>(() => client.Tag(digest, Ref("mine", "base/busybox")));

        Assert.Contains("does not let it push to base/busybox", error.Message);
        Assert.Equal(["repository:base/busybox:pull"], _registry.Tokens!.Requests.Where(request => request.User == _registry.UserName)
            .SelectMany(request => request.Granted).Distinct());
        Assert.Equal(["1"], _registry.Tags("base/busybox"));
    }

    [Fact]
    public void A_repository_the_job_may_only_read_is_read_and_a_write_there_is_refused_once_with_the_scope_named()
    {
        var digest = RegistryImages.Push(_registry, "base/busybox", "1");
        using var client = Client(Login(), retries: 3);

        Assert.Equal(digest, client.Digest(Ref("1", "base/busybox")));
        var error = Assert.Throws<CakeException>(() => client.Tag(digest, Ref("mine", "base/busybox")));

        Assert.Equal(401, error.ExitCode);
        Assert.Contains($"The registry {_registry.Address} refused to write {Ref("mine", "base/busybox")} (HTTP 401 Unauthorized: UNAUTHORIZED", error.Message);
        Assert.Contains($"does not let it push to base/busybox", error.Message);
        Assert.Empty(_log);
        Assert.Equal(["1"], _registry.Tags("base/busybox"));
    }

    [Fact]
    public void A_wrong_password_is_refused_by_the_realm_with_the_login_hint_without_the_password_and_without_retries()
    {
        RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var client = Client(Login("wrong-s3cret"), retries: 3);

        var error = Assert.Throws<CakeException>(() => client.Digest(Ref("sha-0123abcd")));

        Assert.Equal(401, error.ExitCode);
        Assert.Contains($"The token realm {_registry.Tokens!.Realm} of {_registry.Address} refused a token for repository:group/app:pull (HTTP 401", error.Message);
        Assert.Contains("HTTP Basic: Access denied", error.Message);
        Assert.Contains($"Could not log in to {_registry.Address} as '{_registry.UserName}'", error.Message);
        Assert.DoesNotContain("wrong-s3cret", error.Message);
        Assert.Single(_registry.Tokens.Requests, request => request.User == _registry.UserName);
        Assert.Empty(_log);
    }

    [Fact]
    public void No_credentials_say_which_variables_to_set()
    {
        using var client = Client(null);

        var error = Assert.Throws<CakeException>(() => client.Digest(Ref("latest")));

        Assert.Contains("CI_REGISTRY_USER", error.Message);
    }

    [Fact]
    public void A_registry_that_is_down_is_named_and_retried()
    {
        var down = $"127.0.0.1:{Grammar.FreePort()}";
        using var client = Client(Login(registry: down), retries: 2);

        var error = Assert.Throws<CakeException>(() => client.Digest($"{down}/{Repository}:latest"));

        Assert.StartsWith($"Could not reach the registry {down}", error.Message);
        Assert.Contains("failed 3 times", error.Message);
        Assert.Equal(2, _log.Count);
    }

    [Fact]
    public void A_read_without_retries_shares_the_clients_token_and_connections()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var client = Client(Login(), retries: 2);

        using (var reader = client.WithoutRetries())
        {
            Assert.Equal(digest, reader.Digest(Ref("sha-0123abcd")));
        }

        // Disposing the reader left the client's connections open, and the client uses the token the reader was given.
        Assert.Equal(digest, client.Digest(Ref("sha-0123abcd")));
        Assert.Single(_registry.Tokens!.Requests, request => request.User == _registry.UserName);
    }

    [Fact]
    public void A_read_without_retries_fails_at_once_and_says_nothing()
    {
        var down = $"127.0.0.1:{Grammar.FreePort()}";
        using var client = Client(Login(registry: down), retries: 2);

        var error = Assert.Throws<CakeException>(() => client.WithoutRetries().Digest($"{down}/{Repository}:latest"));

        Assert.StartsWith($"Could not reach the registry {down}", error.Message);
        Assert.DoesNotContain("failed 3 times", error.Message);
        Assert.Empty(_log);
    }

    [Fact]
    public void An_expired_token_is_renewed_and_the_job_goes_on()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");

        // The registry allows 60 s of clock skew past exp: this token is good for about two seconds.
        _registry.Tokens!.Lifetime = TimeSpan.FromSeconds(-58);
        using var client = Client(Login());
        Assert.Equal(digest, client.Digest(Ref("sha-0123abcd")));
        var issued = DateTimeOffset.UtcNow;

        Assert.True(Wait.Until(() => DateTimeOffset.UtcNow - issued > TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30)));
        Assert.Equal(digest, client.Digest(Ref("sha-0123abcd")));

        Assert.Equal(2, _registry.Tokens.Requests.Count(request => request.User == _registry.UserName));
    }

    [Fact]
    public void An_untrusted_certificate_fails_at_once_naming_the_ca_settings_and_is_never_sent_over_plain_http()
    {
        using var client = Client(Login(), trusted: false, retries: 3);

        var error = Assert.Throws<CakeException>(() => client.Digest(Ref("latest")));

        Assert.Contains($"Could not make a TLS connection to the registry {_registry.Address}", error.Message);
        Assert.Contains("CertDirectory", error.Message);
        Assert.Contains("SSL_CERT_FILE", error.Message);
        Assert.Empty(_log);
        Assert.Empty(_registry.Tokens!.Requests);
    }

    [Fact]
    public void Tls_verify_off_leaves_a_realm_on_another_host_verified_so_it_gets_no_password()
    {
        // The realm is on 127.0.0.1; the same registry named by another host name.
        var registry = $"localhost:{_registry.Port}";
        using var client = Client(Login(registry: registry), tlsVerify: false, trusted: false);

        var error = Assert.Throws<CakeException>(() => client.Digest($"{registry}/{Repository}:latest"));

        Assert.Contains($"Could not make a TLS connection to the token realm {_registry.Tokens!.Realm} of {registry}", error.Message);
        Assert.Contains("is not trusted", error.Message);
        Assert.Empty(_registry.Tokens.Requests);
    }

    [Fact]
    public void Tls_verify_off_leaves_a_realm_on_the_registrys_own_host_unverified_as_the_engines_do()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        var registry = $"127.0.0.1:{_registry.Port}";
        using var client = Client(Login(registry: registry), tlsVerify: false, trusted: false);

        Assert.Equal(digest, client.Digest($"{registry}/{Repository}:sha-0123abcd"));
        Assert.NotEmpty(_registry.Tokens!.Requests);
    }

    [Fact]
    public void Tls_verify_off_with_the_realm_trusted_reads_and_writes()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var client = Client(Login(), tlsVerify: false);

        Assert.Equal(digest, client.Tag(digest, Ref("v1")));
    }

    [Fact]
    public void A_missing_cert_directory_is_named()
    {
        var error = Assert.Throws<CakeException>(() => new RegistryClient(Login(), true, "/nonexistent/certs.d"));

        Assert.Contains("GitLabDockerBuildSettings.CertDirectory '/nonexistent/certs.d' does not exist", error.Message);
    }

    private static string SortedActions(string scope) =>
        scope[..(scope.LastIndexOf(':') + 1)] + string.Join(',', scope[(scope.LastIndexOf(':') + 1)..].Split(',').Order(StringComparer.Ordinal));

    public void Dispose() => _registry.Dispose();
}
