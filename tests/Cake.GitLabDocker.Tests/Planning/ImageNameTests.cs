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
    public void Parses_and_lowercases(string value, string repository, string? host)
    {
        var image = ImageName.Parse(value, "CI_REGISTRY_IMAGE");

        Assert.Equal(repository, image.Repository);
        Assert.Equal(host, image.Host);
    }

    [Fact]
    public void The_port_colon_is_never_a_tag()
    {
        var image = ImageName.Parse("gitlab.example:5050/group/app", "CI_REGISTRY_IMAGE");

        Assert.Equal("gitlab.example:5050/group/app:latest-buildcache", image.WithTag("latest-buildcache"));
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
    public void Refuses_what_is_not_a_repository(string value, string why)
    {
        var error = Assert.Throws<CakeException>(() => ImageName.Parse(value, "GitLabDockerBuildSettings.Image"));

        Assert.Contains("GitLabDockerBuildSettings.Image", error.Message);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void Refuses_a_repository_longer_than_255_characters()
    {
        var error = Assert.Throws<CakeException>(() => ImageName.Parse("r.example/" + new string('a', 250), "CI_REGISTRY_IMAGE"));

        Assert.Contains("longer than 255", error.Message);
    }

    [Fact]
    public void Shows_control_characters_escaped_in_errors()
    {
        var error = Assert.Throws<CakeException>(() => ImageName.Parse("r.example/app\nnext", "CI_REGISTRY_IMAGE"));

        Assert.DoesNotContain("\n", error.Message);
        Assert.Contains("\\u000a", error.Message);
    }
}
