using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public class BranchTagTests
{
    [Theory]
    [InlineData("feature/login", null, "feature-login")]
    [InlineData("Feature/Login", null, "feature-login")]
    [InlineData("feature/login", "feature-login", "feature-login")]
    [InlineData("fix/JIRA-123_crash", null, "fix-jira-123-crash")]
    [InlineData("feature//double", null, "feature--double")]
    [InlineData("-leading-and-trailing-", null, "leading-and-trailing")]
    [InlineData("größe/ändern", null, "gr--e--ndern")]
    [InlineData("日本語/ブランチ", null, "branch-6f7c2296")]
    // The hash is the first 8 hex digits of SHA-256 of the name (checked with sha256sum).
    [InlineData("___", null, "branch-bda25155")]
    [InlineData("latest", null, "branch-latest")]
    [InlineData("latest-buildcache", null, "branch-latest-buildcache")]
    [InlineData("latest-buildcache-staging", null, "branch-latest-buildcache-staging")]
    [InlineData("buildcache-x", null, "branch-buildcache-x")]
    [InlineData("sha-1a2b3c4d", null, "branch-sha-1a2b3c4d")]
    [InlineData("mr-42", null, "branch-mr-42")]
    [InlineData("2024", null, "branch-2024")]
    public void A_branch_gets_its_slug_or_a_safe_variant(string branch, string? slugVariable, string expected)
    {
        Assert.Equal(expected, BranchTag.For(branch, slugVariable));
    }

    [Fact]
    public void Two_long_branches_that_gitlab_would_cut_to_one_slug_get_different_tags()
    {
        var prefix = "feature/" + new string('a', 60);
        var first = BranchTag.For(prefix + "-first", null);
        var second = BranchTag.For(prefix + "-second", null);

        Assert.Equal(RefSlug.From(prefix + "-first"), RefSlug.From(prefix + "-second"));
        Assert.NotEqual(first, second);
        Assert.All([first, second], tag => Assert.True(tag.Length <= 63 && DockerTag.IsValid(tag), tag));
        Assert.Equal(first, BranchTag.For(prefix + "-first", null));
    }

    [Fact]
    public void A_name_whose_lowercase_passes_the_cut_is_a_long_name()
    {
        // 'İ' lowercases to two code points, so GitLab cuts this 63-character name to the slug of the second.
        var dotted = BranchTag.For(new string('a', 62) + "İ", null);
        var plain = BranchTag.For(new string('a', 62) + "i", null);

        Assert.Equal(RefSlug.From(new string('a', 62) + "İ"), RefSlug.From(new string('a', 62) + "i"));
        Assert.NotEqual(dotted, plain);
        Assert.True(dotted.Length <= 63 && DockerTag.IsValid(dotted), dotted);
    }

    [Fact]
    public void A_branch_name_of_exactly_63_characters_keeps_its_slug()
    {
        var branch = new string('b', 63);

        Assert.Equal(branch, BranchTag.For(branch, null));
    }

    [Theory]
    [InlineData("Feature-Login")]
    [InlineData("-x")]
    [InlineData("a b")]
    public void A_malformed_ref_slug_variable_is_refused_by_name(string slug)
    {
        var error = Assert.Throws<CakeException>(() => BranchTag.For("feature/login", slug));

        Assert.Contains("CI_COMMIT_REF_SLUG", error.Message);
    }

    [Fact]
    public void The_branch_cache_tag_is_prefixed()
    {
        Assert.Equal("buildcache-feature-login", BranchTag.Cache("feature-login"));
    }
}
