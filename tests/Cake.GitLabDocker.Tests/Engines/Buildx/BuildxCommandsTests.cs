using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public class BuildxCommandsTests
{
    private const string Image = Variables.Image;

    [Fact]
    public void Default_branch_build_renders_the_seed_command_without_empty_flags()
    {
        var command = BuildxCommands.Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default(), "gitlab-docker", "/tmp/m.json");

        Assert.Equal(
            "buildx build --builder \"gitlab-docker\" " +
            "--label \"org.opencontainers.image.ref.name=main\" --label \"org.opencontainers.image.version=latest\" " +
            "--cache-from \"type=registry,ref=" + Image + ":latest-buildcache\" " +
            "--cache-to \"type=registry,ref=" + Image + ":latest-buildcache-staging,mode=max\" " +
            "--metadata-file \"/tmp/m.json\" " +
            "--output \"type=image,name=" + Image + ",push-by-digest=true,name-canonical=true,push=true\" \"/src/app\"",
            command.Arguments.Render());
    }

    [Fact]
    public void Tag_build_has_no_cache_to_at_all()
    {
        var command = BuildxCommands.Build(Inputs.Plan(Variables.Tag("v1.2.3")), Inputs.Default(), "gitlab-docker", "/tmp/m.json");

        Assert.Equal(
            "buildx build --builder \"gitlab-docker\" " +
            "--label \"org.opencontainers.image.ref.name=v1.2.3\" --label \"org.opencontainers.image.version=1.2.3\" " +
            "--cache-from \"type=registry,ref=" + Image + ":latest-buildcache\" " +
            "--metadata-file \"/tmp/m.json\" " +
            "--output \"type=image,name=" + Image + ",push-by-digest=true,name-canonical=true,push=true\" \"/src/app\"",
            command.Arguments.Render());
        Assert.DoesNotContain("\"\"", command.Arguments.Render());
    }

    [Fact]
    public void Validation_build_neither_pushes_nor_loads()
    {
        var command = BuildxCommands.Build(Inputs.Plan(Variables.Branch()), Inputs.Default(), "gitlab-docker", null);

        Assert.Equal(
            "buildx build --builder \"gitlab-docker\" --label \"org.opencontainers.image.ref.name=feature/login\" " +
            "--cache-from \"type=registry,ref=" + Image + ":latest-buildcache\" \"/src/app\"",
            command.Arguments.Render());
    }

    [Fact]
    public void Local_build_loads_on_the_current_builder()
    {
        var plan = Inputs.Plan(Variables.Local(), new GitLabDockerBuildSettings { Image = "app" }.WithAdditionalTag("dev"));

        var command = BuildxCommands.Build(plan, Inputs.Default(), null, null);

        Assert.Equal("buildx build --tag \"app:dev\" --cache-from \"type=registry,ref=app:latest-buildcache\" --load \"/src/app\"",
            command.Arguments.Render());
    }

    [Fact]
    public void Dockerfile_and_build_args_are_one_quoted_argument_each()
    {
        var inputs = Inputs.Default() with
        {
            Dockerfile = "/src/app/docker/Dockerfile",
            BuildArgs = [new("A", "x y"), new("B", "--push")],
        };

        var command = BuildxCommands.Build(Inputs.Plan(Variables.Branch()), inputs, "b", null);

        var arguments = command.Arguments.Select(argument => argument.Render()).ToList();
        Assert.Contains("\"/src/app/docker/Dockerfile\"", arguments);
        Assert.Contains("\"A=x y\"", arguments);
        Assert.Contains("\"B=--push\"", arguments);
        Assert.Equal("\"/src/app\"", arguments[^1]);
    }

    [Fact]
    public void Insecure_registry_marks_the_output_and_every_cache_ref()
    {
        var command = BuildxCommands.Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default() with { TlsVerify = false }, "b", "/m");

        var rendered = command.Arguments.Render();
        Assert.Contains($"--cache-from \"type=registry,ref={Image}:latest-buildcache,registry.insecure=true\"", rendered);
        Assert.Contains($"--cache-to \"type=registry,ref={Image}:latest-buildcache-staging,mode=max,registry.insecure=true\"", rendered);
        Assert.Contains($"--output \"type=image,name={Image},push-by-digest=true,name-canonical=true,push=true,registry.insecure=true\"", rendered);
        Assert.DoesNotContain("--push", rendered);
    }

    [Fact]
    public void Argument_customization_applies_before_the_context()
    {
        var inputs = Inputs.Default() with { ArgumentCustomization = args => args.Append("--provenance=false") };

        var command = BuildxCommands.Build(Inputs.Plan(Variables.Branch()), inputs, "b", null);

        Assert.EndsWith("--provenance=false \"/src/app\"", command.Arguments.Render());
    }

    [Fact]
    public void Login_puts_the_password_on_stdin_only()
    {
        var command = BuildxCommands.Login(new RegistryCredentials("registry.gitlab.example", "gitlab-ci-token", Variables.Password));

        Assert.Equal("login \"registry.gitlab.example\" --username \"gitlab-ci-token\" --password-stdin", command.Arguments.Render());
        Assert.Equal(Variables.Password, command.StandardInput);
        Assert.DoesNotContain(Variables.Password, command.Arguments.Render());
        Assert.DoesNotContain(Variables.Password, command.Arguments.RenderSafe());
        Assert.DoesNotContain(Variables.Password, command.ToString());
        Assert.DoesNotContain(Variables.Password, command.Hint);
        Assert.DoesNotContain("-p", command.Arguments.Select(argument => argument.Render()));
    }

    [Fact]
    public void Builder_setup_creates_a_context_first_then_a_docker_container_builder_on_it()
    {
        Assert.Equal("context create \"gitlab-docker\"", BuildxCommands.CreateContext("gitlab-docker").Arguments.Render());
        Assert.Equal("buildx create \"gitlab-docker\" --name \"gitlab-docker\" --driver \"docker-container\"",
            BuildxCommands.CreateBuilder(ManagedBuilder.Default).Arguments.Render());
        Assert.Equal("buildx inspect \"gitlab-docker\"", BuildxCommands.InspectBuilder("gitlab-docker").Arguments.Render());
        Assert.Equal("context inspect \"gitlab-docker\"", BuildxCommands.InspectContext("gitlab-docker").Arguments.Render());
    }
}
