namespace Cake.GitLabDocker.Tests;

/// <summary>Platforms compared as containerd's matcher does after normalising, as the merge checks each platform image.</summary>
public sealed class PlatformMatchTests
{
    [Theory]
    [InlineData("linux/arm64/v8", "linux/arm64", true)]
    [InlineData("linux/arm64", "linux/arm64/v8", true)]
    [InlineData("linux/arm64/v8", "linux/aarch64", true)]
    [InlineData("linux/arm/v7", "linux/arm", true)]
    [InlineData("linux/arm", "linux/arm/v7", true)]
    [InlineData("linux/arm/v7", "linux/armhf", true)]
    [InlineData("linux/arm/v6", "linux/armel", true)]
    [InlineData("linux/amd64", "linux/x86_64", true)]
    [InlineData("linux/amd64/v1", "linux/amd64", true)]
    [InlineData("linux/amd64", "linux/amd64/v3", true)]
    [InlineData("linux/386", "linux/i386", true)]
    [InlineData("linux/arm/v7", "linux/arm/v6", false)]
    [InlineData("linux/arm", "linux/arm/v6", false)]
    [InlineData("linux/amd64/v3", "linux/amd64", false)]
    [InlineData("linux/arm64", "linux/amd64", false)]
    [InlineData("linux/amd64", "windows/amd64", false)]
    public void Matches_after_normalising(string expected, string actual, bool matches)
    {
        Assert.Equal(matches, ManifestIndex.Matches(expected, actual));
    }
}
