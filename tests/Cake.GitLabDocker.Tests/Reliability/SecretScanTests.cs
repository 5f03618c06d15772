using System.Text;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Runs pipelines that handle every kind of secret (registry password, Dependency Proxy password, a build secret) at
/// Cake's diagnostic verbosity with the engine's debug output, including a failing login, then scans everything the
/// runs leave behind for each secret, raw and base64-encoded as auth files store it: logs, files, the blobs of every tag
/// in the registry and everything else its storage holds. Zero hits is the only pass.
/// </summary>
[Trait("Category", "Reliability")]
[Trait("Category", "EndToEnd")]
public sealed class SecretScanTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string BuildSecret = "bu1ld-s3cr3t-\"$(id)\"-9a7";
    private const string Dockerfile = """
        ARG BASE_IMAGE=docker.io/library/busybox:1.36
        FROM ${BASE_IMAGE}
        RUN --mount=type=secret,id=token wc -c < /run/secrets/token > /token-length
        COPY src/ /app/
        """;

    private readonly RegistryServer _registry = new();
    private readonly RegistryServer _proxy = new("proxy-user", "pr0xy-s3cr3t;`x`'\"");
    private readonly BuildahStorage _storage = new();
    private readonly string _temp = Directory.CreateTempSubdirectory("gitlab-docker-job-tmp-").FullName;

    [Fact]
    public void No_secret_is_left_in_any_output_file_or_argument()
    {
        var baseImage = BaseImage.Push(_proxy, _storage);
        _storage.Wipe();
        var pipeline = File.ReadAllText(Path.Combine(Repository.Root, "examples", "hello", ".gitlab-ci.yml"))
            .Replace("dotnet cake --target=Image", "dotnet cake --target=Image --verbosity=diagnostic", StringComparison.Ordinal);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage,
            "settings.WithSecret(\"token\", \"DEPLOY_TOKEN\").WithCommitTag().WithReuseCommitImage().WithSemVerTags(); settings.EngineDebug = true;",
            new Dictionary<string, string> { ["Dockerfile"] = Dockerfile, [".gitlab-ci.yml"] = pipeline });
        var common = new Dictionary<string, string>
        {
            ["DEPLOY_TOKEN"] = BuildSecret,
            ["CI_DEPENDENCY_PROXY_SERVER"] = _proxy.Address,
            ["CI_DEPENDENCY_PROXY_USER"] = _proxy.UserName,
            ["CI_DEPENDENCY_PROXY_PASSWORD"] = _proxy.Secret,
            ["TMPDIR"] = _temp,
        };

        var logs = new List<string>
        {
            project.Run(new Dictionary<string, string>(common) { ["CI_COMMIT_BRANCH"] = "main" }),
            project.Run(new Dictionary<string, string>(common) { ["CI_COMMIT_TAG"] = "v1.0.0" }, "CI_COMMIT_BRANCH"),
        };
        var (exitCode, failed) = project.TryRun(new Dictionary<string, string>(common) { ["CI_COMMIT_BRANCH"] = "main", ["CI_DEPENDENCY_PROXY_PASSWORD"] = "x" + _proxy.Secret });
        Assert.NotEqual(0, exitCode);
        logs.Add(failed);
        Assert.Contains("Executing: ", logs[0]);
        Assert.Contains("level=debug", logs[0]);
        Assert.Contains("Promoting", logs[1]);

        var artifacts = logs.Select((log, i) => ($"job log {i + 1}", Encoding.UTF8.GetBytes(log)))
            .Concat(FilesUnder(project.Folder)).Concat(FilesUnder(_temp))
            // The user's auth file: the jobs keep their credentials in a private one of their own and never write it.
            .Concat(File.Exists(_storage.AuthFile) ? [("Buildah's auth file after the jobs", File.ReadAllBytes(_storage.AuthFile))] : [])
            .Concat(ImageBlobs())
            .Concat(RegistryContent.Files(_registry))
            .ToList();
        string[] secrets = [RegistryServer.Password, _proxy.Secret, BuildSecret];
        var needles = secrets.SelectMany(secret => new[]
        {
            secret,
            Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)),
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{secret}")),
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_proxy.UserName}:{secret}")),
        }).ToList();
        var hits = artifacts
            .SelectMany(artifact => needles.Where(needle => Encoding.UTF8.GetString(artifact.Item2).Contains(needle, StringComparison.Ordinal))
                .Select(needle => $"{artifact.Item1} holds '{needle[..4]}…'"))
            .ToList();

        ReliabilityFigures.Record("secrets", artifacts.Count, artifacts.Count - hits.Select(hit => hit.Split(" holds ")[0]).Distinct().Count(),
            $"{secrets.Length} secrets (registry, Dependency Proxy, build secret; raw and base64) scanned in {artifacts.Count} logs, " +
            $"files and image blobs after 3 pipelines at diagnostic verbosity with engine debug: {hits.Count} hits");
        Assert.True(hits.Count == 0, string.Join("\n", hits));

        // Positive control: the needles find a login written the way an engine's auth file writes it.
        var authEntry = $"{{\"auths\":{{\"{_registry.Address}\":{{\"auth\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"))}\"}}}}}}";
        Assert.Contains(needles, needle => authEntry.Contains(needle, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _storage.Dispose();
        _proxy.Dispose();
        _registry.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    private static IEnumerable<(string, byte[])> FilesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(file => (file, File.ReadAllBytes(file)));

    /// <summary>The blobs of every tag the pipelines left (Buildah's staging tags among them) and of the cache.</summary>
    private IEnumerable<(string, byte[])> ImageBlobs() =>
        new[] { ("group/hello", "latest"), ("group/hello", "v1.0.0") }
            .Concat(_registry.Tags("group/hello").Except(["latest", "v1.0.0"]).Select(tag => ("group/hello", tag)))
            .Concat(_registry.Tags("group/hello/buildcache").Select(tag => ("group/hello/buildcache", tag)))
            .SelectMany(image => _registry.Blobs(image.Item1, image.Item2).Select((blob, i) => ($"{image.Item1}:{image.Item2} blob {i}", blob)));
}
