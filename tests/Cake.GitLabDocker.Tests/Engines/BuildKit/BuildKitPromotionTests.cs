using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Promotion with the BuildKit engine goes through the registry API (the rootless image has no docker, skopeo or
/// crane): same digest under every release tag, faults retried, a missing source named. Real registry, HTTPS and token scopes.
/// </summary>
public sealed class BuildKitPromotionTests : IDisposable
{
    private const string Repository = "group/app";
    private static readonly BuildKitClient Client = new(BuildKitClient.DaemonlessScript, null, []);
    private readonly RegistryServer _registry = new();
    private readonly List<TimeSpan> _sleeps = [];

    private BuildKitEngine Engine(string registry)
    {
        var engine = new BuildKitEngine(new RecordingProcess(), Client, sleep: _sleeps.Add);
        engine.Login(new RegistryCredentials(registry, _registry.UserName, _registry.Secret), Inputs.Default());
        return engine;
    }

    private BuildInputs Trusted => Inputs.Default() with { CertDirectory = _registry.CertDirectory };

    /// <summary>The fault proxy speaks plain HTTP; the token realm behind it is still verified.</summary>
    private BuildInputs ThroughProxy => Trusted with { TlsVerify = false };

    [Fact]
    public void A_release_gets_the_commit_images_digest_under_every_tag_in_order()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        var engine = Engine(_registry.Address);
        var source = $"{_registry.Address}/{Repository}:sha-0123abcd";

        Assert.Equal(digest, engine.Inspect(source, Trusted));
        var promoted = engine.Promote(source, digest, [$"{_registry.Address}/{Repository}:v1.2.3", $"{_registry.Address}/{Repository}:latest"], Trusted);

        Assert.Equal(digest, promoted);
        Assert.All(["v1.2.3", "latest"], tag => Assert.Equal(digest, _registry.Digest(Repository, tag)));
    }

    [Fact]
    public void A_missing_commit_image_is_not_found()
    {
        Assert.Null(Engine(_registry.Address).Inspect($"{_registry.Address}/{Repository}:sha-missing0", Trusted));
    }

    [Fact]
    public void A_transient_server_error_is_retried_until_the_tag_lands()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var proxy = new FaultProxy(_registry).Fail("^PUT /v2/group/app/manifests/v1", 503, times: 2);

        Engine(proxy.Address).Promote($"{proxy.Address}/{Repository}:sha-0123abcd", digest, [$"{proxy.Address}/{Repository}:v1.2.3"], ThroughProxy);

        Assert.Equal(digest, _registry.Digest(Repository, "v1.2.3"));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _sleeps);
    }

    [Fact]
    public void A_refused_write_says_what_was_written_and_what_was_not()
    {
        var digest = RegistryImages.Push(_registry, Repository, "sha-0123abcd");
        using var proxy = new FaultProxy(_registry).Fail("^PUT /v2/group/app/manifests/latest", 403);

        var error = Assert.Throws<CakeException>(() => Engine(proxy.Address).Promote($"{proxy.Address}/{Repository}:sha-0123abcd", digest,
            [$"{proxy.Address}/{Repository}:v1.2.3", $"{proxy.Address}/{Repository}:latest"], ThroughProxy));

        Assert.Contains("HTTP 403", error.Message);
        Assert.Contains($"Written: {proxy.Address}/{Repository}:v1.2.3; not written: {proxy.Address}/{Repository}:latest.", error.Message);
        Assert.DoesNotContain(_registry.Secret, error.Message);
        Assert.Equal(["sha-0123abcd", "v1.2.3"], _registry.Tags(Repository));
    }

    public void Dispose() => _registry.Dispose();
}
