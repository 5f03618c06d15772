namespace Cake.GitLabDocker;

/// <summary>What to check when a registry login fails. Names the registry and the user, never the password.</summary>
internal static class LoginHint
{
    public static string For(RegistryCredentials credentials) =>
        $"Could not log in to {credentials.Registry} as '{credentials.Username}'. Usual causes: the registry address is " +
        "wrong or unreachable from the job; CI_REGISTRY_PASSWORD is the job token, valid only while its job runs (a job " +
        "retried long after its pipeline cannot log in); a password kept in a protected CI/CD variable is empty on " +
        "unprotected branches and tags; a registry on plain HTTP needs TlsVerify = false (GITLAB_DOCKER_TLS_VERIFY=false).";
}
