using System.Globalization;

namespace Cake.GitLabDocker;

/// <summary>How a tag may move once it exists.</summary>
internal enum TagKind
{
    /// <summary>An exact release version (<c>v1.2.3</c>, <c>1.2.3</c>): written once, never moved to another image.</summary>
    Release,

    /// <summary>The commit tag (<c>sha-…</c>): the first image of the commit stays.</summary>
    Commit,

    /// <summary>A tag that moves (<c>latest</c>, <c>1</c>, <c>1.2</c>, branch and merge-request tags): only forward.</summary>
    Floating,
}

/// <summary>Where one commit stands against another in the clone's history.</summary>
internal enum Ancestry
{
    /// <summary>Git cannot say: a commit is missing from the clone (shallow, force-pushed) or the histories diverged.</summary>
    Unknown,

    /// <summary>This pipeline's commit descends from the other.</summary>
    Newer,

    /// <summary>This pipeline's commit is an ancestor of the other.</summary>
    Older,
}

/// <summary>What an image says about where it came from: the OCI labels the add-in writes.</summary>
/// <param name="Revision">The commit (<c>org.opencontainers.image.revision</c>).</param>
/// <param name="Created">The commit's time (<c>org.opencontainers.image.created</c>).</param>
/// <param name="Version">The version (<c>org.opencontainers.image.version</c>), read as SemVer when it is one.</param>
internal sealed record ImageFacts(string? Revision, DateTimeOffset? Created, string? Version)
{
    /// <summary>Reads the facts from an image's labels; missing labels stay unknown.</summary>
    public static ImageFacts FromLabels(IReadOnlyDictionary<string, string> labels)
    {
        string? Label(string key) => labels.TryGetValue(OciLabels.Prefix + key, out var value) && value.Length > 0 ? value : null;
        return new ImageFacts(Label("revision"), Time(Label("created")), Label("version"));
    }

    /// <summary>Reads an ISO 8601 time, or returns <see langword="null"/>.</summary>
    public static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>Gets the version when it is a SemVer release (not a pre-release), else <see langword="null"/>.</summary>
    public SemanticVersion? Release => Version is not null && SemanticVersion.TryParse(Version) is { IsPreRelease: false } release ? release : null;

    /// <summary>Gets the commit, shortened for a log line.</summary>
    public string Commit => Revision is null ? "an unknown commit" : Revision[..Math.Min(Revision.Length, 12)];
}

/// <summary>What to do with one tag: write it, leave it (with why), or fail (with why).</summary>
/// <param name="Write">Whether the tag is written (or already holds this image).</param>
/// <param name="Why">In words, for the job log; empty when there is nothing to say.</param>
/// <param name="Fail">Whether the job must fail before any tag is written.</param>
/// <param name="Already">Whether the tag already holds this image (nothing to write).</param>
internal sealed record TagVerdict(bool Write, string Why, bool Fail = false, bool Already = false);

/// <summary>
/// The rules that keep tags moving forward (pure). A release tag is never overwritten; a commit tag keeps the commit's
/// first image; a floating tag moves only to a higher release, or, when the image it holds is not a release, only to a
/// newer commit: Git's ancestry decides when both commits are in the clone, else the commit times; when neither can
/// tell, the tag moves (as the newest pipeline to finish).
/// </summary>
internal static class TagOrder
{
    /// <summary>Decides for one tag.</summary>
    /// <param name="tag">The tag, for the words.</param>
    /// <param name="kind">How the tag may move.</param>
    /// <param name="digest">The digest this pipeline writes.</param>
    /// <param name="ours">What this pipeline's image is.</param>
    /// <param name="heldDigest">The digest the tag holds now, or <see langword="null"/> when it does not exist.</param>
    /// <param name="held">What the image the tag holds says about itself (read only when the digests differ).</param>
    /// <param name="ancestry">Where this pipeline's commit stands against another commit.</param>
    /// <param name="overwrite">Whether the user allows moving any tag anyway (<see cref="GitLabDockerBuildSettings.OverwriteTags"/>).</param>
    public static TagVerdict Decide(
        string tag, TagKind kind, string digest, ImageFacts ours, string? heldDigest, Func<ImageFacts> held,
        Func<string, Ancestry> ancestry, bool overwrite)
    {
        if (heldDigest is null)
        {
            return new TagVerdict(true, string.Empty);
        }

        if (heldDigest == digest)
        {
            return new TagVerdict(true, $"{tag} already holds this image.", Already: true);
        }

        var facts = held();
        var where = $"{heldDigest} (commit {facts.Commit}{(facts.Version is null ? string.Empty : ", version " + facts.Version)})";
        if (overwrite)
        {
            return new TagVerdict(true, $"OverwriteTags: {tag} is moved from {where} to {digest} (commit {ours.Commit}).");
        }

        return kind switch
        {
            TagKind.Release => new TagVerdict(false,
                $"{tag} is a release and already holds another image: {where}; this pipeline built {digest} (commit {ours.Commit}). " +
                "A release is never overwritten, so no tag was written. Release a new version (a new Git tag), or, to replace " +
                "the release on purpose, set GitLabDockerBuildSettings.OverwriteTags = true for one run.", Fail: true),
            TagKind.Commit => new TagVerdict(false,
                $"{tag} stays at {where}: one commit keeps its first image (this build of it is {digest}, by digest only)."),
            _ => Floating(tag, ours, facts, where, ancestry),
        };
    }

