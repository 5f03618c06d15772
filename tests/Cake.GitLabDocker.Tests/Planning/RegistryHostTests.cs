using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public class RegistryHostTests
{
    [Theory]
    [InlineData("registry.example.com", "registry.example.com", null)]
    [InlineData("Registry.Example.COM:5050", "registry.example.com", 5050)]
    [InlineData("registry.example.com:443", "registry.example.com", null)]
    [InlineData("registry.example.com:4430", "registry.example.com", 4430)]
    [InlineData("localhost:5000", "localhost", 5000)]
    [InlineData("127.0.0.1:40123", "127.0.0.1", 40123)]
    [InlineData("a--b.example", "a--b.example", null)]
    [InlineData("docker.io", "docker.io", null)]
    [InlineData("index.docker.io", "docker.io", null)]
    [InlineData("registry-1.docker.io:443", "docker.io", null)]
    [InlineData("[::1]", "[::1]", null)]
    [InlineData("[::1]:5000", "[::1]", 5000)]
    [InlineData("[2001:DB8:0:0:0:0:0:1]:5000", "[2001:db8::1]", 5000)]
    [InlineData("[::1]:443", "[::1]", null)]
    [InlineData("[:::]", "[:::]", null)] // the grammar's [a-f0-9:]+; not an address, so kept as written
    [InlineData("registry.example.com:0443", "registry.example.com", null)]
    public void Reads_host_and_port(string value, string host, int? port)
    {
        var registry = RegistryHost.TryParse(value);

        Assert.NotNull(registry);
        Assert.Equal(host, registry.Host);
        Assert.Equal(port, registry.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("registry.example.com/group")]
    [InlineData("https://registry.example.com")]
    [InlineData("registry_1.example.com")]
    [InlineData("-registry.example.com")]
    [InlineData("registry-.example.com")]
    [InlineData("registry..example.com")]
    [InlineData("registry.example.com:")]
    [InlineData("registry.example.com:65536")]
    [InlineData("registry.example.com:99999999999")]
    [InlineData("::1")]
    [InlineData("[::1")]
    [InlineData("[::1%eth0]:5000")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("[g::1]")]
    [InlineData(" registry.example.com")]
    public void Refuses_what_is_not_a_registry_address(string value)
    {
        Assert.Null(RegistryHost.TryParse(value));
    }

    [Theory]
    [InlineData("registry.example.com", "registry.example.com:443")]
    [InlineData("REGISTRY.example.com", "registry.EXAMPLE.com")]
    [InlineData("registry.example.com:5050", "registry.example.com:5050")]
    [InlineData("docker.io", "index.docker.io")]
    [InlineData("registry-1.docker.io", "docker.io:443")]
    [InlineData("[::1]:5000", "[0:0:0:0:0:0:0:1]:5000")]
    [InlineData("[2001:db8::1]", "[2001:DB8::1]:443")]
    [InlineData("not a host", "NOT A HOST")]
    public void Same_registry(string first, string second)
    {
        Assert.True(RegistryHost.Same(first, second));
        Assert.True(RegistryHost.Same(second, first));
    }

    [Theory]
    [InlineData("registry.example.com:4430", "registry.example.com")]
    [InlineData("registry.example.com:4430", "registry.example.com:443")]
    [InlineData("registry.example.com:5050", "registry.example.com:5000")]
    [InlineData("registry.example.com", "registry.example.co")]
    [InlineData("registry.example.com", "registry.example.com0")]
    [InlineData("registry.example.com:4430", "registry.example.com0")]
    [InlineData("myindex.docker.io", "mydocker.io")]
    [InlineData("[2001:db8::443]", "[2001:db8::]")]
    [InlineData("sub.docker.io", "docker.io")]
    [InlineData("[::1]:5000", "[::2]:5000")]
    [InlineData("[::1]:5000", "localhost:5000")]
    [InlineData("[::1]:5000", "[::1]")]
    [InlineData("127.0.0.1", "[::ffff:7f00:1]")]
    public void Different_registries(string first, string second)
    {
        Assert.False(RegistryHost.Same(first, second));
        Assert.False(RegistryHost.Same(second, first));
    }

    [Theory]
    [InlineData("registry.example.com:443", "registry.example.com")]
    [InlineData("[::1]:5000", "[::1]:5000")]
    public void Prints_as_an_address(string value, string printed)
    {
        Assert.Equal(printed, RegistryHost.TryParse(value)!.ToString());
    }

    [Theory]
    [InlineData("registry.example.com:4430", "registry.example.com:4430/group/app")]
    [InlineData("[::1]:5000", "[::1]:5000/group/app")]
    [InlineData("[0:0:0:0:0:0:0:1]:5000", "[::1]:5000/group/app")]
    [InlineData("registry.example.com:443", "registry.example.com/group/app")]
    public void A_push_to_the_login_registry_plans(string registry, string image)
    {
        var plan = Inputs.Plan(Variables.With(Variables.DefaultBranch(), ("CI_REGISTRY", registry), ("CI_REGISTRY_IMAGE", image)));

        Assert.True(plan.Push);
        Assert.Equal(registry, plan.Registry);
    }

    [Theory]
    [InlineData("registry.example.com:4430", "registry.example.com/group/app")]
    [InlineData("registry.example.com", "registry.example.com:4430/group/app")]
    [InlineData("[::1]:5000", "[::1]:5001/group/app")]
    [InlineData("registry.example.com0", "registry.example.com:4430/group/app")]
    public void A_push_to_another_registry_than_the_login_is_refused(string registry, string image)
    {
        var error = Assert.Throws<CakeException>(() =>
            Inputs.Plan(Variables.With(Variables.DefaultBranch(), ("CI_REGISTRY", registry), ("CI_REGISTRY_IMAGE", image))));

        Assert.Contains($"but the login is for {registry} (CI_REGISTRY)", error.Message);
    }
}
