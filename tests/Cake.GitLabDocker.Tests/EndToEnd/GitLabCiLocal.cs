namespace Cake.GitLabDocker.Tests;

/// <summary>
/// <c>examples/hello</c> copied into a fresh Git repository and run by the real <c>gitlab-ci-local</c> (shell
/// executor), with the <c>CI_REGISTRY*</c> variables pointed at the loopback registry and the job trusting its CA the
/// way a job image does (<c>SSL_CERT_FILE</c>; see <see cref="RegistryServer.JobVariables"/>).
/// </summary>
internal sealed class GitLabCiLocal : IDisposable
{
    public const string Project = "group/hello";
    private readonly Dictionary<string, string?> _variables;
    private readonly IReadOnlyDictionary<string, string?> _environment;

    /// <param name="addin">The packed add-in.</param>
    /// <param name="registry">The registry the CI_REGISTRY variables point at.</param>
    /// <param name="storage">Buildah's local storage for the jobs.</param>
    /// <param name="baseImage">The base image reference passed as BASE_IMAGE.</param>
    /// <param name="settings">C# appended to the example's settings callback, for example <c>settings.WithSemVerTags();</c>.</param>
    /// <param name="files">Files of the example replaced or added (relative path → content, folders made as needed), for example another Dockerfile.</param>
    /// <param name="registryAddress">The address the CI_REGISTRY variables name, when not the registry's own (a proxy in front of it).</param>
    /// <param name="authFile">The REGISTRY_AUTH_FILE of the jobs, when not the storage's own (one file shared by jobs, as on a shell runner).</param>
    public GitLabCiLocal(
        PackedAddin addin, RegistryServer registry, BuildahStorage storage, string baseImage, string? settings = null,
        IReadOnlyDictionary<string, string>? files = null, string? registryAddress = null, string? authFile = null)
    {
        Folder = Directory.CreateTempSubdirectory("gitlab-docker-project-").FullName;
        CopyFolder(Path.Combine(Repository.Root, "examples", "hello"), Folder);
        foreach (var (path, content) in files ?? new Dictionary<string, string>())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Folder, path))!);
            File.WriteAllText(Path.Combine(Folder, path), content);
        }

        if (settings is not null)
        {
            var script = Path.Combine(Folder, "build.cake");
            const string callback = "GitLabDockerBuild(settings =>\n    {\n";
            var text = File.ReadAllText(script);
            Assert.Contains(callback, text);
            File.WriteAllText(script, text.Replace(callback, callback + "        " + settings + "\n", StringComparison.Ordinal));
        }

        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Git("-c", "user.email=ci@example.invalid", "-c", "user.name=CI", "commit", "-q", "-m", "hello");
        Git("remote", "add", "origin", $"https://gitlab.example.com/{Project}.git");

        _variables = new Dictionary<string, string?>
        {
            ["GITLAB_CI"] = "true",
            ["CI_DEFAULT_BRANCH"] = "main",
            ["CI_REGISTRY"] = registryAddress ?? registry.Address,
            ["CI_REGISTRY_IMAGE"] = $"{registryAddress ?? registry.Address}/{Project}",
            ["CI_REGISTRY_USER"] = RegistryServer.User,
            ["CI_REGISTRY_PASSWORD"] = RegistryServer.Password,
            ["BASE_IMAGE"] = baseImage,
            ["CAKE_NUGET_SOURCE"] = addin.Folder,
            ["CONTAINERS_STORAGE_CONF"] = storage.ConfigFile,
            ["REGISTRY_AUTH_FILE"] = authFile ?? storage.AuthFile,

            // Cake's compiled-script cache saves the compile (about 2 s) of every run after the first in this project.
            // Its key is only the script's text (the #addin line included, as written) and Cake's host: not the add-in's
            // content nor Cake's version. Safe here: the cache is this project's own tools/cache (the copy above leaves
            // out tools/), made and deleted within one test run, which packs the add-in once. The Integration tests
            // run dotnet cake without it, as users do by default.
            ["CAKE_SETTINGS_ENABLESCRIPTCACHE"] = "true",

            // GitLab gives the commit's time; gitlab-ci-local 4.72 gives the time of the run.
            ["CI_COMMIT_TIMESTAMP"] = Command.Succeed("git", ["log", "-1", "--format=%cI"], Folder).Trim(),
        };
        foreach (var (name, value) in registryAddress is null ? registry.JobVariables : ProxyVariables(registry))
        {
            _variables[name] = value;
        }

        _environment = new Dictionary<string, string?>(storage.Environment)
        {
            ["REGISTRY_AUTH_FILE"] = authFile ?? storage.AuthFile,
            ["GCL_IGNORE_PREDEFINED_VARS"] = string.Join(',', _variables.Keys.Append("CI_COMMIT_BRANCH").Append("CI_COMMIT_TAG").Append("CI_COMMIT_REF_NAME").Append("CI_COMMIT_REF_SLUG")),
        };
    }

    public string Folder { get; }

    /// <summary>A proxy in front of the registry speaks plain HTTP; the token realm behind it is still verified against the test CA.</summary>
    private static IReadOnlyDictionary<string, string> ProxyVariables(RegistryServer registry) =>
        new Dictionary<string, string>(registry.JobVariables) { ["GITLAB_DOCKER_TLS_VERIFY"] = "false" };

    /// <summary>
    /// Gets or sets how many jobs run at once; <see langword="null"/> leaves gitlab-ci-local's default. With the shell
    /// executor every job shares this folder (and Cake's tools/ in it), where GitLab would give each its own: run
    /// <c>parallel: matrix</c> jobs one at a time.
    /// </summary>
    public int? Concurrency { get; set; }

    /// <summary>Sets a variable of every later pipeline, or with <see langword="null"/> leaves it out (for example <c>SSL_CERT_FILE</c>).</summary>
    public void SetVariable(string name, string? value)
    {
        if (value is null)
        {
            _variables.Remove(name);
        }
        else
        {
            _variables[name] = value;
        }
    }

    /// <summary>The commit the pipelines run for.</summary>
    public string Commit => Command.Succeed("git", ["rev-parse", "HEAD"], Folder).Trim();

    /// <summary>
    /// Commits a change of the example's message (so the image differs) with this committer time; later pipelines run for
    /// it, with its own <c>CI_COMMIT_TIMESTAMP</c>. Returns the commit.
    /// </summary>
    public string CommitChange(string message, DateTimeOffset time)
    {
        File.WriteAllText(Path.Combine(Folder, "src", "message.txt"), message + "\n");
        var date = time.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        Command.Succeed("git", ["add", "-A"], Folder);
        Command.Succeed("git", ["-c", "user.email=ci@example.invalid", "-c", "user.name=CI", "commit", "-q", "-m", message],
            Folder, new Dictionary<string, string?> { ["GIT_COMMITTER_DATE"] = date, ["GIT_AUTHOR_DATE"] = date });
        return Commit;
    }

    /// <summary>Runs git in the project and returns its output.</summary>
    public string Git(params string[] arguments) => Command.Succeed("git", arguments, Folder);

    /// <summary>Runs the Buildah job as a pipeline with these variables set and these unset; returns the job log.</summary>
    /// <remarks>
    /// <c>CI_COMMIT_REF_NAME</c> follows the tag, branch or merge request's source branch as on GitLab (gitlab-ci-local
    /// would give the checked-out branch); <c>CI_COMMIT_REF_SLUG</c> is unset unless given, so the add-in computes it.
    /// </remarks>
    public string Run(IReadOnlyDictionary<string, string> set, params string[] unset) => RunJobs(["image:buildah"], set, unset);

    /// <summary>Runs these jobs of the example (with the jobs they need) as one pipeline; returns the log.</summary>
    public string RunJobs(string[] jobs, IReadOnlyDictionary<string, string> set, params string[] unset)
    {
        var (exitCode, output) = TryRunJobs(jobs, set, unset);
        return exitCode == 0 ? output : throw new InvalidOperationException($"gitlab-ci-local exited with {exitCode}:\n{output}");
    }

    /// <summary>Runs the Buildah job and returns its exit code and log, failed or not.</summary>
    public (int ExitCode, string Output) TryRun(IReadOnlyDictionary<string, string> set, params string[] unset) =>
        TryRunJobs(["image:buildah"], set, unset);

    /// <summary>Runs these jobs (none: the whole pipeline) and returns gitlab-ci-local's exit code and log, failed or not.</summary>
    /// <param name="jobs">The jobs.</param>
    /// <param name="set">Variables set.</param>
    /// <param name="unset">Variables unset.</param>
    /// <param name="folder">Where the pipeline runs: <see cref="Folder"/>, or a worktree of it at another commit.</param>
    public (int ExitCode, string Output) TryRunJobs(string[] jobs, IReadOnlyDictionary<string, string> set, string[] unset, string? folder = null)
    {
        folder ??= Folder;
        var variables = new Dictionary<string, string?>(_variables)
        {
            ["CI_COMMIT_TIMESTAMP"] = Command.Succeed("git", ["log", "-1", "--format=%cI"], folder).Trim(),
        };
        var arguments = new List<string> { "--force-shell-executor", "--no-color" };
        if (Concurrency is { } concurrency)
        {
            arguments.AddRange(["--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        var refName = set.GetValueOrDefault("CI_COMMIT_TAG") ?? set.GetValueOrDefault("CI_COMMIT_BRANCH")
            ?? set.GetValueOrDefault("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME") ?? "main";
        var all = variables.Append(new("CI_COMMIT_REF_NAME", refName))
            .Concat(set.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value)));
        if (!set.ContainsKey("CI_COMMIT_REF_SLUG"))
        {
            unset = [.. unset, "CI_COMMIT_REF_SLUG"];
        }

        foreach (var (name, value) in all)
        {
            arguments.AddRange(["--variable", $"{name}={value}"]);
        }

        foreach (var name in unset)
        {
            arguments.AddRange(["--unset-variable", name]);
        }

        arguments.AddRange(jobs);
        var (exitCode, output) = Command.Run("gitlab-ci-local", arguments, folder, _environment, TimeSpan.FromMinutes(10));
        return (exitCode, System.Text.RegularExpressions.Regex.Replace(output, @"\x1b\[[0-9;]*m", string.Empty));
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("tools", StringComparison.Ordinal) || relative.StartsWith(".gitlab-ci-local", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
    }

}
