using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>What an alias call is for; each makes the same <see cref="Resolution"/> and then decides what to do with it.</summary>
internal enum AliasIntent
{
    /// <summary><c>GitLabDockerPlan</c>: return the plan.</summary>
    Plan,

    /// <summary><c>GitLabDockerBuild</c>: log in, build, push.</summary>
    Build,

    /// <summary><c>GitLabDockerPromote</c>: copy the commit's image to the release tags.</summary>
    Promote,

    /// <summary><c>GitLabDockerLogin</c>: log in only.</summary>
    Login,

    /// <summary><c>GitLabDockerMerge</c>: join the native platform images into one index under the pipeline's tags.</summary>
    Merge,
}

/// <summary>
/// Everything an alias call needs, resolved once and checked before the first process starts: the pipeline, the plan,
/// the engine's inputs, the logins and whether this is a dry run.
/// </summary>
/// <param name="Intent">What the call is for.</param>
/// <param name="Pipeline">The pipeline read from the variables.</param>
/// <param name="Plan">The plan.</param>
/// <param name="Inputs">The build inputs as the engines consume them.</param>
/// <param name="Registry">The registry login, or <see langword="null"/>.</param>
/// <param name="DependencyProxy">The Dependency Proxy login, or <see langword="null"/>.</param>
/// <param name="DryRun">Whether commands are logged instead of run.</param>
internal sealed record Resolution(
    AliasIntent Intent,
    GitLabPipeline Pipeline,
    GitLabDockerBuildPlan Plan,
    BuildInputs Inputs,
    RegistryCredentials? Registry,
    RegistryCredentials? DependencyProxy,
    bool DryRun)
{
    /// <summary>Resolves an alias call, or throws the <see cref="CakeException"/> that names the bad or missing input.</summary>
    /// <param name="intent">What the call is for.</param>
    /// <param name="settings">The user's settings.</param>
    /// <param name="variable">Reads a variable (the environment, with Git's answers locally).</param>
    /// <param name="absolute">Makes a path absolute.</param>
    /// <param name="dryRunArgument">Whether the Cake argument <c>--gitlab-docker-dry-run</c> was given.</param>
    /// <param name="host">What the machine has (executables, sockets, files); <see langword="null"/> checks nothing.</param>
    public static Resolution For(
        AliasIntent intent, GitLabDockerBuildSettings settings, Func<string, string?> variable,
        Func<Cake.Core.IO.Path, string> absolute, bool dryRunArgument, HostChecks? host = null)
    {
        host ??= HostChecks.None;
        ArgumentNullException.ThrowIfNull(settings);
        if (intent == AliasIntent.Merge)
        {
            CheckMerge(settings);
        }

        var pipeline = GitLabPipeline.FromVariables(variable);
        var inputs = BuildInputsResolver.Resolve(settings, variable, absolute);
        var planned = BuildPlanner.Resolve(pipeline, settings, variable, promote: intent == AliasIntent.Promote, merge: intent == AliasIntent.Merge);
        if (planned.Plan.Engine == GitLabDockerEngine.BuildKit && intent != AliasIntent.Merge)
        {
            inputs = inputs with { BuildKit = BuildKitClient.Resolve(settings, variable, host.OnPath, absolute, host.SocketExists) };
        }

        // GitLabDockerPromote and GitLabDockerLogin build nothing, so they need no Dockerfile.
        if (intent is AliasIntent.Build or AliasIntent.Plan)
        {
            BuildFiles.Check(inputs, planned.Plan.Engine, host);
        }
        var registry = intent == AliasIntent.Login ? planned.Registry ?? LoginCredentials(settings, pipeline, variable) : planned.Registry;
        if (intent == AliasIntent.Promote && planned.Plan.PromoteFrom is null)
        {
            throw new CakeException(
                $"GitLabDockerPromote copies the commit's image to release tags, so it runs in tag pipelines ({GitLabVariables.CommitTag} set) " +
                $"that push; this is a {pipeline.RefKind.Words()} pipeline{(planned.Plan.Push ? string.Empty : " that pushes nothing")}. " +
                "Limit the job with 'rules: - if: $CI_COMMIT_TAG'.");
        }

        return new Resolution(intent, pipeline, planned.Plan, inputs, registry, planned.DependencyProxy, settings.DryRun || dryRunArgument);
    }

    private static void CheckMerge(GitLabDockerBuildSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.NativePlatform))
        {
            throw new CakeException(
                "GitLabDockerMerge joins the platform images, it builds none: remove GitLabDockerBuildSettings.NativePlatform from the " +
                "merge job's settings and list the platforms in Platforms (settings.WithPlatform(\"linux/amd64\").WithPlatform(\"linux/arm64\")).");
        }

        if (settings.Platforms.Count == 0)
        {
            throw new CakeException(
                "GitLabDockerMerge needs the platforms to merge: list each one the build jobs make in GitLabDockerBuildSettings.Platforms " +
                "(settings.WithPlatform(\"linux/amd64\").WithPlatform(\"linux/arm64\")).");
        }
    }

    /// <summary><c>GitLabDockerLogin</c> logs in even where the plan would not (a local run, a pipeline that pushes nothing).</summary>
    private static RegistryCredentials LoginCredentials(GitLabDockerBuildSettings settings, GitLabPipeline pipeline, Func<string, string?> variable)
    {
        var (credentials, missing) = SettingsResolver.Credentials(settings, pipeline, BuildPlanner.ImageOf(pipeline, settings), variable);
        return credentials ?? throw new CakeException(
            $"Cannot log in to the registry: {string.Join("; ", missing)} is not set. On GitLab CI these are predefined " +
            "when the project's container registry is enabled; elsewhere set them in GitLabDockerBuildSettings.");
    }
}
