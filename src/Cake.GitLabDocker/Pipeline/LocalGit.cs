using System.Text.RegularExpressions;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Outside GitLab CI, answers the ref variables (<c>CI_COMMIT_BRANCH</c>, <c>CI_COMMIT_TAG</c>, <c>CI_COMMIT_SHA</c>,
/// <c>CI_COMMIT_TIMESTAMP</c>, <c>CI_DEFAULT_BRANCH</c>) from the Git repository of the working directory, so a laptop
/// gets the plan a pipeline would get. A checked-out branch plans as that branch; a detached HEAD at a tag plans as
/// the tag. Only fixed arguments reach <c>git</c>: no user data is ever on its command line.
/// </summary>
internal static partial class LocalGit
{
    /// <summary>
    /// Returns a variable reader in which the environment wins and Git fills the ref variables it can answer.
    /// </summary>
    /// <param name="variable">The environment.</param>
    /// <param name="git">Runs <c>git</c> with the given arguments; returns its trimmed standard output, or
    /// <see langword="null"/> when it failed or git is not installed.</param>
    public static Func<string, string?> Overlay(Func<string, string?> variable, Func<string[], string?> git)
    {
        var values = new Lazy<IReadOnlyDictionary<string, string>>(() => Read(git));
        return name => variable(name) is { Length: > 0 } value ? value : values.Value.GetValueOrDefault(name);
    }

    /// <summary>Reads the ref variables from Git; empty outside a repository or without git.</summary>
    public static IReadOnlyDictionary<string, string> Read(Func<string[], string?> git)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var sha = git(["rev-parse", "--verify", "--quiet", "HEAD"]);
        if (string.IsNullOrEmpty(sha))
        {
            return values;
        }

        values[GitLabVariables.CommitSha] = sha;
        Set(values, GitLabVariables.CommitTimestamp, git(["log", "-1", "--format=%cI", "HEAD"]));

        var branch = git(["symbolic-ref", "--quiet", "--short", "HEAD"]);
        if (!string.IsNullOrEmpty(branch))
        {
            values[GitLabVariables.CommitBranch] = branch;
        }
        else
        {
            Set(values, GitLabVariables.CommitTag, TagAtHead(git));
        }

        // origin/HEAD names the default branch once the repository was cloned (or `git remote set-head origin -a`).
        var originHead = git(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"]);
        if (originHead is { Length: > 7 } && originHead.StartsWith("origin/", StringComparison.Ordinal))
        {
            values[GitLabVariables.DefaultBranch] = originHead["origin/".Length..];
        }

        return values;
    }

    /// <summary>
    /// The tag a detached HEAD plans as. Several tags may point at one commit: the one checked out wins (the last move of
    /// HEAD names it), then the highest version that can be a Docker tag; a tag that cannot is refused, naming git as
    /// the source and every tag at HEAD.
    /// </summary>
    private static string? TagAtHead(Func<string[], string?> git)
    {
        var tags = (git(["tag", "--points-at", "HEAD", "--sort=-v:refname"]) ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (tags.Count == 0)
        {
            return null;
        }

        var checkedOut = (git(["reflog", "-1", "--format=%gs", "HEAD"]) ?? string.Empty).Split(" to ").Last().Trim();
        var chosen = tags.Contains(checkedOut) ? checkedOut : tags.FirstOrDefault(UsableAsDockerTag);
        return chosen is not null && UsableAsDockerTag(chosen)
            ? chosen
            : throw new CakeException(
                $"HEAD is detached at {(tags.Count == 1 ? "the Git tag" : "the Git tags")} {string.Join(", ", tags.Select(tag => $"'{ImageName.Printable(tag)}'"))} " +
                $"(read from git: not on GitLab CI, where {GitLabVariables.CommitTag} would name it), and " +
                (chosen is null ? (tags.Count == 1 ? "it cannot" : "none of them can") : $"the one checked out, '{ImageName.Printable(chosen)}', cannot") +
                " be a Docker tag (only [A-Za-z0-9_.-]; a '+' becomes '_'). " +
                $"Check out a tag like 'v1.2.3' or a branch, or set {GitLabVariables.CommitTag} yourself.");
    }

    /// <summary>What a Git tag needs to become a Docker tag (see <c>DockerTag.FromGitTag</c>; length is fitted there).</summary>
    private static bool UsableAsDockerTag(string tag) => DockerTagCharacters().IsMatch(tag.Replace('+', '_'));

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]*\z")]
    private static partial Regex DockerTagCharacters();

    private static void Set(Dictionary<string, string> values, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            values[name] = value;
        }
    }
}
