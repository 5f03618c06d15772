using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// How the registry client connects and what it retries: plain HTTP only where Docker tries it, a client certificate
/// from CertDirectory, a registry that leaves out an optional header, and the registry's own words on a refusal.
/// </summary>
public sealed class RegistryConnectionTests
{
    private const string Repository = "group/app";
    private readonly List<string> _log = [];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_registry_on_this_machine_on_plain_http_is_reached_after_https_fails(bool tlsVerify)
    {
        using var registry = new RegistryServer(mode: RegistryMode.PlainHttp);
        var digest = RegistryImages.Push(registry, Repository, "sha-0123abcd");
        using var client = new RegistryClient(new RegistryCredentials(registry.Address, registry.UserName, registry.Secret), tlsVerify, retries: 0);

        Assert.Equal(digest, client.Tag(digest, $"{registry.Address}/{Repository}:v1"));
        Assert.Equal(digest, registry.Digest(Repository, "v1"));
    }

    [Fact]
    public void A_registry_that_asks_for_a_client_certificate_gets_the_one_in_cert_directory()
    {
        using var registry = new RegistryServer(clientCertificates: true);
        var digest = RegistryImages.Push(registry, Repository, "sha-0123abcd");
        var login = new RegistryCredentials(registry.Address, registry.UserName, registry.Secret);
        var caOnly = TestCertificates.CertDirectory();
        try
        {
            using (var client = new RegistryClient(login, true, registry.CertDirectory, retries: 0))
            {
                Assert.Equal(digest, client.Digest($"{registry.Address}/{Repository}:sha-0123abcd"));
            }

            using var without = new RegistryClient(login, true, caOnly, retries: 0);
            var error = Assert.Throws<CakeException>(() => without.Digest($"{registry.Address}/{Repository}:sha-0123abcd"));
            // Under TLS 1.3 the registry refuses a connection without a client certificate after the handshake.
            Assert.Contains($"the registry {registry.Address}", error.Message);
        }
        finally
        {
            Directory.Delete(caOnly, recursive: true);
        }
    }

    [Fact]
    public void A_client_certificate_without_its_key_is_named()
    {
        var folder = TestCertificates.CertDirectory(clientCertificate: true);
        try
        {
            File.Delete(Path.Combine(folder, "client.key"));

            var error = Assert.Throws<CakeException>(() => new RegistryClient(null, true, folder));

            Assert.Contains("client certificate client.cert without its key client.key", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_digest_the_registry_does_not_send_as_a_header_is_the_hash_of_the_manifest()
    {
        using var registry = new RegistryServer();
        var digest = RegistryImages.Push(registry, Repository, "sha-0123abcd");
        using var front = new FaultProxy(registry).Without("Docker-Content-Digest");
        using var client = new RegistryClient(
            new RegistryCredentials(front.Address, registry.UserName, registry.Secret), false, registry.CertDirectory, retries: 0);

        Assert.Equal(digest, client.Digest($"{front.Address}/{Repository}:sha-0123abcd"));
        Assert.Null(client.Digest($"{front.Address}/{Repository}:missing"));
    }

    [Fact]
    public void A_server_error_is_retried_until_the_read_succeeds()
    {
        using var registry = new RegistryServer();
        var digest = RegistryImages.Push(registry, Repository, "sha-0123abcd");
        using var front = new FaultProxy(registry).Fail("^HEAD /v2/group/app/manifests/", 503, times: 2);
        using var client = new RegistryClient(
            new RegistryCredentials(front.Address, registry.UserName, registry.Secret), false, registry.CertDirectory, retries: 3, _log.Add, _ => { });

        Assert.Equal(digest, client.Digest($"{front.Address}/{Repository}:sha-0123abcd"));

        Assert.Equal(2, _log.Count);
        Assert.All(_log, line => Assert.Contains("retrying", line));
    }

    [Fact]
    public void A_manifest_the_registry_refuses_is_written_once_and_the_registry_says_why()
    {
        using var registry = new RegistryServer();
        using var client = new RegistryClient(
            new RegistryCredentials(registry.Address, registry.UserName, registry.Secret), true, registry.CertDirectory, retries: 3, _log.Add, _ => { });
        var manifest = System.Text.Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{ManifestIndex.OciManifest}\",\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\"," +
            $"\"digest\":\"sha256:{new string('1', 64)}\",\"size\":2}},\"layers\":[]}}");

        var error = Assert.Throws<CakeException>(() => client.Put($"{registry.Address}/{Repository}:v1", manifest, ManifestIndex.OciManifest));

        Assert.Equal(400, error.ExitCode);
        Assert.Contains("MANIFEST_BLOB_UNKNOWN", error.Message);
        Assert.Contains("a retry would not change it", error.Message);
        Assert.Empty(_log);
    }

    [Theory]
    [InlineData("docker.io/org/app:1", "registry-1.docker.io", "org/app")]
    [InlineData("docker.io/nginx:1", "registry-1.docker.io", "library/nginx")]
    [InlineData("index.docker.io/nginx:1", "registry-1.docker.io", "library/nginx")]
    [InlineData("nginx:1", "registry-1.docker.io", "library/nginx")]
    [InlineData("org/app:1", "registry-1.docker.io", "org/app")]
    [InlineData("registry.example.com:5050/group/app:1", "registry.example.com:5050", "group/app")]
    [InlineData("localhost/app:1", "localhost", "app")]
    public void Docker_hub_names_are_normalised_as_docker_does(string reference, string host, string path)
    {
        var parsed = RegistryReference.Parse(reference);

        Assert.Equal((host, path, "1"), (parsed.Host, parsed.Path, parsed.Reference));
    }
}
