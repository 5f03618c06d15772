using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// What the aliases do: read the pipeline, make the plan, log it, then log in and build with the chosen engine (or,
/// in a dry run, log the commands instead). Every check happens before the first process starts, so bad input never
/// leaves a half-done push.
/// </summary>
/// <param name="log">Cake's log.</param>
/// <param name="environment">Reads an environment variable.</param>
/// <param name="absolute">Makes a path absolute.</param>
/// <param name="processes">Returns the process that runs an executable (<c>docker</c>, <c>buildah</c>, <c>skopeo</c>) with these settings.</param>
/// <param name="git">Runs <c>git</c> for local runs (see <see cref="LocalGit"/>); <see langword="null"/> reads no Git.</param>
/// <param name="dryRunArgument">Whether the Cake argument <c>--gitlab-docker-dry-run</c> was given.</param>
internal sealed class GitLabDockerRunner(
    ICakeLog log,
    Func<string, string?> environment,
    Func<Cake.Core.IO.Path, string> absolute,
    Func<string, GitLabDockerBuildSettings, IEngineProcess> processes,
    Func<string[], string?>? git = null,
    bool dryRunArgument = false)
{
    /// <summary>The Cake argument that turns on the dry run.</summary>
    public const string DryRunArgument = "gitlab-docker-dry-run";

    private const string Skopeo = "skopeo";

    private readonly Func<string, string?> _variable = IsOnGitLab(environment) || git is null
        ? environment
        : LocalGit.Overlay(environment, git);

    private readonly JobLog _jobLog = new(log, IsOnGitLab(environment));

    public static GitLabDockerRunner For(ICakeContext context) => new(
        context.Log,
        context.Environment.GetEnvironmentVariable,
        path => path switch
        {
            FilePath file => file.MakeAbsolute(context.Environment).FullPath,
            DirectoryPath folder => folder.MakeAbsolute(context.Environment).FullPath,
            _ => path.FullPath,
        },
        (executable, settings) => new EngineTool(
            context.FileSystem, context.Environment, context.ProcessRunner, context.Tools, context.Log, executable, settings,
            ownToolPath: executable != Skopeo),
        arguments => GitProcess.Run(context, arguments),
        DryRunRequested(context.Arguments));

    public GitLabDockerBuildPlan Plan(GitLabDockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return BuildPlanner.Plan(GitLabPipeline.FromVariables(_variable), settings, _variable);
    }

    public GitLabDockerBuildResult Build(GitLabDockerBuildSettings settings) => Run(settings, promoteOnly: false);

    public GitLabDockerBuildResult Promote(GitLabDockerBuildSettings settings) => Run(settings, promoteOnly: true);

    private GitLabDockerBuildResult Run(GitLabDockerBuildSettings settings, bool promoteOnly)
    {
        var pipeline = GitLabPipeline.FromVariables(_variable);
        var plan = BuildPlanner.Plan(pipeline, settings, _variable, promoteOnly);
        if (promoteOnly && plan.PromoteFrom is null)
        {
            throw new CakeException(
                $"GitLabDockerPromote copies the commit's image to release tags, so it runs in tag pipelines ({GitLabVariables.CommitTag} set) " +
                $"that push; this is a {pipeline.RefKind} pipeline{(plan.Push ? string.Empty : " that pushes nothing")}. Limit the job with 'rules: - if: $CI_COMMIT_TAG'.");
        }

        var inputs = SettingsResolver.Inputs(settings, _variable, absolute);
        var dryRun = settings.DryRun || dryRunArgument;
        if (dryRun)
        {
            log.Information("{0}", "Dry run: the plan and the commands it would run; nothing runs.");
            foreach (var line in plan.ToString().Split('\n'))
            {
                log.Information("{0}", line.TrimEnd('\r'));
            }
        }

        foreach (var note in plan.Notes)
        {
            log.Information("{0}", note);
        }

        var engine = Engine(plan.Engine, settings, dryRun);
        if (plan.Login || plan.DependencyProxy is not null)
        {
            using (_jobLog.Section("gitlab_docker_login", $"Log in to {string.Join(" and ", new[] { plan.Registry, plan.DependencyProxy }.OfType<string>())}"))
            {
                if (plan.Login)
                {
                    engine.Login(RequireCredentials(settings, pipeline), inputs);
                }

                if (plan.DependencyProxy is not null)
                {
                    engine.Login(SettingsResolver.DependencyProxy(settings, plan.Registry, _variable)!, inputs);
                }
            }
        }

        var digest = plan.PromoteFrom is { } source
            ? PromoteOrBuild(engine, plan, source, inputs, promoteOnly, dryRun)
            : engine.Build(plan, inputs);
        if (plan.DotenvFile is { } dotenv)
        {
            DotenvWriter.Write(absolute(new FilePath(dotenv)), plan, digest, dryRun, log);
        }

        log.Information("{0}",
            dryRun ? "Dry run: nothing was built, pushed or logged in to."
            : plan.Push ? $"Pushed {string.Join(", ", plan.Tags)} at {digest}."
            : $"Built without pushing ({plan.Pipeline} pipeline).");
        return new GitLabDockerBuildResult(plan, digest);
    }

    public void Login(GitLabDockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pipeline = GitLabPipeline.FromVariables(_variable);
        var engine = SettingsResolver.Engine(settings, _variable);
        var credentials = RequireCredentials(settings, pipeline);
        Engine(engine, settings, dryRun: false).Login(credentials, SettingsResolver.Inputs(settings, _variable, absolute));
        log.Information("Logged in to {0} as {1}.", credentials.Registry, credentials.Username);
    }

    private string? PromoteOrBuild(IBuildEngine engine, GitLabDockerBuildPlan plan, string source, BuildInputs inputs, bool promoteOnly, bool dryRun)
    {
        var digest = engine.Inspect(source, inputs);
        if (digest is null && !(promoteOnly && dryRun))
        {
            if (promoteOnly)
            {
                throw new CakeException(
                    $"{source} does not exist, so there is nothing to promote: the default-branch pipeline of this commit pushes it " +
                    "when GitLabDockerBuildSettings.CommitTag is on (and it must have finished before the tag pipeline runs).");
            }

            log.Information("{0}", $"{source} does not exist yet: building instead of promoting.");
            return engine.Build(plan, inputs);
        }

        var targets = plan.Tags.Where(tag => tag != source).ToList();
        log.Information("{0}", $"Promoting {source} ({digest ?? "its digest"}) to {string.Join(", ", targets)} without rebuilding.");
        return engine.Promote(source, digest ?? "sha256:<digest>", targets, inputs);
    }

    private static bool IsOnGitLab(Func<string, string?> environment) =>
        string.Equals(environment(GitLabVariables.GitLabCi)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static string Executable(GitLabDockerEngine engine) => engine == GitLabDockerEngine.Buildah ? "buildah" : "docker";

    private static bool DryRunRequested(ICakeArguments arguments) =>
        arguments.HasArgument(DryRunArgument)
        && arguments.GetArguments(DryRunArgument).LastOrDefault()?.Trim().ToLowerInvariant() is null or "" or "true" or "1" or "yes";

    private IBuildEngine Engine(GitLabDockerEngine engine, GitLabDockerBuildSettings settings, bool dryRun)
    {
        IEngineProcess Process(string executable) => dryRun ? new DryRunProcess(log, executable) : processes(executable, settings);
        return engine == GitLabDockerEngine.Buildah
            ? new BuildahEngine(Process("buildah"), _jobLog, Process(Skopeo))
            : new BuildxEngine(Process("docker"), _jobLog);
    }

    private RegistryCredentials RequireCredentials(GitLabDockerBuildSettings settings, GitLabPipeline pipeline)
    {
        var image = BuildPlanner.ImageOf(pipeline, settings);
        var (credentials, missing) = SettingsResolver.Credentials(settings, pipeline, image, _variable);
        return credentials ?? throw new CakeException(
            $"Cannot log in to the registry: {string.Join("; ", missing)} is not set. On GitLab CI these are predefined " +
            "when the project's container registry is enabled; elsewhere set them in GitLabDockerBuildSettings.");
    }
}
