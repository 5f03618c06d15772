using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>The registry API client of the BuildKit engine against the real distribution registry (htpasswd), and behind a bearer-token front.</summary>
public sealed class RegistryClientTests : IDisposable
{
    private const string Repository = "group/app";
    private readonly RegistryServer _registry = new();

    private RegistryCredentials Login(string? password = null, string? registry = null) =>
        new(registry ?? _registry.Address, _registry.UserName, password ?? _registry.Secret);

    [Fact]
    public void The_digest_of_a_tag_is_the_registrys_and_a_missing_tag_or_repository_has_none()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var client = new RegistryClient(Login(), tlsVerify: false);

        Assert.Equal(digest, client.Digest($"{_registry.Address}/{Repository}:sha-0123abcd"));
        Assert.Null(client.Digest($"{_registry.Address}/{Repository}:missing"));
        Assert.Null(client.Digest($"{_registry.Address}/group/absent:latest"));
    }

    [Fact]
    public void A_new_tag_keeps_the_manifest_byte_for_byte()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var client = new RegistryClient(Login(), tlsVerify: false);

        Assert.Equal(digest, client.Tag(digest, $"{_registry.Address}/{Repository}:v1.2.3"));

        Assert.Equal(digest, _registry.Digest(Repository, "v1.2.3"));
        Assert.Equal(_registry.Manifest(Repository, "sha-0123abcd"), _registry.Manifest(Repository, "v1.2.3"));
    }

    [Fact]
    public void A_wrong_password_is_refused_with_the_login_hint_and_without_the_password()
    {
        RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var client = new RegistryClient(Login("wrong-s3cret"), tlsVerify: false);

        var error = Assert.Throws<CakeException>(() => client.Digest($"{_registry.Address}/{Repository}:sha-0123abcd"));

        Assert.Equal(401, error.ExitCode);
        Assert.Contains($"The registry {_registry.Address} refused to read", error.Message);
        Assert.Contains($"Could not log in to {_registry.Address} as '{_registry.UserName}'", error.Message);
        Assert.DoesNotContain("wrong-s3cret", error.Message);
    }

    [Fact]
    public void No_credentials_say_which_variables_to_set()
    {
        using var client = new RegistryClient(null, tlsVerify: false);

        var error = Assert.Throws<CakeException>(() => client.Digest($"{_registry.Address}/{Repository}:latest"));

        Assert.Contains("CI_REGISTRY_USER", error.Message);
    }

    [Fact]
    public void A_registry_that_is_down_is_named()
    {
        var down = $"127.0.0.1:{Grammar.FreePort()}";
        using var client = new RegistryClient(Login(registry: down), tlsVerify: false);

        var error = Assert.Throws<CakeException>(() => client.Digest($"{down}/{Repository}:latest"));

        Assert.StartsWith($"Could not reach the registry {down}", error.Message);
    }

    [Fact]
    public void A_registry_that_asks_for_a_bearer_token_gets_one_from_its_realm()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var front = new TokenRegistry(_registry);
        using var client = new RegistryClient(Login(registry: front.Address), tlsVerify: false);

        Assert.Equal(digest, client.Digest($"{front.Address}/{Repository}:sha-0123abcd"));
        Assert.Equal(digest, client.Tag(digest, $"{front.Address}/{Repository}:v1.2.3"));

        Assert.Equal(digest, _registry.Digest(Repository, "v1.2.3"));
        Assert.Equal(["container_registry repository:group/app:pull,push"], front.Scopes.Distinct());
    }

    [Fact]
    public void A_wrong_password_at_the_token_realm_is_refused_by_name()
    {
        using var front = new TokenRegistry(_registry);
        using var client = new RegistryClient(Login("wrong", front.Address), tlsVerify: false);

        var error = Assert.Throws<CakeException>(() => client.Digest($"{front.Address}/{Repository}:latest"));

        Assert.Contains("refused to get a token for group/app", error.Message);
    }

    public void Dispose() => _registry.Dispose();
}
