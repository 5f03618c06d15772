using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The example's <c>image:buildah</c> job as written (its <c>CAKE_SETTINGS_ENABLESCRIPTCACHE</c> variable and its
/// <c>cache:</c> of <c>tools/</c>), run by gitlab-ci-local one job after another: a job reuses the build.cake the job
/// before compiled, a changed build.cake is compiled afresh, and a changed tool manifest starts a new cache. Read from
/// Cake's own log at diagnostic verbosity ("Compiling build script..." or "Running cached build script..."), not from
/// timings.
/// </summary>
/// <remarks>
/// <para>
/// gitlab-ci-local runs with <c>--shell-isolation</c> here (set in its option file, <c>.gitlab-ci-local-env</c>): each
/// job runs in its own folder, synced from the project's tracked files with everything else deleted (Cake's
/// <c>tools/</c> included), and then gets the job's <c>cache:</c> restored under the key computed from
/// <c>cache:key</c>. Without it the shell executor runs every job in the project folder itself, where <c>tools/</c>
/// simply stays and a compiled script would be reused with or without <c>cache:</c>: that would prove only Cake's own
/// key.
/// </para>
/// <para>
/// What this proves: the job's variable turns Cake's cache on, its <c>cache:</c> paths carry the compiled script to
/// the next job, the key stays the same for a changed build.cake (Cake's own key, a hash of the script's text, makes it
/// compile) and changes with the tool manifest. What it does not: GitLab's own key computation (gitlab-ci-local hashes
/// the files' content; GitLab hashes the last commits that changed them, or their content in recent releases), the
/// runner's cache archive and upload, protected-branch cache separation, or the job image (jobs run on this machine).
/// </para>
/// </remarks>
[Trait("Category", "EndToEnd")]
public sealed partial class ScriptCacheTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Compiling = "Compiling build script...";
    private const string Cached = "Running cached build script...";

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    [Fact]
    public void A_job_runs_the_build_cake_the_job_before_compiled_and_compiles_a_changed_one()
    {
        var baseImage = BaseImage.Push(_registry, _storage);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage);
        File.WriteAllText(Path.Combine(project.Folder, ".gitlab-ci-local-env"), "SHELL_ISOLATION=true\n");

        // First job: nothing cached yet; Cake compiles build.cake into tools/cache, and the job's cache keeps it.
        var log = Run(project, baseImage);
        Assert.Contains(Compiling, log);
        Assert.DoesNotContain(Cached, log);
        Assert.DoesNotContain("imported cache", log);
        var key = ExportedKey(log);
        Assert.StartsWith("0_cake-", key);
        var first = Assert.Single(CompiledScripts(project, key));
        Assert.Matches(@"^build\.BuildScriptHost\.[0-9A-F]+\.dll$", first);

        // Second job, in a folder synced afresh (no tools/): the cache restores the compiled script and Cake runs it.
        log = Run(project, baseImage);
        Assert.Contains($"imported cache '{key}'", log);
        Assert.Contains(Cached, log);
        Assert.DoesNotContain(Compiling, log);
        Assert.Equal(key, ExportedKey(log));

        // A changed build.cake: the same cache key (the tool manifest did not change), but Cake's own key, a hash of the
        // script's text, no longer matches, so it compiles afresh; the cache then holds both compiled scripts.
        Commit(project, "build.cake", File.ReadAllText(Path.Combine(project.Folder, "build.cake")) + "\n// A change.\n");
        log = Run(project, baseImage);
        Assert.Contains($"imported cache '{key}'", log);
        Assert.Contains(Compiling, log);
        Assert.DoesNotContain(Cached, log);
        Assert.Equal(2, CompiledScripts(project, key).Count);

        // A new tool manifest (a Cake upgrade rewrites it; here the same version, indented differently): a new cache key,
        // nothing restored, compiled afresh.
        var manifest = Path.Combine(".config", "dotnet-tools.json");
        Commit(project, manifest, File.ReadAllText(Path.Combine(project.Folder, manifest)).Replace("  ", "    ", StringComparison.Ordinal));
        log = Run(project, baseImage);
        Assert.DoesNotContain("imported cache", log);
        Assert.Contains(Compiling, log);
        Assert.NotEqual(key, ExportedKey(log));
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }

    /// <summary>
    /// Runs the example's Buildah job as a default-branch pipeline with Cake at diagnostic verbosity. Unlike
    /// <see cref="GitLabCiLocal.Run"/>, it leaves <c>CAKE_SETTINGS_ENABLESCRIPTCACHE</c> to the job's own variables.
    /// </summary>
    private string Run(GitLabCiLocal project, string baseImage)
    {
        var variables = new Dictionary<string, string>
        {
            ["GITLAB_CI"] = "true",
            ["CI_DEFAULT_BRANCH"] = "main",
            ["CI_COMMIT_BRANCH"] = "main",
            ["CI_COMMIT_REF_NAME"] = "main",
            ["CI_REGISTRY"] = _registry.Address,
            ["CI_REGISTRY_IMAGE"] = $"{_registry.Address}/{GitLabCiLocal.Project}",
            ["CI_REGISTRY_USER"] = RegistryServer.User,
            ["CI_REGISTRY_PASSWORD"] = RegistryServer.Password,
            ["GITLAB_DOCKER_TLS_VERIFY"] = "false",
            ["BASE_IMAGE"] = baseImage,
            ["CAKE_NUGET_SOURCE"] = addin.Folder,
            ["CONTAINERS_STORAGE_CONF"] = _storage.ConfigFile,
            ["REGISTRY_AUTH_FILE"] = _storage.AuthFile,
            ["CAKE_SETTINGS_VERBOSITY"] = "diagnostic",
        };
        var arguments = new List<string> { "--force-shell-executor", "--no-color" };
        foreach (var (name, value) in variables)
        {
            arguments.AddRange(["--variable", $"{name}={value}"]);
        }

        arguments.AddRange(["--unset-variable", "CI_COMMIT_REF_SLUG", "image:buildah"]);
        var environment = new Dictionary<string, string?>(_storage.Environment)
        {
            ["GCL_IGNORE_PREDEFINED_VARS"] = string.Join(',', variables.Keys.Append("CI_COMMIT_REF_SLUG")),
        };
        var (exitCode, output) = Command.Run("gitlab-ci-local", arguments, project.Folder, environment, TimeSpan.FromMinutes(10));
        output = Regex.Replace(output, @"\x1b\[[0-9;]*m", string.Empty);
        Assert.True(exitCode == 0, output);
        Assert.Contains("Image digest: sha256:", output);
        return output;
    }

    private static string ExportedKey(string log) =>
        ExportedCache().Match(log) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no cache exported:\n" + log);

    /// <summary>The compiled scripts in gitlab-ci-local's copy of the job cache under <paramref name="key"/>.</summary>
    private static List<string> CompiledScripts(GitLabCiLocal project, string key)
    {
        var folder = Path.Combine(project.Folder, ".gitlab-ci-local", "cache", key, "tools", "cache");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.dll").Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal).ToList() : [];
    }

    private static void Commit(GitLabCiLocal project, string path, string content)
    {
        File.WriteAllText(Path.Combine(project.Folder, path), content);
        Command.Succeed("git", ["add", path], project.Folder);
        Command.Succeed("git", ["-c", "user.email=ci@example.invalid", "-c", "user.name=CI", "commit", "-q", "-m", "change " + path], project.Folder);
    }

    [GeneratedRegex(@"cache created in '[^']*/cache/([^'/]+)'")]
    private static partial Regex ExportedCache();
}
