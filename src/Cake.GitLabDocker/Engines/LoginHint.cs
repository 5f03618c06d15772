namespace Cake.GitLabDocker;

/// <summary>
/// What to check when a registry login fails, chosen from what the engine printed. Names the registry and the user,
/// never the password.
/// </summary>
internal static class LoginHint
{
    /// <summary>The usual causes, when the engine's output does not tell them apart.</summary>
    public static string For(RegistryCredentials credentials) =>
        $"Could not log in to {credentials.Registry} as '{credentials.Username}'. Usual causes: the registry address is " +
        "wrong or unreachable from the job; CI_REGISTRY_PASSWORD is the job token, valid only while its job runs (a job " +
        "retried long after its pipeline cannot log in); a password kept in a protected CI/CD variable is empty on " +
        "unprotected branches and tags; a registry on plain HTTP needs TlsVerify = false (GITLAB_DOCKER_TLS_VERIFY=false).";

    /// <summary>The one hint that fits the engine's error output, else the usual causes.</summary>
    /// <param name="credentials">The login that failed.</param>
    /// <param name="tlsVerify">Whether TLS was verified (plain HTTP needs it off).</param>
    /// <param name="error">What the engine printed to standard error.</param>
    public static string For(RegistryCredentials credentials, bool tlsVerify, string error)
    {
        var who = $"Could not log in to {credentials.Registry} as '{credentials.Username}'";
        return EngineErrors.Kind(error) switch
        {
            EngineErrorKind.Unauthorized =>
                $"{who}: the registry refused the user or its password. CI_REGISTRY_PASSWORD is the job token, valid only while " +
                "its job runs (a job retried long after its pipeline cannot log in); a password kept in a protected CI/CD " +
                "variable is empty on unprotected branches and tags.",
            EngineErrorKind.PlainHttp when tlsVerify =>
                $"{who}: it answers on plain HTTP. Set TlsVerify = false (GITLAB_DOCKER_TLS_VERIFY=false) for such a registry.",
            EngineErrorKind.Certificate =>
                $"{who}: its TLS certificate is not trusted. Give its CA certificate: in the job image's CA bundle " +
                "(update-ca-certificates, or SSL_CERT_FILE), which every engine reads, or as ca.crt in GitLabDockerBuildSettings.CertDirectory " +
                "(Buildah, skopeo, the BuildKit engine's own daemon); TlsVerify = false only for a test registry.",
            EngineErrorKind.Unreachable =>
                $"{who}: the registry is not reachable from the job. Check the address (CI_REGISTRY, or " +
                "GitLabDockerBuildSettings.Registry) and the job's network or proxy.",
            EngineErrorKind.DockerDaemon => DockerDaemon,
            _ => For(credentials),
        };
    }

    /// <summary>What to do when the docker CLI cannot reach its daemon.</summary>
    public const string DockerDaemon =
        "The Docker daemon is not reachable. In a GitLab job the docker:dind service must run beside the job (services: " +
        "[docker:27-dind]) with DOCKER_HOST=tcp://docker:2376, and with DOCKER_TLS_VERIFY set the client certificates must " +
        "be in DOCKER_CERT_PATH (DOCKER_TLS_CERTDIR=/certs on the service). Without a Docker service use " +
        "GITLAB_DOCKER_ENGINE=buildah or buildkit, or a BuildKit daemon (BuilderEndpoint).";
}
