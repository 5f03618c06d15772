namespace Cake.GitLabDocker.Tests;

public class RefSlugTests
{
    [Theory]
    [InlineData("main", "main")]
    [InlineData("feature/login", "feature-login")]
    [InlineData("Feature/Login_Page", "feature-login-page")]
    [InlineData("release/1.2.x", "release-1-2-x")]
    [InlineData("fix//double--dash", "fix--double--dash")]
    [InlineData("-leading-and-trailing-", "leading-and-trailing")]
    [InlineData("__init__", "init")]
    [InlineData("v1.2.3", "v1-2-3")]
    [InlineData("dependabot/npm_and_yarn/lodash-4.17.21", "dependabot-npm-and-yarn-lodash-4-17-21")]
    [InlineData("Änderung/Übersicht", "nderung--bersicht")]
    [InlineData("機能/ログイン", "")]
    [InlineData("emoji-😀-branch", "emoji---branch")]
    [InlineData("ÉCOLE", "cole")]
    [InlineData("İstanbul", "i-stanbul")]
    [InlineData("fix/İ", "fix-i")]
    [InlineData("\u212Aelvin", "kelvin")]
    [InlineData("", "")]
    public void Matches_gitlab(string refName, string expected)
    {
        Assert.Equal(expected, RefSlug.From(refName));
    }

    [Fact]
    public void Cuts_to_63_before_trimming()
    {
        var name = new string('a', 62) + "/bcd";

        Assert.Equal(new string('a', 62), RefSlug.From(name));
        Assert.Equal(63, RefSlug.From(new string('x', 100)).Length);
    }

    [Fact]
    public void Counts_the_cut_in_lowered_code_points()
    {
        // 'İ' lowercases to 'i' + U+0307: two code points, so the 63rd is 'i' and the '-' falls past the cut.
        Assert.Equal(new string('a', 62) + "i", RefSlug.From(new string('a', 62) + "İ"));
        Assert.Equal(new string('a', 61) + "i", RefSlug.From(new string('a', 61) + "İb"));
    }
}
