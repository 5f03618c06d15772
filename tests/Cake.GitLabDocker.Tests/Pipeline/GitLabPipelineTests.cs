namespace Cake.GitLabDocker.Tests;

public class GitLabPipelineTests
{
    public static TheoryData<string, Dictionary<string, string?>, GitLabPipelineKind> Pipelines => new()
    {
        { "tag", Variables.Tag(), GitLabPipelineKind.Tag },
        { "default branch", Variables.DefaultBranch(), GitLabPipelineKind.DefaultBranch },
        { "feature branch", Variables.Branch(), GitLabPipelineKind.Branch },
        { "merge request", Variables.MergeRequest(), GitLabPipelineKind.MergeRequest },
        { "MR known by its IID only", Variables.With(Variables.Job(), ("CI_MERGE_REQUEST_IID", "7")), GitLabPipelineKind.MergeRequest },
        { "laptop", Variables.Local(), GitLabPipelineKind.Local },
        { "laptop with stray CI variables", Variables.With(Variables.DefaultBranch(), ("GITLAB_CI", null)), GitLabPipelineKind.Local },
        { "tag wins over a branch", Variables.With(Variables.Tag(), ("CI_COMMIT_BRANCH", "main")), GitLabPipelineKind.Tag },
        { "empty tag is no tag", Variables.With(Variables.DefaultBranch(), ("CI_COMMIT_TAG", "")), GitLabPipelineKind.DefaultBranch },
        { "empty default branch", Variables.With(Variables.DefaultBranch(), ("CI_DEFAULT_BRANCH", "")), GitLabPipelineKind.Branch },
        { "branch named like the default but other case", Variables.Branch("Main"), GitLabPipelineKind.Branch },
        { "scheduled pipeline on the default branch", Variables.With(Variables.DefaultBranch(), ("CI_PIPELINE_SOURCE", "schedule")), GitLabPipelineKind.DefaultBranch },
        { "no branch and no tag", Variables.Job(), GitLabPipelineKind.Branch },
    };

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Detects_the_pipeline_kind(string name, Dictionary<string, string?> variables, GitLabPipelineKind expected)
    {
        var pipeline = GitLabPipeline.FromVariables(variables.Reader());

        Assert.True(expected == pipeline.Kind, $"{name}: expected {expected}, got {pipeline.Kind}");
    }

    [Fact]
    public void Keeps_the_values_it_read()
    {
        var pipeline = GitLabPipeline.FromVariables(Variables.Tag("v2.0.0").Reader());

        Assert.Equal(
            new GitLabPipeline
            {
                Kind = GitLabPipelineKind.Tag,
                RefKind = GitLabPipelineKind.Tag,
                CommitTag = "v2.0.0",
                DefaultBranch = "main",
                CommitRefName = "v2.0.0",
                Registry = "registry.gitlab.example",
                RegistryImage = Variables.Image,
            },
            pipeline);
    }

    [Fact]
    public void Holds_no_credentials()
    {
        // It cannot hold what it never reads; the credentials are read by name where they are used.
        var variables = Variables.With(Variables.Tag(),
            ("CI_DEPENDENCY_PROXY_USER", "proxy-user"), ("CI_DEPENDENCY_PROXY_PASSWORD", "proxy-s3cr3t"), ("CI_JOB_TOKEN", "job-s3cr3t"));
        var read = new List<string>();

        GitLabPipeline.FromVariables(name =>
        {
            read.Add(name);
            return variables.GetValueOrDefault(name);
        });

        Assert.Contains("CI_REGISTRY", read);
        string[] credentials = ["CI_REGISTRY_USER", "CI_REGISTRY_PASSWORD", "CI_DEPENDENCY_PROXY_USER", "CI_DEPENDENCY_PROXY_PASSWORD", "CI_JOB_TOKEN"];
        Assert.Empty(read.Intersect(credentials));
    }
}
