using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Which registry certificates the client accepts, and which client certificate it shows, from the settings the engines
/// read too: the job's trust store (which honours <c>SSL_CERT_FILE</c> and <c>SSL_CERT_DIR</c>), the CA certificates
/// (<c>*.crt</c>) of <see cref="GitLabDockerBuildSettings.CertDirectory"/> in containers' <c>certs.d</c> layout, and
/// its client certificate (<c>NAME.cert</c> with <c>NAME.key</c>). <c>TlsVerify = false</c> skips verification for the
/// registry's own connections only; the token realm and redirects are always verified.
/// </summary>
internal sealed class RegistryTrust
{
    private readonly X509Certificate2Collection _authorities = [];

    private RegistryTrust(bool tlsVerify, string? certDirectory)
    {
        TlsVerify = tlsVerify;
        CertDirectory = certDirectory;
    }

    /// <summary>Gets whether the registry's certificate is verified.</summary>
    public bool TlsVerify { get; }

    /// <summary>Gets the <c>certs.d</c>-style folder, or <see langword="null"/>.</summary>
    public string? CertDirectory { get; }

    /// <summary>Gets the client certificates to show the registry (from <see cref="CertDirectory"/>).</summary>
    public X509Certificate2Collection ClientCertificates { get; } = [];

    /// <summary>Reads the folder's CA and client certificates; a folder that is missing or unreadable is a <see cref="CakeException"/>.</summary>
    public static RegistryTrust For(bool tlsVerify, string? certDirectory)
    {
        var trust = new RegistryTrust(tlsVerify, certDirectory);
        if (certDirectory is null)
        {
            return trust;
        }

        if (!Directory.Exists(certDirectory))
        {
            throw new CakeException(
                $"GitLabDockerBuildSettings.CertDirectory '{certDirectory}' does not exist: give a folder with the registry's CA " +
                "certificate as ca.crt (and a client certificate as client.cert with client.key, when the registry asks for one).");
        }

        try
        {
            foreach (var file in Directory.EnumerateFiles(certDirectory, "*.crt").Order(StringComparer.Ordinal))
            {
                trust._authorities.ImportFromPemFile(file);
            }

            foreach (var certificate in Directory.EnumerateFiles(certDirectory, "*.cert").Order(StringComparer.Ordinal))
            {
                var key = Path.ChangeExtension(certificate, ".key");
                if (!File.Exists(key))
                {
                    throw new CakeException(
                        $"GitLabDockerBuildSettings.CertDirectory has the client certificate {Path.GetFileName(certificate)} without its key " +
                        $"{Path.GetFileName(key)}: put both in '{certDirectory}', or remove the certificate.");
                }

                trust.ClientCertificates.Add(X509Certificate2.CreateFromPemFile(certificate, key));
            }
        }
        catch (Exception error) when (error is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CakeException(
                $"Could not read the certificates in GitLabDockerBuildSettings.CertDirectory '{certDirectory}': {error.Message}. " +
                "It should hold PEM files: CA certificates as *.crt, a client certificate as NAME.cert with its key as NAME.key.");
        }

        return trust;
    }

    /// <summary>Accepts a certificate the job trusts, or one that chains to a CA of <see cref="CertDirectory"/>; with <paramref name="skip"/>, any.</summary>
    public bool Accepts(X509Certificate? certificate, SslPolicyErrors errors, bool skip)
    {
        if (skip || errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || _authorities.Count == 0 || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    /// <summary>What to do about a certificate the client did not trust, naming the settings that would help.</summary>
    public string UntrustedHint(string what) =>
        $"The certificate of {what} is not trusted. Give its CA certificate: as ca.crt in GitLabDockerBuildSettings.CertDirectory " +
        "(Buildah's --cert-dir layout), or in the job image's CA bundle (SSL_CERT_FILE or SSL_CERT_DIR, or update-ca-certificates), " +
        "which the engines read too. TlsVerify = false (GITLAB_DOCKER_TLS_VERIFY=false) skips verification for the registry's own host only; " +
        "use it for a test registry, never to get past a company CA." +
        (CertDirectory is null ? string.Empty : $" CertDirectory '{CertDirectory}' was read and its CA does not match.");
}
