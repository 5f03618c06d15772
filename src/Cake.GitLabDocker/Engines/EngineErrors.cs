namespace Cake.GitLabDocker;

/// <summary>The causes an engine's error output tells apart.</summary>
internal enum EngineErrorKind
{
    /// <summary>Nothing recognised.</summary>
    Unknown,

    /// <summary>The registry refused the credentials (401, 403, "unauthorized").</summary>
    Unauthorized,

    /// <summary>An HTTPS client met a registry on plain HTTP.</summary>
    PlainHttp,

    /// <summary>The registry's TLS certificate is not trusted.</summary>
    Certificate,

    /// <summary>The registry could not be reached (refused, no such host, timeout).</summary>
    Unreachable,

    /// <summary>The docker CLI could not reach its daemon, or its TLS files are missing.</summary>
    DockerDaemon,

    /// <summary>The docker CLI has no buildx plugin.</summary>
    BuildxMissing,
}

/// <summary>Reads the cause of a failure from what the engine printed. Pure.</summary>
internal static class EngineErrors
{
    /// <summary>Returns the first cause the output shows, most specific first.</summary>
    public static EngineErrorKind Kind(string error)
    {
        bool Has(string text) => error.Contains(text, StringComparison.OrdinalIgnoreCase);
        return Has("Cannot connect to the Docker daemon") || Has("could not read CA certificate") || Has("DOCKER_CERT_PATH")
               || Has("Is the docker daemon running") ? EngineErrorKind.DockerDaemon
            : Has("'buildx' is not a docker command") || Has("unknown command: docker buildx") || Has("unknown flag: --builder")
               ? EngineErrorKind.BuildxMissing
            : Has("server gave HTTP response to HTTPS client") ? EngineErrorKind.PlainHttp
            : Has("x509:") || Has("certificate signed by unknown authority") || Has("certificate is not trusted") ? EngineErrorKind.Certificate
            : Has("401 Unauthorized") || Has("unauthorized") || Has("403 Forbidden") || Has("incorrect username or password")
               || Has("invalid username/password") ? EngineErrorKind.Unauthorized
            : Has("connection refused") || Has("no such host") || Has("i/o timeout") || Has("network is unreachable")
               || Has("dial tcp") ? EngineErrorKind.Unreachable
            : EngineErrorKind.Unknown;
    }
}
