namespace Cake.GitLabDocker.Tests;

/// <summary>The cause read from an engine's error output, and the one login hint that fits it.</summary>
public sealed class EngineErrorsTests
{
    private static readonly RegistryCredentials Login = new("registry.example.com", "gitlab-ci-token", "s3cr3t");

    [Theory]
    [InlineData("Error response from daemon: Get \"https://registry.example.com/v2/\": unauthorized: HTTP Basic: Access denied", "Unauthorized")]
    [InlineData("error: authenticating creds for \"r\": Requesting bearer token: invalid status code from registry 401 (Unauthorized)", "Unauthorized")]
    [InlineData("Error: pinging container registry 127.0.0.1:5000: Get \"https://127.0.0.1:5000/v2/\": http: server gave HTTP response to HTTPS client", "PlainHttp")]
    [InlineData("Get \"https://r/v2/\": tls: failed to verify certificate: x509: certificate signed by unknown authority", "Certificate")]
    [InlineData("Get \"https://r/v2/\": dial tcp 10.0.0.1:443: connect: connection refused", "Unreachable")]
    [InlineData("Get \"https://nowhere.example/v2/\": dial tcp: lookup nowhere.example: no such host", "Unreachable")]
    [InlineData("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?", "DockerDaemon")]
    [InlineData("could not read CA certificate \"/certs/client/ca.pem\": open /certs/client/ca.pem: no such file or directory", "DockerDaemon")]
    [InlineData("docker: 'buildx' is not a docker command.", "BuildxMissing")]
    [InlineData("ERROR: something else entirely", "Unknown")]
    public void Reads_the_cause(string error, string expected) => Assert.Equal(expected, EngineErrors.Kind(error).ToString());

    [Theory]
    [InlineData("unauthorized: authentication required", true, "the registry refused the user or its password")]
    [InlineData("http: server gave HTTP response to HTTPS client", true, "Set TlsVerify = false")]
    [InlineData("x509: certificate signed by unknown authority", true, "its TLS certificate is not trusted")]
    [InlineData("dial tcp 127.0.0.1:5000: connect: connection refused", false, "the registry is not reachable from the job")]
    [InlineData("Cannot connect to the Docker daemon at tcp://docker:2376", true, "The Docker daemon is not reachable")]
    public void A_failed_login_gets_the_one_hint_that_fits(string error, bool tlsVerify, string expected)
    {
        var hint = LoginHint.For(Login, tlsVerify, error);

        Assert.Contains(expected, hint);
        Assert.DoesNotContain("Usual causes", hint);
        Assert.DoesNotContain("s3cr3t", hint);
    }

    [Fact]
    public void Plain_http_with_tls_verify_already_off_does_not_suggest_turning_it_off()
    {
        Assert.Contains("Usual causes", LoginHint.For(Login, tlsVerify: false, "http: server gave HTTP response to HTTPS client"));
    }

    [Fact]
    public void An_unknown_failure_gets_the_usual_causes() =>
        Assert.Equal(LoginHint.For(Login), LoginHint.For(Login, true, "something odd"));

    [Theory]
    [InlineData("Cannot connect to the Docker daemon at unix:///var/run/docker.sock", "The Docker daemon is not reachable")]
    [InlineData("docker: 'buildx' is not a docker command.", "no buildx plugin")]
    [InlineData("ERROR: failed to initialize builder", "Check the Docker service")]
    public void A_failed_builder_setup_names_its_cause(string error, string expected) =>
        Assert.Contains(expected, BuildxCommands.CreateBuilder(ManagedBuilder.Default).HintFor(error));

    [Fact]
    public void A_local_build_without_a_docker_daemon_says_what_to_do_instead()
    {
        var local = Inputs.Plan(Variables.Local(), new GitLabDockerBuildSettings { Image = "app" }.WithAdditionalTag("dev"));
        var ci = Inputs.Plan(Variables.DefaultBranch());
        const string error = "ERROR: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

        Assert.Contains("GITLAB_DOCKER_ENGINE=buildah", BuildxCommands.Build(local, Inputs.Default(), null, null).HintFor(error));
        Assert.Contains("BUILDX_BUILDER", BuildxCommands.Build(local, Inputs.Default(), null, null).HintFor(error));
        Assert.Contains("docker:dind service", BuildxCommands.Build(ci, Inputs.Default(), "gitlab-docker", null).HintFor(error));
    }
}
