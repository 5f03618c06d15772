using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>Builders beyond one machine, at the argument level (no BuildKit daemon or cluster exists here).</summary>
public class ManagedBuilderTests
{
    private static BuildInputs InputsOf(GitLabDockerBuildSettings settings) =>
        BuildInputsResolver.Resolve(settings, Variables.DefaultBranch().Reader(), path => "/certs/" + path.FullPath.TrimStart('.', '/'));

    private static List<string> Run(GitLabDockerBuildSettings settings, RecordingProcess docker)
    {
        new BuildxEngine(docker).Build(Inputs.Plan(Variables.DefaultBranch(), settings), InputsOf(settings));
        return docker.Commands.Select(command => command.Arguments.Render()).ToList();
    }

    [Fact]
    public void A_remote_buildkit_endpoint_gets_a_remote_builder_with_its_certificates_and_no_docker_context()
    {
        var settings = new GitLabDockerBuildSettings
        {
            BuilderEndpoint = "tcp://buildkitd.ci.svc:1234",
            BuilderCaCertificate = "ca.pem",
            BuilderClientCertificate = "cert.pem",
            BuilderClientKey = "key.pem",
        };

        var lines = Run(settings, new RecordingProcess());

        Assert.Equal(
            [
                "buildx inspect \"gitlab-docker-remote\"",
                "buildx create --name \"gitlab-docker-remote\" --driver \"remote\" --driver-opt \"cacert=/certs/ca.pem\" " +
                "--driver-opt \"cert=/certs/cert.pem\" --driver-opt \"key=/certs/key.pem\" \"tcp://buildkitd.ci.svc:1234\"",
            ],
            lines[..2]);
        Assert.StartsWith("buildx build --builder \"gitlab-docker-remote\"", lines[2]);
    }

    [Fact]
    public void A_kubernetes_builder_is_created_with_its_driver_options_and_reused()
    {
        var settings = new GitLabDockerBuildSettings { BuilderDriver = "kubernetes", BuilderDriverOptions = { ["namespace"] = "ci", ["replicas"] = "2" } };

        var first = Run(settings, new RecordingProcess());
        var second = Run(settings, new RecordingProcess().Existing("buildx inspect:gitlab-docker-kubernetes"));

        Assert.Equal("buildx create --name \"gitlab-docker-kubernetes\" --driver \"kubernetes\" --driver-opt \"namespace=ci\" --driver-opt \"replicas=2\"", first[1]);
        Assert.Equal(2, second.Count);
        Assert.StartsWith("buildx build --builder \"gitlab-docker-kubernetes\"", second[1]);
    }

    [Fact]
    public void A_current_docker_builder_with_the_containerd_image_store_is_used_as_is()
    {
        var docker = new RecordingProcess();
        docker.Outputs["buildx inspect (current builder)"] = "Name:          default\nDriver:        docker\nLast Activity: 2026-11-27\n";
        docker.Outputs["info"] = "[[\"driver-type\",\"io.containerd.snapshotter.v1\"]]";

        var lines = Run(new GitLabDockerBuildSettings(), docker);

        Assert.Equal(["buildx inspect", "info --format \"{{json .DriverStatus}}\""], lines[..2]);
        Assert.StartsWith("buildx build --tag", lines[2]);
        Assert.Equal(3, lines.Count);
    }

    [Theory]
    [InlineData("Driver:        docker", "[[\"Backing Filesystem\",\"extfs\"]]")]
    [InlineData("Driver:        docker-container", "[[\"driver-type\",\"io.containerd.snapshotter.v1\"]]")]
    public void Any_other_current_builder_leads_to_the_managed_one(string driverLine, string storage)
    {
        var docker = new RecordingProcess();
        docker.Outputs["buildx inspect (current builder)"] = $"Name: default\n{driverLine}\n";
        docker.Outputs["info"] = storage;

        var lines = Run(new GitLabDockerBuildSettings(), docker);

        Assert.Contains("buildx create \"gitlab-docker\" --name \"gitlab-docker\" --driver \"docker-container\"", lines);
        Assert.StartsWith("buildx build --builder \"gitlab-docker\"", lines[^1]);
    }

    [Theory]
    [InlineData("http://buildkitd:1234", null, "BuilderEndpoint")]
    [InlineData(null, "docker", "BuilderDriver")]
    public void Unsupported_builder_settings_are_refused_by_name(string? endpoint, string? driver, string setting)
    {
        var error = Assert.Throws<CakeException>(() => InputsOf(new GitLabDockerBuildSettings { BuilderEndpoint = endpoint, BuilderDriver = driver }));

        Assert.Contains($"GitLabDockerBuildSettings.{setting}", error.Message);
    }
}
