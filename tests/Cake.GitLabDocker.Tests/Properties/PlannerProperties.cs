using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cake.Core;
using CsCheck;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// For any values of the GitLab variables and any rule switches, the planner yields references Docker and GitLab
/// accept, or a <see cref="CakeException"/> naming the variable or setting to fix; never anything else.
/// </summary>
public partial class PlannerProperties
{
    private static readonly string[] Names =
    [
        "CI_COMMIT_TAG", "CI_COMMIT_BRANCH", "CI_DEFAULT_BRANCH", "CI_COMMIT_REF_NAME", "CI_COMMIT_REF_SLUG",
        "CI_MERGE_REQUEST_IID", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_PIPELINE_SOURCE", "CI_COMMIT_SHORT_SHA",
        "CI_COMMIT_SHA", "CI_REGISTRY_IMAGE", "CI_REGISTRY", "CI_PROJECT_TITLE", "CI_COMMIT_TIMESTAMP", "GITLAB_DOCKER_ENGINE",
    ];

    // One of the four pipeline kinds, with each variable replaced by a hostile value (or unset) one time in three.
    private static readonly Gen<Dictionary<string, string?>> Pipelines =
        Gen.Select(HostileGen.Variable.Array[Names.Length], Gen.Int[0, 2].Array[Names.Length], Gen.Int[0, 3], (values, keep, kind) =>
        {
            var variables = kind switch
            {
                0 => Variables.Tag(),
                1 => Variables.DefaultBranch(),
                2 => Variables.Branch(),
                _ => Variables.MergeRequest(),
            };
            for (var i = 0; i < Names.Length; i++)
            {
                if (keep[i] == 0)
                {
                    variables[Names[i]] = values[i];
                }
            }

            return variables;
        });

    private static readonly Gen<GitLabDockerBuildSettings> Settings =
        Gen.Select(Gen.Bool.Array[6], HostileGen.Variable, (on, extra) =>
        {
            var settings = new GitLabDockerBuildSettings
            {
                BranchImages = on[0], MergeRequestImages = on[1], SemVerTags = on[2], LatestOnRelease = on[3], CommitTag = on[4],
                Engine = on[5] ? GitLabDockerEngine.Buildah : null,
            };
            if (extra is not null)
            {
                settings.AdditionalTags.Add(extra);
            }

            return settings;
        });

    [Fact]
    public void Any_variables_give_valid_references_or_a_cake_exception_that_names_the_fix()
    {
        int plans = 0, pushes = 0, refusals = 0;
        Gen.Select(Pipelines, Settings).Sample((variables, settings) =>
        {
            GitLabDockerBuildPlan plan;
            try
            {
                plan = Inputs.Plan(variables, settings);
                Interlocked.Increment(ref plans);
                Interlocked.Add(ref pushes, plan.Push ? 1 : 0);
            }
            catch (CakeException error)
            {
                Assert.Matches(Grammar.NamesTheFix(), error.Message);
                Interlocked.Increment(ref refusals);
                return;
            }

            Assert.Matches(Grammar.Repository(), plan.Image);
            Assert.All(plan.Tags, reference =>
            {
                Assert.Matches(Grammar.Reference(), reference);
                Assert.StartsWith(plan.Image + ":", reference);
            });

            // buildx and BuildKit keep a cache under a tag of the image; Buildah in a repository beside it.
            Assert.All(plan.CacheFrom.Append(plan.CacheTo ?? plan.CacheFrom[0]), cache =>
            {
                if (plan.Engine == GitLabDockerEngine.Buildah)
                {
                    Assert.Matches(Grammar.Repository(), cache);
                    Assert.StartsWith(plan.Image + "/", cache);
                }
                else
                {
                    Assert.Matches(Grammar.Reference(), cache);
                    Assert.StartsWith(plan.Image + ":", cache);
                }
            });
            Assert.Equal(plan.Tags.Count, plan.Tags.Distinct().Count());
            Assert.True(plan.Push ? plan.Tags.Count > 0 : plan.CacheTo is null);
            if (plan.Image.StartsWith(Variables.Image + "/", StringComparison.Ordinal))
            {
                Assert.True(plan.Image[(Variables.Image.Length + 1)..].Split('/').Length <= 2);
            }
        }, iter: 6000);

        // The generators must reach both outcomes often, or the property proves little (expected: ~1100 plans, ~200
        // pushing, ~4900 refusals; the bounds are several standard deviations below).
        Assert.True(plans > 600 && pushes > 100 && refusals > 600, $"{plans} plans ({pushes} pushing), {refusals} refusals");
    }

    [Fact]
    public void A_branch_tag_is_always_a_docker_tag_and_depends_only_on_the_name()
    {
        HostileGen.Value.Sample(branch =>
        {
            var tag = BranchTag.For(branch, null);

            Assert.True(DockerTag.IsValid(tag) && tag.Length <= 70, tag);
            Assert.Matches("^[a-z0-9-]+$", tag);

            // The same tag whether GitLab gave its slug (CI_COMMIT_REF_SLUG, on GitLab) or the add-in computed it (locally).
            var slug = RefSlug.From(branch);
            if (slug.Length > 0)
            {
                Assert.Equal(tag, BranchTag.For(branch, slug));
            }

            // A hash, where one is added, is the name's own (SHA-256), so every process and machine gives the same tag.
            if (slug.Length == 0 || branch.EnumerateRunes().Count() > 63)
            {
                Assert.EndsWith("-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(branch)))[..8], tag);
            }
        }, iter: 3000);
    }

    [Fact]
    public void Two_long_branches_that_share_gitlabs_63_character_slug_never_share_a_tag()
    {
        var names = Gen.Char["abc-/_9"].Array[63, 120].Select(chars => new string(chars));
        Gen.Select(names, HostileGen.Value, HostileGen.Value).Sample((prefix, first, second) =>
        {
            if (first == second)
            {
                return;
            }

            Assert.NotEqual(BranchTag.For(prefix + first, null), BranchTag.For(prefix + second, null));
        }, iter: 3000);
    }

    [Fact]
    public void A_git_tag_becomes_a_docker_tag_or_is_refused_by_name()
    {
        HostileGen.Value.Sample(gitTag =>
        {
            try
            {
                Assert.True(DockerTag.IsValid(DockerTag.FromGitTag(gitTag, "CI_COMMIT_TAG")));
            }
            catch (CakeException error)
            {
                Assert.StartsWith("CI_COMMIT_TAG '", error.Message);
            }
        }, iter: 3000);
    }
}
