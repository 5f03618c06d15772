using System.Text.RegularExpressions;

namespace Cake.GitLabDocker;

/// <summary>
/// BuildKit reports a registry cache that does not exist yet (the first build of a project or a branch) as
/// <c>ERROR: failed to configure registry cache importer: REF: not found</c> and builds without it. That is expected;
/// this says so once, in the add-in's words, so nobody goes hunting for an error that is not one.
/// </summary>
internal static partial class MissingCache
{
    /// <summary>Returns the note for the cache refs BuildKit found missing, or <see langword="null"/> when none was.</summary>
    public static string? Note(IReadOnlyList<string> errorLines, GitLabDockerBuildPlan plan)
    {
        var missing = errorLines.Select(line => NotFound().Match(line)).Where(match => match.Success)
            .Select(match => match.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        return $"No registry cache at {string.Join(", ", missing)} yet (a first build): BuildKit's \"failed to configure registry " +
               "cache importer … not found\" above is expected and harmless. " +
               (plan.CacheTo is null ? "This pipeline writes no cache; the default branch writes latest-buildcache."
                   : $"This build writes {plan.CacheTo} for the next one.");
    }

    [GeneratedRegex(@"failed to configure registry cache importer: (\S+?): not found")]
    private static partial Regex NotFound();
}
