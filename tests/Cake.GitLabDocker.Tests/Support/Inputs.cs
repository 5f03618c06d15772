namespace Cake.GitLabDocker.Tests;

internal static class Inputs
{
    public static BuildInputs Default(string context = "/src/app") =>
        new(context, null, [], TlsVerify: true, CertDirectory: null, Builder: null, StorageDriver: "vfs", Isolation: "chroot", Retry: null);

    public static GitLabDockerBuildPlan Plan(Dictionary<string, string?> variables, GitLabDockerBuildSettings? settings = null) =>
        BuildPlanner.Plan(GitLabPipeline.FromVariables(variables.Reader()), settings ?? new GitLabDockerBuildSettings(), variables.Reader());
}
