namespace Cake.GitLabDocker.Tests;

/// <summary>GitLab variables for one test pipeline.</summary>
internal static class Variables
{
    public const string Image = "registry.gitlab.example/group/app";
    public const string Password = "glcbt-s3cr3t'\"$(id);`x`";

    /// <summary>The variables GitLab sets in every job of a project with the container registry on.</summary>
    public static Dictionary<string, string?> Job() => new()
    {
        ["GITLAB_CI"] = "true",
        ["CI_RUNNER_ID"] = "7",
        ["CI_REGISTRY"] = "registry.gitlab.example",
        ["CI_REGISTRY_IMAGE"] = Image,
        ["CI_REGISTRY_USER"] = "gitlab-ci-token",
        ["CI_REGISTRY_PASSWORD"] = Password,
        ["CI_DEFAULT_BRANCH"] = "main",
        ["CI_PIPELINE_SOURCE"] = "push",
    };

    public static Dictionary<string, string?> Tag(string tag = "v1.2.3") =>
        With(Job(), ("CI_COMMIT_TAG", tag), ("CI_COMMIT_REF_NAME", tag));

    public static Dictionary<string, string?> DefaultBranch() =>
        With(Job(), ("CI_COMMIT_BRANCH", "main"), ("CI_COMMIT_REF_NAME", "main"));

    public static Dictionary<string, string?> Branch(string branch = "feature/login") =>
        With(Job(), ("CI_COMMIT_BRANCH", branch), ("CI_COMMIT_REF_NAME", branch));

    public static Dictionary<string, string?> MergeRequest() => With(Job(),
        ("CI_PIPELINE_SOURCE", "merge_request_event"), ("CI_MERGE_REQUEST_IID", "42"),
        ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature/login"), ("CI_COMMIT_REF_NAME", "feature/login"));

    public static Dictionary<string, string?> Local() => new();

    public static Dictionary<string, string?> With(Dictionary<string, string?> variables, params (string Name, string? Value)[] changes)
    {
        foreach (var (name, value) in changes)
        {
            variables[name] = value;
        }

        return variables;
    }

    public static Func<string, string?> Reader(this Dictionary<string, string?> variables) =>
        name => variables.GetValueOrDefault(name);
}
