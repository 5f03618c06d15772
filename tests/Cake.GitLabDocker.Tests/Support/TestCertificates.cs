using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The test run's own certificate authorities, made once per run and never installed system-wide: one for TLS (the
/// registry's and the token service's server certificates, client certificates) and one whose certificate is the
/// registry's <c>rootcertbundle</c> (it signs the token service's signing certificate). A job trusts the TLS CA the ways
/// users do: <see cref="CaFile"/> as <c>SSL_CERT_FILE</c>, or a <c>certs.d</c>-style folder from <see cref="CertDirectory"/>.
/// </summary>
internal static class TestCertificates
{
    /// <summary>
    /// A folder that keeps the TLS CA across runs, for a long-lived daemon that must trust it (the real-engine suite starts
    /// <c>buildkitd</c> with <c>SSL_CERT_FILE=$GITLAB_DOCKER_TEST_CA/ca.crt</c>); unset, each run makes its own.
    /// </summary>
    public const string KeptCaVariable = "GITLAB_DOCKER_TEST_CA";

    /// <summary>The variable that names the GitLab-like registry's host (see <see cref="RegistryHost"/>).</summary>
    public const string RegistryHostVariable = "GITLAB_DOCKER_TEST_REGISTRY_HOST";

    /// <summary>Gets the host name of the GitLab-like test registries: <c>GITLAB_DOCKER_TEST_REGISTRY_HOST</c>, else 127.0.0.1.</summary>
    public static string RegistryHost =>
        Environment.GetEnvironmentVariable(RegistryHostVariable) is { Length: > 0 } host ? host.Trim() : "127.0.0.1";

    private static readonly Lazy<Authority> Tls = new(() => new Authority("Cake.GitLabDocker test CA", Environment.GetEnvironmentVariable(KeptCaVariable)));
    private static readonly Lazy<Authority> Tokens = new(() => new Authority("Cake.GitLabDocker test token CA"));
    private static readonly Lazy<string> Folder = new(() => RunFolder.Create("gitlab-docker-ca-"));
    private static readonly Lazy<X509Certificate2> Server = new(() => Tls.Value.Issue("127.0.0.1", server: true));
    private static readonly Lazy<X509Certificate2> TokenSigner = new(() => Tokens.Value.Issue("token signer", server: false, rsa: true));

    /// <summary>Gets the TLS CA certificate as a PEM file: what a job gives as <c>SSL_CERT_FILE</c>.</summary>
    public static string CaFile => Write("ca.crt", Tls.Value.Certificate.ExportCertificatePem());

    /// <summary>Gets the token CA certificate as a PEM file: the registry's <c>auth.token.rootcertbundle</c>.</summary>
    public static string TokenCaFile => Write("token-ca.crt", Tokens.Value.Certificate.ExportCertificatePem());

    /// <summary>Gets the server certificate for 127.0.0.1 and localhost, with its private key.</summary>
    public static X509Certificate2 ServerCertificate => Server.Value;

    /// <summary>Gets the certificate (RSA, with its private key) that signs the tokens; its CA is <see cref="TokenCaFile"/>.</summary>
    public static X509Certificate2 TokenSigningCertificate => TokenSigner.Value;

    /// <summary>Gets the server certificate and key as PEM files, for the distribution registry's <c>http.tls</c>.</summary>
    public static (string Certificate, string Key) ServerPemFiles =>
        (Write("server.crt", Server.Value.ExportCertificatePem()), Write("server.key", Server.Value.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()));

    /// <summary>
    /// Makes a new folder in containers' <c>certs.d</c> layout (<c>ca.crt</c>, and with <paramref name="clientCertificate"/>
    /// a client certificate as <c>client.cert</c> and <c>client.key</c>) and returns its path.
    /// </summary>
    public static string CertDirectory(bool clientCertificate = false)
    {
        var folder = Directory.CreateTempSubdirectory("gitlab-docker-certs-").FullName;
        File.Copy(CaFile, Path.Combine(folder, "ca.crt"));
        if (clientCertificate)
        {
            var client = Tls.Value.Issue("job client", server: false);
            File.WriteAllText(Path.Combine(folder, "client.cert"), client.ExportCertificatePem());
            File.WriteAllText(Path.Combine(folder, "client.key"), client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }

        return folder;
    }

    private static string Write(string name, string pem)
    {
        var path = Path.Combine(Folder.Value, name);
        lock (Folder)
        {
            if (!File.Exists(path))
            {
                File.WriteAllText(path, pem);
            }
        }

        return path;
    }

    private sealed class Authority
    {
        private readonly RSA _key = RSA.Create(2048);

        public Authority(string name, string? keptIn = null)
        {
            if (!string.IsNullOrEmpty(keptIn) && File.Exists(Path.Combine(keptIn, "ca.crt")) && File.Exists(Path.Combine(keptIn, "ca.key")))
            {
                _key.ImportFromPem(File.ReadAllText(Path.Combine(keptIn, "ca.key")));
                var kept = new X509Certificate2Collection();
                kept.ImportFromPemFile(Path.Combine(keptIn, "ca.crt"));
                Certificate = kept[0];
                return;
            }

            var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            if (!string.IsNullOrEmpty(keptIn))
            {
                Directory.CreateDirectory(keptIn);
                File.WriteAllText(Path.Combine(keptIn, "ca.key"), _key.ExportPkcs8PrivateKeyPem());
                File.WriteAllText(Path.Combine(keptIn, "ca.crt"), Certificate.ExportCertificatePem());
            }
        }

        public X509Certificate2 Certificate { get; }

        /// <summary>Issues a certificate: for a server on 127.0.0.1/localhost, or for a client (ECDSA P-256), or RSA for signing.</summary>
        public X509Certificate2 Issue(string name, bool server, bool rsa = false)
        {
            AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = key is RSA rsaKey
                ? new CertificateRequest($"CN={name}", rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest($"CN={name}", (ECDsa)key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            if (server)
            {
                var names = new SubjectAlternativeNameBuilder();
                names.AddIpAddress(IPAddress.Loopback);
                names.AddDnsName("localhost");
                if (RegistryHost != "127.0.0.1")
                {
                    names.AddDnsName(RegistryHost);
                }
                request.CertificateExtensions.Add(names.Build());
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            }
            else if (!rsa)
            {
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
            }

            var serial = RandomNumberGenerator.GetBytes(12);
            serial[0] &= 0x7f;
            using var issued = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(_key, RSASignaturePadding.Pkcs1),
                DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
            return key switch
            {
                RSA r => issued.CopyWithPrivateKey(r),
                _ => issued.CopyWithPrivateKey((ECDsa)key),
            };
        }
    }
}
