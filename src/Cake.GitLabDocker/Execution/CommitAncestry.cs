using System.Text.RegularExpressions;

namespace Cake.GitLabDocker;

/// <summary>
/// Where this pipeline's commit stands against another, asked of the clone with <c>git merge-base --is-ancestor</c>.
/// A commit the clone lacks (a shallow clone, <c>GIT_DEPTH</c> 20 by default, or history dropped by a force-push), no git,
/// or histories that diverged answer <see cref="Ancestry.Unknown"/>, and the commit times decide instead.
/// </summary>
/// <param name="git">Runs git in the clone and returns its output, or <see langword="null"/> when it fails; <see langword="null"/> when there is no git.</param>
/// <param name="ours">This pipeline's commit (<c>CI_COMMIT_SHA</c>).</param>
internal sealed partial class CommitAncestry(Func<string[], string?>? git, string? ours)
{
    /// <summary>Returns where <see cref="CommitAncestry"/>'s commit stands against <paramref name="theirs"/>.</summary>
    public Ancestry Of(string theirs)
    {
        // A label is whatever the image says: only a commit name reaches git's command line.
        if (git is null || ours is null || !Sha().IsMatch(ours) || !Sha().IsMatch(theirs) || !Exists(theirs) || !Exists(ours))
        {
            return Ancestry.Unknown;
        }

        return IsAncestor(theirs, ours) ? Ancestry.Newer
            : IsAncestor(ours, theirs) ? Ancestry.Older
            : Ancestry.Unknown;
    }

    private bool Exists(string commit) => git!(["cat-file", "-e", commit + "^{commit}"]) is not null;

    private bool IsAncestor(string ancestor, string descendant) => git!(["merge-base", "--is-ancestor", ancestor, descendant]) is not null;

    [GeneratedRegex(@"\A[0-9a-f]{7,64}\z")]
    private static partial Regex Sha();
}