    /// <summary>A floating tag: by version between releases, else by commit.</summary>
    private static TagVerdict Floating(string tag, ImageFacts ours, ImageFacts held, string where, Func<string, Ancestry> ancestry)
    {
        if (ours.Release is { } mine && held.Release is { } theirs)
        {
            var order = Compare(mine, theirs);
            return order >= 0
                ? new TagVerdict(true, string.Empty)
                : new TagVerdict(false, $"{tag} stays at {where}: {theirs.Version} is higher than this release, {mine.Version}.");
        }

        if (held.Revision is null || ours.Revision is null)
        {
            return new TagVerdict(true,
                $"{tag} held {where}, which says no commit (no {OciLabels.Prefix}revision label): moved, since there is nothing to order by.");
        }

        if (held.Revision == ours.Revision)
        {
            return new TagVerdict(true, string.Empty);
        }

        switch (ancestry(held.Revision))
        {
            case Ancestry.Newer:
                return new TagVerdict(true, string.Empty);
            case Ancestry.Older:
                return new TagVerdict(false, $"{tag} stays at {where}: that commit descends from this pipeline's commit {ours.Commit}.");
        }

        if (ours.Created is { } ourTime && held.Created is { } theirTime && ourTime != theirTime)
        {
            return ourTime > theirTime
                ? new TagVerdict(true, $"{tag}: commit {held.Commit} is not in this clone, or the histories diverged; this commit is newer ({ourTime:u} after {theirTime:u}), so it moves.")
                : new TagVerdict(false, $"{tag} stays at {where}: that commit is not in this clone or the histories diverged, and it is newer ({theirTime:u}) than this commit {ours.Commit} ({ourTime:u}).");
        }

        return new TagVerdict(true, $"{tag}: neither history nor commit times order {held.Commit} and {ours.Commit}, so it moves (the last pipeline to finish wins).");
    }

    /// <summary>SemVer 2.0 precedence (build metadata ignored).</summary>
    public static int Compare(SemanticVersion left, SemanticVersion right)
    {
        foreach (var (a, b) in new[] { (left.Major, right.Major), (left.Minor, right.Minor), (left.Patch, right.Patch) })
        {
            var numeric = CompareNumbers(a, b);
            if (numeric != 0)
            {
                return numeric;
            }
        }

        return (left.PreRelease, right.PreRelease) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            var (a, b) => ComparePreRelease(a!, b!),
        };
    }

    private static int ComparePreRelease(string left, string right)
    {
        var (a, b) = (left.Split('.'), right.Split('.'));
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var (aNumeric, bNumeric) = (a[i].All(char.IsAsciiDigit), b[i].All(char.IsAsciiDigit));
            var order = (aNumeric, bNumeric) switch
            {
                (true, true) => CompareNumbers(a[i], b[i]),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a[i], b[i]),
            };
            if (order != 0)
            {
                return Math.Sign(order);
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Compares digit strings without leading zeros of any length (SemVer allows numbers past 64 bits).</summary>
    private static int CompareNumbers(string a, string b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : Math.Sign(string.CompareOrdinal(a, b));
}
