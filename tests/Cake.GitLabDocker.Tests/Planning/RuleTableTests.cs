namespace Cake.GitLabDocker.Tests;

/// <summary>Every tag rule against every pipeline kind: what is pushed, which caches are read and written.</summary>
public class RuleTableTests
{
    public static TheoryData<string, string, string> Table => new()
    {
        { "defaults", "tag `v1.2.3`", "| `v1.2.3` | `latest-buildcache` | — |" },
        { "defaults", "default branch `main`", "| `latest` | `latest-buildcache` | `latest-buildcache` |" },
        { "defaults", "branch `feature/Login`", "| nothing (validation build) | `latest-buildcache` | — |" },
        { "defaults", "merge request !42 from `feature/Login`", "| nothing (validation build) | `latest-buildcache` | — |" },

        { "BranchImages", "tag `v1.2.3`", "| `v1.2.3` | `latest-buildcache` | — |" },
        { "BranchImages", "default branch `main`", "| `latest` | `latest-buildcache` | `latest-buildcache` |" },
        { "BranchImages", "branch `feature/Login`", "| `feature-login` | `buildcache-feature-login` then `latest-buildcache` | `buildcache-feature-login` |" },
        { "BranchImages", "merge request !42 from `feature/Login`", "| nothing (validation build) | `buildcache-feature-login` then `latest-buildcache` | — |" },

        { "MergeRequestImages", "tag `v1.2.3`", "| `v1.2.3` | `latest-buildcache` | — |" },
        { "MergeRequestImages", "default branch `main`", "| `latest` | `latest-buildcache` | `latest-buildcache` |" },
        { "MergeRequestImages", "branch `feature/Login`", "| nothing (validation build) | `latest-buildcache` | — |" },
        { "MergeRequestImages", "merge request !42 from `feature/Login`", "| `mr-42` | `latest-buildcache` | — |" },

        { "SemVerTags", "tag `v1.2.3`", "| `v1.2.3`, `1.2.3`, `1.2`, `1` | `latest-buildcache` | — |" },
        { "SemVerTags", "default branch `main`", "| `latest` | `latest-buildcache` | `latest-buildcache` |" },

        { "SemVerTags + LatestOnRelease", "tag `v1.2.3`", "| `v1.2.3`, `1.2.3`, `1.2`, `1`, `latest` | `latest-buildcache` | — |" },
        { "SemVerTags + LatestOnRelease", "branch `feature/Login`", "| nothing (validation build) | `latest-buildcache` | — |" },

        { "CommitTag", "tag `v1.2.3`", $"| `v1.2.3`, `sha-{RulePlans.ShortSha}` | `latest-buildcache` | — |" },
        { "CommitTag", "default branch `main`", $"| `latest`, `sha-{RulePlans.ShortSha}` | `latest-buildcache` | `latest-buildcache` |" },
        { "CommitTag", "branch `feature/Login`", "| nothing (validation build) | `latest-buildcache` | — |" },

        { "AdditionalTags = [\"stable\"]", "tag `v1.2.3`", "| `v1.2.3`, `stable` | `latest-buildcache` | — |" },
        { "AdditionalTags = [\"stable\"]", "default branch `main`", "| `latest`, `stable` | `latest-buildcache` | `latest-buildcache` |" },
        { "AdditionalTags = [\"stable\"]", "merge request !42 from `feature/Login`", "| nothing (validation build) | `latest-buildcache` | — |" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_rule_gives_each_pipeline_its_tags_and_caches(string rule, string pipeline, string expected)
    {
        var settings = RulePlans.Rules.Single(r => r.Name == rule).Settings;
        var variables = RulePlans.Pipelines.Single(p => p.Name == pipeline).Variables;

        var row = RulePlans.Row(pipeline, RulePlans.Plan(settings, variables));

        Assert.Equal($"| {pipeline} {expected}", row);
    }

    [Fact]
    public void The_readme_shows_the_plan_of_every_rule_for_every_pipeline()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

        var missing = RulePlans.Rules
            .Select(rule => (rule.Name, Table: RulePlans.Table(rule.Name)))
            .Where(rule => !readme.Contains(rule.Table, StringComparison.Ordinal))
            .Select(rule => $"{rule.Name}:\n{rule.Table}\n")
            .ToList();

        Assert.True(missing.Count == 0, "README.md lacks these tables:\n" + string.Join('\n', missing));
    }
}
