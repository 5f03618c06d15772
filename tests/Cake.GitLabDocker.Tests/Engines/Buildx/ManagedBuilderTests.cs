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
        Assert.StartsWith("buildx build ", lines[2]);
        Assert.DoesNotContain("--builder", lines[2]);
        Assert.Contains("push-by-digest=true", lines[2]);
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

    private static readonly ManagedBuilder Remote = new("gitlab-docker-remote", "remote", "tcp://buildkitd:1234",
        [new("cacert", "/certs/ca.pem"), new("cert", "/certs/cert.pem")]);

    /// <summary>What <c>docker buildx inspect NAME</c> prints (buildx's tabwriter output, options as Go's %q).</summary>
    private static string Inspect(string endpoint, string? options) =>
        "Name:          gitlab-docker-remote\nDriver:        remote\nLast Activity: 2026-12-03 20:00:00 +0000 UTC\n\nNodes:\n" +
        $"Name:             gitlab-docker-remote0\nEndpoint:         {endpoint}\n" +
        (options is null ? string.Empty : $"Driver Options:   {options}\n") +
        "Status:           running\nBuildKit version: v0.17.0\nPlatforms:        linux/amd64\n";

    [Theory]
    [InlineData("tcp://buildkitd:1234", "cert=\"/certs/cert.pem\" cacert=\"/certs/ca.pem\"", null)]
    [InlineData("tcp://other-daemon:1234", "cacert=\"/certs/ca.pem\" cert=\"/certs/cert.pem\"", "the endpoint tcp://other-daemon:1234, not tcp://buildkitd:1234")]
    [InlineData("tcp://buildkitd:1234", "cacert=\"/other/ca.pem\" cert=\"/certs/cert.pem\"", "the driver options cacert=/other/ca.pem cert=/certs/cert.pem, not cacert=/certs/ca.pem cert=/certs/cert.pem")]
    [InlineData("tcp://buildkitd:1234", null, "the driver options (none), not cacert=/certs/ca.pem cert=/certs/cert.pem")]
    public void What_the_builder_was_made_with_is_compared_with_the_settings(string endpoint, string? options, string? difference)
    {
        Assert.Equal(difference, Remote.Difference(Inspect(endpoint, options)));
    }

    [Fact]
    public void An_inspect_that_lists_no_node_is_no_difference()
    {
        Assert.Null(Remote.Difference("Name: gitlab-docker-remote\nDriver: remote\nError: failed to load"));
    }

    [Fact]
    public void A_managed_builder_made_for_another_endpoint_is_made_again()
    {
        var settings = new GitLabDockerBuildSettings { BuilderEndpoint = "tcp://buildkitd.ci.svc:1234" };
        var log = new RecordingLog();
        var docker = new RecordingProcess();
        docker.Outputs["buildx inspect"] = Inspect("tcp://other-project-daemon:1234", null);

        new BuildxEngine(docker, new JobLog(log, onGitLab: false)).Build(Inputs.Plan(Variables.DefaultBranch(), settings), InputsOf(settings));

        Assert.Equal(["buildx inspect", "buildx rm", "buildx create", "buildx build"], docker.Commands.Select(command => command.Step));
        Assert.EndsWith("\"tcp://buildkitd.ci.svc:1234\"", docker.Commands[2].Arguments.Render());
        Assert.Contains(log.Lines, line => line.Contains("was made with the endpoint tcp://other-project-daemon:1234, not tcp://buildkitd.ci.svc:1234"));
    }

    [Fact]
    public void A_managed_builder_made_with_the_same_settings_is_reused()
    {
        var settings = new GitLabDockerBuildSettings { BuilderEndpoint = "tcp://buildkitd.ci.svc:1234" };
        var docker = new RecordingProcess();
        docker.Outputs["buildx inspect"] = Inspect("tcp://buildkitd.ci.svc:1234", null);

        new BuildxEngine(docker).Build(Inputs.Plan(Variables.DefaultBranch(), settings), InputsOf(settings));

        Assert.Equal(["buildx inspect", "buildx build"], docker.Commands.Select(command => command.Step));
    }
}
