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
/// <param name="host">What the machine has (executables, sockets, files); <see langword="null"/> checks nothing.</param>
/// <param name="registry">Makes the registry client that checks and writes the tags; <see langword="null"/> uses <see cref="RegistryClient"/>.</param>
internal sealed class GitLabDockerRunner(
    ICakeLog log,
    Func<string, string?> environment,
    Func<Cake.Core.IO.Path, string> absolute,
    Func<string, GitLabDockerBuildSettings, IEngineProcess> processes,
    Func<string[], string?>? git = null,
    bool dryRunArgument = false,
    HostChecks? host = null,
    Func<Resolution, IImageRegistry>? registry = null)
{
    /// <summary>The Cake argument that turns on the dry run.</summary>
    public const string DryRunArgument = "gitlab-docker-dry-run";

    private const string Skopeo = "skopeo";

    private readonly Func<string, string?> _variable = IsOnGitLab(environment) || git is null
        ? environment
        : LocalGit.Overlay(environment, git);

    private readonly JobLog _jobLog = new(log, JobLog.ShowsSections(environment));

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
        DryRunRequested(context.Arguments),
        HostChecks.Of(context));

    /// <summary>Resolves the call: every check runs here, before any process starts.</summary>
    public Resolution Resolve(AliasIntent intent, GitLabDockerBuildSettings settings) =>
        Resolution.For(intent, settings, _variable, absolute, dryRunArgument, host);

    public GitLabDockerBuildPlan Plan(GitLabDockerBuildSettings settings) => Resolve(AliasIntent.Plan, settings).Plan;

    public GitLabDockerBuildResult Build(GitLabDockerBuildSettings settings) => Run(Resolve(AliasIntent.Build, settings), settings);

    public GitLabDockerBuildResult Promote(GitLabDockerBuildSettings settings) => Run(Resolve(AliasIntent.Promote, settings), settings);

    /// <summary>Joins the native platform images into one index under the pipeline's tags; see <see cref="Merger"/>.</summary>
    public GitLabDockerBuildResult Merge(GitLabDockerBuildSettings settings)
    {
        var resolution = Resolve(AliasIntent.Merge, settings);
        var plan = resolution.Plan;
        if (!plan.Push)
        {
            log.Information("{0}", $"This {plan.Pipeline.Words()} pipeline pushes nothing, so there is nothing to merge.");
            if (DotenvReport.UnwrittenFile(settings, resolution.Pipeline, plan.Push) is { } stale)
            {
                DotenvWriter.RemoveStale(absolute(new FilePath(stale)), plan, resolution.DryRun, log);
            }

            return new GitLabDockerBuildResult(plan, null, null);
        }

        foreach (var note in plan.Notes)
        {
            log.Information("{0}", note);
        }

        var (digest, outcome) = new Merger(log, _jobLog, _variable, Writer(resolution), Registry).Merge(resolution);
        if (plan.DotenvFile is { } dotenv)
        {
            DotenvWriter.Write(absolute(new FilePath(dotenv)), plan, digest, outcome.Written, resolution.DryRun, log);
        }

        log.Information("{0}", resolution.DryRun
            ? "Dry run: nothing was read or written."
            : $"Merged {string.Join(", ", plan.Platforms)} into {Written(outcome)} at {digest}{Kept(outcome)}.");
        return new GitLabDockerBuildResult(plan, digest, outcome);
    }

    /// <summary>
    /// Logs the engine in to its own credentials store (the user's Docker config or credential helper, Buildah's auth
    /// file), where the login stays: a user who calls <c>GitLabDockerLogin</c> wants it for later steps of their own.
    /// The build aliases never do this; they use a private file per call.
    /// </summary>
    public void Login(GitLabDockerBuildSettings settings)
    {
        var resolution = Resolve(AliasIntent.Login, settings);
        var credentials = resolution.Registry!;
        if (resolution.Plan.Engine == GitLabDockerEngine.BuildKit)
        {
            log.Information("{0}", $"The BuildKit engine has no login: each build gives buildctl the credentials for {credentials.Registry} itself.");
            return;
        }

        if (resolution.DryRun)
        {
            log.Information("{0}", "Dry run: the login it would run; nothing runs.");
        }

        using var engine = Engine(resolution, settings);
        engine.LoginForLater(credentials, resolution.Inputs);
        log.Information("{0}", resolution.DryRun
            ? $"Dry run: did not log in to {credentials.Registry}."
            : $"Logged in to {credentials.Registry} as {credentials.Username}; the login stays in the engine's credentials store.");
    }

    private GitLabDockerBuildResult Run(Resolution resolution, GitLabDockerBuildSettings settings)
    {
        var (plan, dryRun) = (resolution.Plan, resolution.DryRun);
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

        // Before the build, so that not even a failed job (artifacts: when: always) hands on an earlier job's report.
        if (DotenvReport.UnwrittenFile(settings, resolution.Pipeline, plan.Push) is { } stale)
        {
            DotenvWriter.RemoveStale(absolute(new FilePath(stale)), plan, dryRun, log);
        }

#pragma warning disable CS0618 // KeepLogin is read only to say it has no effect.
        if (settings.KeepLogin)
#pragma warning restore CS0618
        {
            log.Information("{0}", "KeepLogin has no effect: the build's credentials live in a private file of the call's own and go " +
                                   "with it. Call GitLabDockerLogin() for a login that stays in the engine's credentials store.");
        }

        // The job's credentials live in the engine's private file for this call only, deleted when the engine is disposed.
        // Made first: it looks for the engine's executable beside what follows.
        using var engine = Engine(resolution, settings);
        var tags = plan.TagsChecked && !dryRun ? Registry(resolution) : null;
        try
        {
            return Execute(resolution, engine, tags);
        }
        finally
        {
            Release(tags);
        }
    }

    /// <summary>The engine's checks and logins, the build (or promotion), the tag writes and the hand-off report.</summary>
    private GitLabDockerBuildResult Execute(Resolution resolution, IBuildEngine engine, IImageRegistry? tags)
    {
        var (plan, inputs, dryRun) = (resolution.Plan, resolution.Inputs, resolution.DryRun);

        // A promotion builds only when its image is missing, so its checks are left to that build.
        if (plan.PromoteFrom is null)
        {
            engine.StartChecks(inputs);
        }

        var logins = new[] { resolution.Registry, resolution.DependencyProxy }.OfType<RegistryCredentials>().ToList();
        if (logins.Count > 0)
        {
            using (_jobLog.Section("gitlab_docker_login", $"Log in to {string.Join(" and ", logins.Select(login => login.Registry))}"))
            {
                foreach (var login in logins)
                {
                    engine.Login(login, inputs);
                }
            }
        }

        // The first tag's check is read ahead while the engine builds: .NET's one-time HTTP (and TLS) setup, the registry's
        // token and what the tag holds are had there, on this client, so the checks after the build take milliseconds. Not
        // during the engine's login, a short command that would share the machine's cores with it.
        var readAhead = tags is RegistryClient client && plan.Tags.Count > 0
            ? Task.Run(() => Writer(resolution).ReadAhead(plan, WillWrite(client, plan).WithoutRetries()))
            : null;

        var promoteOnly = resolution.Intent == AliasIntent.Promote;
        var digest = plan.PromoteFrom is { } source
            ? PromoteOrBuild(engine, plan, source, inputs, promoteOnly, dryRun)
            : engine.Build(plan, inputs);
        readAhead?.Wait();
        var outcome = WriteTags(resolution, plan, digest, tags);

        if (plan.DotenvFile is { } dotenv)
        {
            DotenvWriter.Write(absolute(new FilePath(dotenv)), plan, digest, outcome?.Written ?? plan.Tags, dryRun, log);
        }

        log.Information("{0}",
            dryRun ? "Dry run: nothing was built, pushed or logged in to."
            : plan.Push ? $"Pushed {(outcome is null ? string.Join(", ", plan.Tags) : Written(outcome))} at {digest}{(outcome is null ? string.Empty : Kept(outcome))}."
            : $"Built without pushing ({plan.Pipeline.Words()} pipeline).");
        return new GitLabDockerBuildResult(plan, digest, outcome);
    }

    /// <summary>
    /// Writes the plan's tags through the registry API once the engine pushed the image by digest (or to its staging tag),
    /// each after its check (<see cref="TagWriter"/>). A dry run says what it would check; a native build writes none.
    /// </summary>
    private TagOutcome? WriteTags(Resolution resolution, GitLabDockerBuildPlan plan, string? digest, IImageRegistry? registry)
    {
        if (!plan.TagsChecked)
        {
            return null;
        }

        if (registry is not null && digest is null)
        {
            throw new CakeException(
                $"The {plan.Engine} engine pushed but did not report the image's digest, so no tag was written: {string.Join(", ", plan.Tags)}.");
        }

        if (registry is null || digest is null)
        {
            _jobLog.Line($"Would check each of {string.Join(", ", plan.Tags)} in the registry and write those that may move to the new digest.");
            return new TagOutcome(plan.Tags, []);
        }

        using (_jobLog.Section("gitlab_docker_tags", $"Write {plan.Tags.Count} tag(s) after their checks"))
        {
            var writer = Writer(resolution);
            using var cache = writer.CacheMoveFor(plan, registry);
            var outcome = writer.Write(plan, digest, registry, plan.Tags, cache);
            try
            {
                cache?.Finish(outcome);
            }
            catch (CakeException failure) when (resolution.Inputs.CacheIgnoreError)
            {
                _jobLog.Warning($"The cache {plan.CacheTo} was not moved ({failure.Message}); CacheIgnoreError is on, so the job goes on.");
            }

            return outcome;
        }
    }

    /// <summary>
    /// Closes the registry client's connections on the thread pool: nothing uses it after the call, and closing TLS
    /// connections (code .NET runs for the first time here) would keep the job waiting for milliseconds.
    /// </summary>
    private static void Release(IImageRegistry? registry)
    {
        if (registry is not null)
        {
            _ = Task.Run(registry.Dispose);
        }
    }

    /// <summary>The tags' repositories and the cache's will be written: their first token is asked with push, as docker push asks.</summary>
    private static RegistryClient WillWrite(RegistryClient client, GitLabDockerBuildPlan plan)
    {
        foreach (var reference in plan.Tags.Append(plan.CacheTo).OfType<string>())
        {
            client.WillWrite(reference);
        }

        return client;
    }

    private TagWriter Writer(Resolution resolution) =>
        new(_jobLog, new CommitAncestry(git, resolution.Pipeline.CommitSha).Of);

    private IImageRegistry Registry(Resolution resolution) =>
        registry?.Invoke(resolution) ?? new RegistryClient(
            resolution.Registry, resolution.Inputs.TlsVerify, resolution.Inputs.CertDirectory, resolution.Inputs.PushRetries, _jobLog.Line);

    private static string Written(TagOutcome outcome) => outcome.Written.Count == 0 ? "no tag" : string.Join(", ", outcome.Written);

    private static string Kept(TagOutcome outcome) =>
        outcome.Kept.Count == 0 ? string.Empty : $"; left where they were: {string.Join(", ", outcome.Kept.Select(kept => kept.Tag))}";

    private string? PromoteOrBuild(
        IBuildEngine engine, GitLabDockerBuildPlan plan, string source, BuildInputs inputs, bool promoteOnly, bool dryRun)
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

        log.Information("{0}", $"Promoting {source} ({digest ?? "its digest"}) to {string.Join(", ", plan.Tags.Where(tag => tag != source))} without rebuilding.");
        return digest ?? "sha256:<digest>";
    }

    private static bool IsOnGitLab(Func<string, string?> environment) =>
        string.Equals(environment(GitLabVariables.GitLabCi)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static bool DryRunRequested(ICakeArguments arguments) =>
        arguments.HasArgument(DryRunArgument)
        && arguments.GetArguments(DryRunArgument).LastOrDefault()?.Trim().ToLowerInvariant() is null or "" or "true" or "1" or "yes";

    private IBuildEngine Engine(Resolution resolution, GitLabDockerBuildSettings settings)
    {
        IEngineProcess Process(string executable) =>
            resolution.DryRun ? new DryRunProcess(log, executable) : processes(executable, settings);
        return resolution.Plan.Engine switch
        {
            GitLabDockerEngine.Buildah => new BuildahEngine(Process("buildah"), _jobLog, Process(Skopeo), variable: environment),
            GitLabDockerEngine.BuildKit => new BuildKitEngine(
                Process(resolution.Inputs.BuildKit!.Executable), resolution.Inputs.BuildKit, _jobLog, variable: environment),
            _ => new BuildxEngine(Process("docker"), _jobLog, environment),
        };
    }
}
