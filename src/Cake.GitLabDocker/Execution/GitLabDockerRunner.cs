using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// What the aliases do: read the pipeline, make the plan, log it, then log in and build with the chosen engine.
/// Every check happens before the first process starts, so bad input never leaves a half-done push.
/// </summary>
internal sealed class GitLabDockerRunner(
    ICakeLog log,
    Func<string, string?> variable,
    Func<Cake.Core.IO.Path, string> absolute,
    Func<GitLabDockerEngine, GitLabDockerBuildSettings, IBuildEngine> engines)
{
    public static GitLabDockerRunner For(ICakeContext context) => new(
        context.Log,
        context.Environment.GetEnvironmentVariable,
        path => path switch
        {
            FilePath file => file.MakeAbsolute(context.Environment).FullPath,
            DirectoryPath folder => folder.MakeAbsolute(context.Environment).FullPath,
            _ => path.FullPath,
        },
        (engine, settings) =>
        {
            var executable = engine == GitLabDockerEngine.Buildah ? "buildah" : "docker";
            var tool = new EngineTool(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, executable, settings);
            return engine == GitLabDockerEngine.Buildah ? new BuildahEngine(tool) : new BuildxEngine(tool);
        });

    public GitLabDockerBuildPlan Plan(GitLabDockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return BuildPlanner.Plan(GitLabPipeline.FromVariables(variable), settings, variable);
    }

    public GitLabDockerBuildResult Build(GitLabDockerBuildSettings settings)
    {
        var pipeline = GitLabPipeline.FromVariables(variable);
        var plan = BuildPlanner.Plan(pipeline, settings, variable);
        var inputs = SettingsResolver.Inputs(settings, variable, absolute);
        foreach (var note in plan.Notes)
        {
            log.Information("{0}", note);
        }

        var engine = engines(plan.Engine, settings);
        if (plan.Login)
        {
            engine.Login(RequireCredentials(settings, pipeline), inputs);
        }

        var digest = engine.Build(plan, inputs);
        var result = new GitLabDockerBuildResult(plan, digest);
        log.Information("{0}", plan.Push
            ? $"Pushed {string.Join(", ", plan.Tags)} ({digest})."
            : $"Built without pushing ({plan.Pipeline} pipeline).");
        return result;
    }

    public void Login(GitLabDockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pipeline = GitLabPipeline.FromVariables(variable);
        var engine = SettingsResolver.Engine(settings, variable);
        var credentials = RequireCredentials(settings, pipeline);
        engines(engine, settings).Login(credentials, SettingsResolver.Inputs(settings, variable, absolute));
        log.Information("Logged in to {0} as {1}.", credentials.Registry, credentials.Username);
    }

    private RegistryCredentials RequireCredentials(GitLabDockerBuildSettings settings, GitLabPipeline pipeline)
    {
        var image = BuildPlanner.ImageOf(pipeline, settings);
        var (credentials, missing) = SettingsResolver.Credentials(settings, pipeline, image, variable);
        return credentials ?? throw new CakeException(
            $"Cannot log in to the registry: {string.Join("; ", missing)} is not set. On GitLab CI these are predefined " +
            "when the project's container registry is enabled; elsewhere set them in GitLabDockerBuildSettings.");
    }
}
