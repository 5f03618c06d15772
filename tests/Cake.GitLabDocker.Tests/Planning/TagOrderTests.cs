namespace Cake.GitLabDocker.Tests;

/// <summary>The rules that keep tags moving forward: release tags immutable, commit tags first-wins, floating tags forward only.</summary>
public sealed class TagOrderTests
{
    private const string Ours = "sha256:" + "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0";
    private const string Theirs = "sha256:" + "b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1";
    private const string NewCommit = "1111111111111111111111111111111111111111";
    private const string OldCommit = "2222222222222222222222222222222222222222";

    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static TagVerdict Decide(
        TagKind kind, ImageFacts ours, ImageFacts? held, Ancestry ancestry = Ancestry.Unknown, bool overwrite = false, string? heldDigest = Theirs) =>
        TagOrder.Decide("registry.example/app:tag", kind, Ours, ours, held is null ? null : heldDigest,
            () => held ?? throw new InvalidOperationException("no image to read"), _ => ancestry, overwrite);

    private static ImageFacts Release(string version, string commit = NewCommit) => new(commit, Monday, version);

    private static ImageFacts Commit(string commit, DateTimeOffset? time) => new(commit, time, "latest");

    [Theory]
    [InlineData("2.5.3", "2.5.2", true)]
    [InlineData("1.1.1", "2.5.2", false)]
    [InlineData("2.4.9", "2.5.3", false)]
    [InlineData("1.10.0", "1.9.9", true)]
    [InlineData("10.0.0", "9.0.0", true)]
    [InlineData("1.2.3", "1.2.3", true)]
    public void Floating_tags_between_releases_move_only_to_a_higher_or_equal_version(string ours, string held, bool moves)
    {
        var verdict = Decide(TagKind.Floating, Release(ours), Release(held, OldCommit), Ancestry.Older);

        Assert.Equal(moves, verdict.Write);
        Assert.False(verdict.Fail);
        if (!moves)
        {
            Assert.Contains($"{held} is higher than this release, {ours}", verdict.Why);
        }
    }

