namespace Cake.GitLabDocker.Tests;

/// <summary>
/// One plan per rule and pipeline kind, rendered as a compact line (image repository left out) and as the README's
/// Markdown rows, so the README tables are checked against what the planner really does.
/// </summary>
internal static class RulePlans
{
    public const string ShortSha = "1a2b3c4d";

    /// <summary>The rules, each as the settings a user would write.</summary>
    public static readonly IReadOnlyList<(string Name, Func<GitLabDockerBuildSettings> Settings)> Rules =
    [
        ("defaults", () => new GitLabDockerBuildSettings()),
        ("BranchImages", () => new GitLabDockerBuildSettings().WithBranchImages()),
        ("MergeRequestImages", () => new GitLabDockerBuildSettings().WithMergeRequestImages()),
        ("SemVerTags", () => new GitLabDockerBuildSettings().WithSemVerTags()),
        ("SemVerTags + LatestOnRelease", () => new GitLabDockerBuildSettings().WithSemVerTags().WithLatestOnRelease()),
        ("CommitTag", () => new GitLabDockerBuildSettings().WithCommitTag()),
        ("AdditionalTags = [\"stable\"]", () => new GitLabDockerBuildSettings().WithAdditionalTag("stable")),
    ];

    /// <summary>The four pipelines the README shows for every rule.</summary>
    public static readonly IReadOnlyList<(string Name, Func<Dictionary<string, string?>> Variables)> Pipelines =
    [
        ("tag `v1.2.3`", () => Variables.Tag("v1.2.3")),
        ("default branch `main`", Variables.DefaultBranch),
        ("branch `feature/Login`", () => Variables.Branch("feature/Login")),
        ("merge request !42 from `feature/Login`", () => Variables.With(Variables.MergeRequest(),
            ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature/Login"), ("CI_COMMIT_REF_NAME", "feature/Login"))),
    ];

    public static GitLabDockerBuildPlan Plan(Func<GitLabDockerBuildSettings> settings, Func<Dictionary<string, string?>> variables) =>
        Inputs.Plan(Variables.With(variables(), ("CI_COMMIT_SHORT_SHA", ShortSha)), settings());

    /// <summary>The README row: pipeline | pushes | reads cache | writes cache.</summary>
    public static string Row(string pipeline, GitLabDockerBuildPlan plan)
    {
        static string Short(string reference) => "`" + reference[(Variables.Image.Length + 1)..] + "`";
        static string List(IEnumerable<string> refs) => refs.Any() ? string.Join(", ", refs.Select(Short)) : "—";

        var pushes = plan.Push ? List(plan.Tags) : "nothing (validation build)";
        return $"| {pipeline} | {pushes} | {string.Join(" then ", plan.CacheFrom.Select(Short))} | " +
               $"{(plan.CacheTo is null ? "—" : Short(plan.CacheTo))} |";
    }

    /// <summary>The README table of one rule.</summary>
    public static string Table(string rule)
    {
        var settings = Rules.Single(r => r.Name == rule).Settings;
        var rows = Pipelines.Select(p => Row(p.Name, Plan(settings, p.Variables)));
        return string.Join('\n', new[] { "| pipeline | pushes | reads cache | writes cache |", "|---|---|---|---|" }.Concat(rows));
    }
}
