using System.Text;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The BuildKit engine's credentials at Cake's diagnostic verbosity with engine debug: the registry and Dependency Proxy
/// passwords reach <c>buildctl</c> only through the private Docker config, which is gone after each call; nothing else
/// the runs leave (log, project files, temporary files, arguments, what the push left in the GitLab-like registry)
/// holds them, raw or base64. The stand-in's own copy of that config is the positive control that the scan can see them.
/// </summary>
[Trait("Category", "Reliability")]
[Trait("Category", "Integration")]
public sealed class BuildKitSecretScanTests : IClassFixture<PackedAddin>, IDisposable
{
    private const string ProxyPassword = "pr0xy-s3cr3t;`x`'\"";
    private const string Script = """
        GitLabDockerBuild(s => { s.EngineDebug = true; s.WithCommitTag(); });
        """;

    private readonly RegistryServer _registry = new();
    private readonly CakeJob _job;
    private readonly string _temp = Directory.CreateTempSubdirectory("gitlab-docker-job-tmp-").FullName;

    public BuildKitSecretScanTests(PackedAddin addin) => _job = new(addin, Script, _registry);

    [Fact]
    public void No_credential_outlives_the_buildctl_call_or_reaches_any_output()
    {
        var common = Variables.With(Variables.DefaultBranch(),
            ("GITLAB_DOCKER_ENGINE", "buildkit"), ("TMPDIR", _temp),
            ("CI_COMMIT_SHA", "0123456789abcdef0123456789abcdef01234567"),
            ("CI_DEPENDENCY_PROXY_SERVER", "gitlab.example:443"), ("CI_DEPENDENCY_PROXY_USER", "proxy-user"),
            ("CI_DEPENDENCY_PROXY_PASSWORD", ProxyPassword));
        var outputs = new List<string>
        {
            Succeed(_job.Run(common)),
            Succeed(_job.Run(Variables.With(new Dictionary<string, string?>(common), ("CI_COMMIT_BRANCH", null), ("CI_COMMIT_TAG", "v1.0.0")))),
        };
        var (exitCode, failed) = _job.Run(Variables.With(new Dictionary<string, string?>(common), ("DOCKER_STANDIN_FAIL", "build")));
        Assert.NotEqual(0, exitCode);
        outputs.Add(failed);
        Assert.Contains("Executing: ", outputs[0]);

        var calls = Path.Combine(_job.Folder, ".calls");
        var controls = Directory.GetFiles(calls, "*.docker-config");
        var stored = RegistryContent.Files(_registry).Select(file => (file.Name, Encoding.UTF8.GetString(file.Content))).ToList();
        var artifacts = outputs.Select((output, i) => ($"cake output {i + 1}", output))
            .Concat(Directory.EnumerateFiles(_job.Folder, "*", SearchOption.AllDirectories).Except(controls).Select(file => (file, File.ReadAllText(file))))
            .Concat(Directory.EnumerateFiles(_temp, "*", SearchOption.AllDirectories).Select(file => (file, File.ReadAllText(file))))
            .Concat(stored)
            .ToList();
        string[] needles =
        [
            _job.Password, ProxyPassword,
            Base64($"{_job.User}:{_job.Password}"), Base64($"proxy-user:{ProxyPassword}"),
        ];
        var hits = artifacts.SelectMany(artifact => needles.Where(needle => artifact.Item2.Contains(needle, StringComparison.Ordinal))
            .Select(needle => $"{artifact.Item1} holds '{needle[..4]}…'")).ToList();

        Assert.True(hits.Count == 0, string.Join("\n", hits));
        Assert.Empty(Directory.EnumerateDirectories(_temp, "gitlab-docker-auth-*"));
        Assert.Equal(3, controls.Length);
        Assert.All(controls, control =>
        {
            Assert.Contains(Base64($"{_job.User}:{_job.Password}"), File.ReadAllText(control));
            Assert.Contains(Base64($"proxy-user:{ProxyPassword}"), File.ReadAllText(control));
        });

        // The pushes happened, and the scan read their layers: each holds the build's arguments, the context among them.
        Assert.Contains("latest", _registry.Tags(CakeJob.ImagePath));
        Assert.Contains("v1.0.0", _registry.Tags(CakeJob.ImagePath));
        Assert.Contains(stored, file => file.Item2.Contains($"context={_job.Folder}", StringComparison.Ordinal));
    }

    private static string Succeed((int ExitCode, string Output) run) =>
        run.ExitCode == 0 ? run.Output : throw new InvalidOperationException(run.Output);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public void Dispose()
    {
        _job.Dispose();
        _registry.Dispose();
        Directory.Delete(_temp, recursive: true);
    }
}
