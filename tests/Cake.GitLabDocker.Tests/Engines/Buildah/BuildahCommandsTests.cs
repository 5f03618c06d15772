namespace Cake.GitLabDocker.Tests;

public class BuildahCommandsTests
{
    private const string Image = Variables.Image;

    [Theory]
    [InlineData("registry.example/group/app:latest-buildcache", "registry.example/group/app/buildcache")]
    [InlineData("registry.example:5050/group/app:latest-buildcache", "registry.example:5050/group/app/buildcache")]
    [InlineData("localhost:5000/app:buildcache-feature", "localhost:5000/app/buildcache-feature")]
    [InlineData("localhost:5000/app", "localhost:5000/app")]
    [InlineData("[::1]:5000/group/app:latest-buildcache", "[::1]:5000/group/app/buildcache")]
    [InlineData("[2001:db8::1]/app:buildcache-feature", "[2001:db8::1]/app/buildcache-feature")]
    [InlineData("[2001:db8::1]:5000/app", "[2001:db8::1]:5000/app")]
    public void Cache_refs_map_to_a_cache_repository_without_splitting_on_the_port(string cacheRef, string repository)
    {
        Assert.Equal(repository, BuildahCache.Repository(cacheRef));
    }

    [Fact]
    public void Default_branch_build_reads_and_writes_the_cache_repository_with_layers()
    {
        var command = BuildahCommands.Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default());

        Assert.Equal(
            "--storage-driver \"vfs\" build --layers --isolation \"chroot\" --tag \"" + Image + ":latest\" " +
            "--label \"org.opencontainers.image.ref.name=main\" --label \"org.opencontainers.image.version=latest\" " +
            "--cache-from \"" + Image + "/buildcache\" --cache-to \"" + Image + "/buildcache\" \"/src/app\"",
            command.Arguments.Render());
    }

    [Fact]
    public void Tag_build_reads_the_cache_only()
    {
        var command = BuildahCommands.Build(Inputs.Plan(Variables.Tag("v1.2.3")), Inputs.Default());

        Assert.Equal(
            "--storage-driver \"vfs\" build --layers --isolation \"chroot\" --tag \"" + Image + ":v1.2.3\" " +
            "--label \"org.opencontainers.image.ref.name=v1.2.3\" --label \"org.opencontainers.image.version=1.2.3\" " +
            "--cache-from \"" + Image + "/buildcache\" \"/src/app\"",
            command.Arguments.Render());
    }

    [Fact]
    public void Plain_http_registry_and_private_ca_reach_login_build_and_push()
    {
        var inputs = Inputs.Default() with { TlsVerify = false, CertDirectory = "/certs", Retry = 5 };
        var credentials = new RegistryCredentials("127.0.0.1:5000", "ci", Variables.Password);

        var login = BuildahCommands.Login(credentials, inputs).Arguments.Render();
        var build = BuildahCommands.Build(Inputs.Plan(Variables.DefaultBranch()), inputs).Arguments.Render();
        var push = BuildahCommands.Push($"{Image}:latest", $"{Image}:latest", inputs, "/tmp/d").Arguments.Render();

        Assert.Equal("login --tls-verify=false --cert-dir \"/certs\" --username \"ci\" --password-stdin \"127.0.0.1:5000\"", login);
        Assert.Contains("--tls-verify=false --cert-dir \"/certs\" --retry 5 \"/src/app\"", build);
        Assert.Equal(
            "--storage-driver \"vfs\" push --tls-verify=false --cert-dir \"/certs\" --retry 5 --digestfile \"/tmp/d\" " +
            $"\"{Image}:latest\" \"docker://{Image}:latest\"", push);
    }

    [Fact]
    public void Login_puts_the_password_on_stdin_only()
    {
        var command = BuildahCommands.Login(new RegistryCredentials("r.example", "u", Variables.Password), Inputs.Default());

        Assert.Equal(Variables.Password, command.StandardInput);
        Assert.DoesNotContain(Variables.Password, command.Arguments.Render());
    }

    [Fact]
    public void Engine_pushes_every_tag_in_plan_order_and_returns_the_digest()
    {
        var buildah = new RecordingProcess();

        var digest = new BuildahEngine(buildah).Build(Inputs.Plan(Variables.Tag()), Inputs.Default());

        Assert.Equal(["build", "push"], buildah.Commands.Select(command => command.Step));
        Assert.Equal("sha256:" + new string('b', 64), digest);
    }

    [Fact]
    public void Engine_pushes_nothing_on_a_validation_build()
    {
        var buildah = new RecordingProcess();

        var digest = new BuildahEngine(buildah).Build(Inputs.Plan(Variables.Branch()), Inputs.Default());

        Assert.Equal(["build"], buildah.Commands.Select(command => command.Step));
        Assert.Null(digest);
    }

    [Fact]
    public void A_failed_build_pushes_nothing()
    {
        var buildah = new RecordingProcess { FailStep = "build" };

        Assert.Throws<Cake.Core.CakeException>(() => new BuildahEngine(buildah).Build(Inputs.Plan(Variables.Tag()), Inputs.Default()));

        Assert.DoesNotContain(buildah.Commands, command => command.Step == "push");
    }
}
