using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Registry faults end to end: the example through gitlab-ci-local, dotnet cake and Buildah, with the registry behind
/// <see cref="FaultProxy"/>. Each test records its faults in <see cref="ReliabilityFigures"/>.
/// </summary>
[Trait("Category", "Reliability")]
[Trait("Category", "EndToEnd")]
public sealed partial class RegistryFaultTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;
    private static readonly Dictionary<string, (int Injected, int Survived)> Faults = [];

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    private (GitLabCiLocal Project, FaultProxy Proxy) Project(string? settings = null)
    {
        var proxy = new FaultProxy(_registry);
        var baseImage = BaseImage.Push(_registry, _storage);
        // The jobs log in to the proxy only, so the base image comes from local storage, where BaseImage put it with vfs.
        settings = "settings.WithStorageDriver(\"vfs\");" + (settings is null ? "" : "\n" + settings);
        return (new GitLabCiLocal(addin, _registry, _storage, baseImage, settings, registryAddress: proxy.Address), proxy);
    }

    [Fact]
    public void A_registry_that_is_down_fails_at_login_naming_it_and_builds_nothing()
    {
        // A port bound but never listened on refuses every connection, and no registry started meanwhile by a test
        // running beside this one can take it (a port that was merely free could answer with the same credentials).
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var down = $"127.0.0.1:{((IPEndPoint)closed.LocalEndPoint!).Port}";

        // The job stops at the login, so the base image it names is never pulled and need not exist.
        using var project = new GitLabCiLocal(addin, _registry, _storage, $"{down}/base/busybox:1", registryAddress: down);

        var (exitCode, log) = project.TryRun(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("buildah login failed with exit code", log);
        Assert.Contains("the registry is not reachable from the job", log);
        Assert.Matches($@"Command: 'buildah login [^'\n]*{Regex.Escape(down)}", log);
        Assert.False(PipelineLog.Built(log), log);
        AssertNoSecret(log);
        Record("registry down before the build", 1, 1);
    }

    [Fact]
    public void A_wrong_password_fails_at_login_and_builds_nothing()
    {
        // The job stops at the login, so the base image it names is never pulled and need not exist. What the failure
        // says (registry, user, the usual causes) is checked where the hint is made (FailureHandlingTests); here, that
        // the registry's refusal is a failed login and nothing more happens.
        using var project = new GitLabCiLocal(addin, _registry, _storage, $"{_registry.Address}/base/busybox:1");

        var (exitCode, log) = project.TryRun(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main", ["CI_REGISTRY_PASSWORD"] = "wr0ng-s3cret" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("buildah login failed with exit code", log);
        Assert.Contains("the registry refused the user or its password", log);
        Assert.Matches($@"Command: 'buildah login [^'\n]*{Regex.Escape(_registry.Address)}", log);
        Assert.DoesNotContain("wr0ng-s3cret", log);
        Assert.False(PipelineLog.Built(log), log);
        Assert.Empty(_registry.Repositories());
        Record("wrong password", 1, 1);
    }

    [Fact]
    public void A_first_build_without_any_cache_logs_it_and_succeeds()
    {
        var (project, proxy) = Project();
        using var _ = proxy;
        using var __ = project;

        var log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" });

        Assert.Contains($"Reads the cache {proxy.Address}/{Image}/buildcache", log);
        Assert.NotEmpty(_registry.Tags(Image + "/buildcache"));
        Record("cache import missing (first build)", 1, 1);
    }

    [Fact]
    public void A_refused_cache_export_warns_and_pushes_with_cache_ignore_error_and_fails_without()
    {
        var (project, proxy) = Project("if (HasEnvironmentVariable(\"IGNORE_CACHE_ERRORS\")) settings.WithCacheIgnoreError();");
        using var _ = proxy;
        using var __ = project;
        proxy.Fail($"^PUT /v2/{Image}/buildcache/manifests/", 400);

        var (failedExit, failedLog) = project.TryRun(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" });
        Assert.NotEqual(0, failedExit);
        Assert.DoesNotContain("latest", _registry.Tags(Image));
        Assert.Contains("buildah build failed", failedLog);

        var log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main", ["IGNORE_CACHE_ERRORS"] = "1" });
        Assert.Contains("CacheIgnoreError is on, so it runs once more without writing the cache", log);
        Assert.Contains("latest", _registry.Tags(Image));
        Assert.Contains($"Image digest: {_registry.Digest(Image, "latest")}", log);
        Record("cache export rejected (HTTP 400)", proxy.Injected, 1);
    }

    [Fact]
    public void Transient_errors_on_push_are_retried_until_the_push_lands()
    {
        var (project, proxy) = Project("settings.WithSemVerTags();");
        using var _ = proxy;
        using var __ = project;
        proxy.Fail($"^PUT /v2/{Image}/manifests/v1\\.2\\.3$", 503, times: 2).Fail($"^PUT /v2/{Image}/manifests/1\\.2$", 0, times: 1);

        var log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_TAG"] = "v1.2.3" }, "CI_COMMIT_BRANCH");

        var digest = _registry.Digest(Image, "v1.2.3");
        Assert.All(["1.2.3", "1.2", "1"], tag => Assert.Equal(digest, _registry.Digest(Image, tag)));
        Assert.Contains($"Image digest: {digest}", log);
        Assert.Equal(3, proxy.Injected);
        Assert.True(proxy.Requests.Count(r => Regex.IsMatch(r, $"^PUT /v2/{Image}/manifests/v1\\.2\\.3$")) >= 3, string.Join("\n", proxy.Requests));
        Record("transient 503 and connection reset on push", proxy.Injected, 1);
    }

    [Fact]
    public void A_tag_that_cannot_be_pushed_stops_the_release_before_latest_and_says_which_refs_landed()
    {
        var (project, proxy) = Project("settings.WithSemVerTags().WithLatestOnRelease();");
        using var _ = proxy;
        using var __ = project;
        project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" });
        var latestBefore = _registry.Digest(Image, "latest");
        proxy.Fail($"^PUT /v2/{Image}/manifests/1$", 500);

        var (exitCode, log) = project.TryRun(new Dictionary<string, string> { ["CI_COMMIT_TAG"] = "v1.2.3" }, "CI_COMMIT_BRANCH");

        Assert.NotEqual(0, exitCode);
        var address = proxy.Address + "/" + Image;
        Assert.Contains($"Written: {address}:v1.2.3, {address}:1.2.3, {address}:1.2; not written: {address}:1, {address}:latest.", log);
        Assert.Equal(latestBefore, _registry.Digest(Image, "latest"));
        Assert.DoesNotContain("1", _registry.Tags(Image));
        Record("one tag of a release refused (HTTP 500)", proxy.Injected, 1);
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }

    private static void Record(string fault, int injected, int survived)
    {
        lock (Faults)
        {
            Faults[fault] = (injected, survived);
            ReliabilityFigures.Record("registry faults", Faults.Count, Faults.Values.Sum(f => f.Survived),
                $"{Faults.Values.Sum(f => f.Injected)} faults injected: {string.Join("; ", Faults.Keys.Order(StringComparer.Ordinal))}");
        }
    }

    private static void AssertNoSecret(string log)
    {
        Assert.DoesNotContain(RegistryServer.Password, log);
        Assert.DoesNotContain("w0rd", log);
    }
}
