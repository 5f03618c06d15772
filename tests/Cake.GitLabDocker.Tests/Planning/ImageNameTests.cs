using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public class ImageNameTests
{
    [Theory]
    [InlineData("registry.gitlab.com/group/app", "registry.gitlab.com/group/app", "registry.gitlab.com")]
    [InlineData("Registry.GitLab.com/Group/App", "registry.gitlab.com/group/app", "registry.gitlab.com")]
    [InlineData("gitlab.example:5050/group/sub/app", "gitlab.example:5050/group/sub/app", "gitlab.example:5050")]
    [InlineData("localhost:5000/app", "localhost:5000/app", "localhost:5000")]
    [InlineData("127.0.0.1:40123/group/app", "127.0.0.1:40123/group/app", "127.0.0.1:40123")]
    [InlineData("group/app", "group/app", null)]
    [InlineData("app", "app", null)]
    [InlineData("registry.example/a.b_c__d-e--f/app", "registry.example/a.b_c__d-e--f/app", "registry.example")]
    [InlineData("[::1]:5000/group/app", "[::1]:5000/group/app", "[::1]:5000")]
    [InlineData("[2001:DB8::1]:5000/app", "[2001:db8::1]:5000/app", "[2001:db8::1]:5000")]
    [InlineData("[::1]/app", "[::1]/app", "[::1]")]
    [InlineData("[fe80:0:0:0:0:0:0:1]/group/app", "[fe80:0:0:0:0:0:0:1]/group/app", "[fe80:0:0:0:0:0:0:1]")]
    [InlineData("registry.example/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "registry.example/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "registry.example")]
    [InlineData("group/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "group/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", null)]
    public void Parses_and_lowercases(string value, string repository, string? host)
    {
        var image = ImageName.Parse(value, "CI_REGISTRY_IMAGE");

        Assert.Equal(repository, image.Repository);
        Assert.Equal(host, image.Host);
    }

    [Theory]
    [InlineData("gitlab.example:5050/group/app")]
    [InlineData("[::1]:5000/group/app")]
    [InlineData("[2001:db8::1]/app")]
    public void The_port_colon_is_never_a_tag(string repository)
    {
        var reference = ImageName.Parse(repository, "CI_REGISTRY_IMAGE").WithTag("latest-buildcache");

        Assert.Equal(repository + ":latest-buildcache", reference);
        Assert.Equal(repository, ImageName.RepositoryOf(reference));
        Assert.Equal(repository, ImageName.RepositoryOf(repository));
    }

    [Theory]
    [InlineData("registry.example/group/app:1.0", "carries a tag")]
    [InlineData("registry.example/group/app@sha256:abc", "digest")]
    [InlineData("registry.example/group//app", "path component ''")]
    [InlineData("registry.example/group/-app", "path component '-app'")]
    [InlineData("registry.example/group/app ", "path component 'app '")]
    [InlineData("registry.example/group/app;rm -rf", "path component")]
    [InlineData("registry.example/../app", "path component '..'")]
    [InlineData("bad_host.example/app", "not a valid registry host")]
    [InlineData("", "path component ''")]
    [InlineData("::1/app", "'::1' is not a valid registry host")]
    [InlineData("[::1%eth0]:5000/app", "is not a valid registry host")]
    [InlineData("[g::1]/app", "is not a valid registry host")]
    [InlineData("[::1]:65536/app", "is not a valid registry host")]
    [InlineData("registry.example.com:70000/group/app", "'registry.example.com:70000' is not a valid registry host (a DNS name or IPv4 address, or an IPv6 address in brackets, then an optional port of at most 65535")]
    [InlineData("[::1]:5000", "registry host without a repository path")]
    [InlineData("[::1]:5000/app:1.0", "carries a tag")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "image ID")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", "image ID")]
    public void Refuses_what_is_not_a_repository(string value, string why)
    {
        var error = Assert.Throws<CakeException>(() => ImageName.Parse(value, "GitLabDockerBuildSettings.Image"));

        Assert.Contains("GitLabDockerBuildSettings.Image", error.Message);
        Assert.Contains(why, error.Message);
    }

    [Theory]
    [InlineData("r.example/", 256)]
    [InlineData("[::1]:5000/", 256)]
    [InlineData("", 248)] // Docker sends a one-component Docker Hub name as 'library/NAME'.
    [InlineData("index.docker.io/", 248)]
    public void Refuses_a_path_longer_than_255_characters_after_the_host(string host, int length)
    {
        var error = Assert.Throws<CakeException>(() => ImageName.Parse(host + new string('a', length), "CI_REGISTRY_IMAGE"));

        Assert.Contains("CI_REGISTRY_IMAGE", error.Message);
        Assert.Contains("longer than 255", error.Message);
        Assert.Equal(host + new string('a', length - 1), ImageName.Parse(host + new string('a', length - 1), "CI_REGISTRY_IMAGE").Repository);
    }

    [Fact]
    public void The_host_does_not_count_towards_the_255()
    {
        var host = string.Join('.', Enumerable.Repeat("registry", 40)) + ":5000";
        var path = "group/" + new string('a', 249);

        Assert.Equal(host + "/" + path, ImageName.Parse(host + "/" + path, "GitLabDockerBuildSettings.Image").Repository);
    }

    [Fact]
    public void A_64_digit_hex_name_is_refused_with_the_fix()
    {
        var error = Assert.Throws<CakeException>(() => ImageName.Parse(new string('f', 64), "GitLabDockerBuildSettings.Image"));

        Assert.StartsWith("GitLabDockerBuildSettings.Image '" + new string('f', 64) + "'", error.Message);
        Assert.Contains("'group/NAME'", error.Message);
    }

    [Theory]
    [InlineData("registry.example/group/app")]
    [InlineData("[::1]:5000/group/app")]
    [InlineData("[2001:db8::1]/app")]
    [InlineData("localhost:5000/a__b/c---d")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("registry.example/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("::1/app")]
    [InlineData("[::1]:5000")]
    [InlineData("registry.example/-app")]
    [InlineData("re-gistry.example/a.b")]
    [InlineData("registry-.example/app")]
    [InlineData("registry.example/a___b")]
    public void Accepts_what_the_grammar_accepts(string value)
    {
        var accepted = Record.Exception(() => ImageName.Parse(value, "CI_REGISTRY_IMAGE")) is null;

        Assert.Equal(Grammar.Repository().IsMatch(value), accepted);
    }

    [Fact]
    public void Shows_control_characters_escaped_in_errors()
    {
        var error = Assert.Throws<CakeException>(() => ImageName.Parse("r.example/app\nnext", "CI_REGISTRY_IMAGE"));

        Assert.DoesNotContain("\n", error.Message);
        Assert.Contains("\\u000a", error.Message);
    }
}