    [Theory]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1", -1)]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta", -1)]
    [InlineData("1.0.0-alpha.beta", "1.0.0-beta", -1)]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11", -1)]
    [InlineData("1.0.0-rc.1", "1.0.0", -1)]
    [InlineData("1.0.0+build.1", "1.0.0+build.2", 0)]
    [InlineData("v99999999999999999999.0.0", "1.0.0", 1)]
    public void Versions_follow_semver_precedence(string left, string right, int expected)
    {
        Assert.Equal(expected, TagOrder.Compare(SemanticVersion.TryParse(left)!, SemanticVersion.TryParse(right)!));
        Assert.Equal(-expected, TagOrder.Compare(SemanticVersion.TryParse(right)!, SemanticVersion.TryParse(left)!));
    }

    [Fact]
    public void A_pre_release_held_by_a_floating_tag_is_ordered_by_commit_not_version()
    {
        // Pre-releases never move floating tags, so one found there came from elsewhere: the commits decide.
        var verdict = Decide(TagKind.Floating, Release("1.0.0"), Release("2.0.0-rc.1", OldCommit), Ancestry.Newer);

        Assert.True(verdict.Write);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void On_a_branch_git_ancestry_decides_when_both_commits_are_in_the_clone(bool moves)
    {
        var ancestry = moves ? Ancestry.Newer : Ancestry.Older;
        // The times say the opposite: ancestry wins.
        var verdict = Decide(TagKind.Floating, Commit(NewCommit, Monday), Commit(OldCommit, Monday.AddDays(moves ? 1 : -1)), ancestry);

        Assert.Equal(moves, verdict.Write);
        if (!moves)
        {
            Assert.Contains("descends from this pipeline's commit 111111111111", verdict.Why);
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(-1, false)]
    public void When_ancestry_is_unknown_the_commit_times_decide(int days, bool moves)
    {
        var verdict = Decide(TagKind.Floating, Commit(NewCommit, Monday.AddDays(days)), Commit(OldCommit, Monday));

        Assert.Equal(moves, verdict.Write);
        Assert.Contains("not in this clone", verdict.Why);
    }

    [Fact]
    public void When_neither_history_nor_times_order_the_commits_the_tag_moves_and_says_so()
    {
        var verdict = Decide(TagKind.Floating, Commit(NewCommit, Monday), Commit(OldCommit, Monday));

        Assert.True(verdict.Write);
        Assert.Contains("the last pipeline to finish wins", verdict.Why);
    }

    [Fact]
    public void An_image_without_a_revision_label_cannot_be_ordered_and_is_replaced()
    {
        var verdict = Decide(TagKind.Floating, Commit(NewCommit, Monday), new ImageFacts(null, null, null));

        Assert.True(verdict.Write);
        Assert.Contains("org.opencontainers.image.revision", verdict.Why);
    }

    [Fact]
    public void A_missing_tag_is_written_without_reading_anything()
    {
        Assert.Equal(new TagVerdict(true, string.Empty), Decide(TagKind.Release, Release("1.2.3"), held: null));
    }

    [Theory]
    [InlineData(nameof(TagKind.Release))]
    [InlineData(nameof(TagKind.Commit))]
    [InlineData(nameof(TagKind.Floating))]
    public void The_same_digest_is_a_no_op_that_succeeds(string name)
    {
        var kind = Enum.Parse<TagKind>(name);
        var verdict = TagOrder.Decide("r/app:v1", kind, Ours, Release("1.0.0"), Ours, () => throw new InvalidOperationException("read"), _ => Ancestry.Unknown, false);

        Assert.True(verdict.Write);
        Assert.True(verdict.Already);
    }

    [Fact]
    public void A_release_tag_holding_another_image_fails_naming_both_digests_and_commits()
    {
        var verdict = Decide(TagKind.Release, Release("1.1.1"), Release("1.1.1", OldCommit));

        Assert.True(verdict.Fail);
        Assert.False(verdict.Write);
        Assert.Contains(Theirs, verdict.Why);
        Assert.Contains(Ours, verdict.Why);
        Assert.Contains("commit 222222222222", verdict.Why);
        Assert.Contains("commit 111111111111", verdict.Why);
        Assert.Contains("Release a new version", verdict.Why);
        Assert.Contains("OverwriteTags", verdict.Why);
    }

    [Fact]
    public void A_commit_tag_holding_another_image_stays_and_the_job_goes_on()
    {
        var verdict = Decide(TagKind.Commit, Commit(NewCommit, Monday), Commit(NewCommit, Monday));

        Assert.False(verdict.Write);
        Assert.False(verdict.Fail);
        Assert.Contains("one commit keeps its first image", verdict.Why);
    }

    [Theory]
    [InlineData(nameof(TagKind.Release))]
    [InlineData(nameof(TagKind.Commit))]
    [InlineData(nameof(TagKind.Floating))]
    public void OverwriteTags_moves_any_tag_and_says_so(string name)
    {
        var kind = Enum.Parse<TagKind>(name);
        var verdict = Decide(kind, Release("1.0.0"), Release("2.0.0", OldCommit), Ancestry.Older, overwrite: true);

        Assert.True(verdict.Write);
        Assert.StartsWith("OverwriteTags: registry.example/app:tag is moved from " + Theirs, verdict.Why);
    }

    [Fact]
    public void A_hostile_label_never_reaches_git()
    {
        var asked = new List<string[]>();
        var ancestry = new CommitAncestry(arguments => { asked.Add(arguments); return string.Empty; }, NewCommit);

        Assert.Equal(Ancestry.Unknown, ancestry.Of("--output=/etc/passwd"));
        Assert.Equal(Ancestry.Unknown, ancestry.Of("HEAD~1"));
        Assert.Empty(asked);
    }
}
