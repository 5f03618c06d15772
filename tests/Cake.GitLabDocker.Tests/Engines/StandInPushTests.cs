using System.Text;
using System.Text.Json;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The <c>docker</c> and <c>buildctl</c> stand-ins leave in the registry what a real build that pushes by digest
/// leaves: the image under its digest only, its config with the build's labels and platform, the same digest for the
/// same build and another for a different one. Against the GitLab-like registry (HTTPS from the test CA, token auth),
/// with the job's credentials in a Docker config as the add-in writes it, and once on plain HTTP.
/// </summary>
public sealed class StandInPushTests : IDisposable
{
    private const string ImagePath = "group/app";
    private readonly RegistryServer _registry = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("gitlab-docker-standin-push-").FullName;
    private int _builds;

    public static TheoryData<string> Engines => new() { "docker", "buildctl" };

    private static readonly (string Key, string Value)[] Labels =
    [
        ("org.opencontainers.image.revision", "0123abcd0123abcd0123abcd0123abcd0123abcd"),
        ("org.opencontainers.image.created", "2024-05-01T12:00:00Z"),
        ("org.opencontainers.image.version", "1.2.3"),
    ];

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_pushing_build_leaves_its_image_by_digest_only_with_its_labels_and_platform(string engine)
    {
        var (exitCode, output, digest) = Build(engine, _registry, Labels, "linux/arm64");

        Assert.True(exitCode == 0, output);
        Assert.Contains(digest, _registry.ManifestRevisions(ImagePath));
        Assert.Empty(_registry.Tags(ImagePath));
        using var manifest = JsonDocument.Parse(_registry.Manifest(ImagePath, digest!));
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", manifest.RootElement.GetProperty("mediaType").GetString());
        Assert.Equal(Labels.ToDictionary(label => label.Key, label => label.Value), _registry.Labels(ImagePath, digest!));
        Assert.Equal(("linux", "arm64"), Platform(digest!));
        Assert.DoesNotContain(_registry.Secret, output);

        // It asked the realm as the job, for what a push needs.
        Assert.Contains(_registry.Tokens!.Requests, request =>
            request.User == RegistryServer.User && request.Granted.Contains($"repository:{ImagePath}:pull,push"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void The_same_build_gives_the_same_digest_and_another_label_another(string engine)
    {
        var first = Build(engine, _registry, Labels);
        var again = Build(engine, _registry, Labels);
        var other = Build(engine, _registry, [.. Labels[..2], ("org.opencontainers.image.version", "1.2.4")]);

        Assert.True(first.ExitCode == 0 && again.ExitCode == 0 && other.ExitCode == 0, first.Output + again.Output + other.Output);
        Assert.Equal(first.Digest, again.Digest);
        Assert.NotEqual(first.Digest, other.Digest);
        Assert.Contains(first.Digest, _registry.ManifestRevisions(ImagePath));
        Assert.Contains(other.Digest, _registry.ManifestRevisions(ImagePath));
        Assert.Equal("1.2.4", _registry.Labels(ImagePath, other.Digest!)["org.opencontainers.image.version"]);
        Assert.Equal(("linux", "amd64"), Platform(first.Digest!));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Several_platforms_give_one_manifest_each_under_an_index_whose_digest_is_reported(string engine)
    {
        var (exitCode, output, digest) = Build(engine, _registry, Labels, "linux/amd64,linux/arm/v7");

        Assert.True(exitCode == 0, output);
        using var index = JsonDocument.Parse(_registry.Manifest(ImagePath, digest!));
        Assert.Equal("application/vnd.oci.image.index.v1+json", index.RootElement.GetProperty("mediaType").GetString());
        var manifests = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal(["linux/amd64", "linux/arm/v7"], manifests.Select(m =>
        {
            var platform = m.GetProperty("platform");
            return $"{platform.GetProperty("os").GetString()}/{platform.GetProperty("architecture").GetString()}" +
                   (platform.TryGetProperty("variant", out var variant) ? "/" + variant.GetString() : string.Empty);
        }));
        Assert.All(manifests, m =>
            Assert.Equal("1.2.3", _registry.Labels(ImagePath, m.GetProperty("digest").GetString()!)["org.opencontainers.image.version"]));
        Assert.Equal(("linux", "arm"), Platform(manifests[1].GetProperty("digest").GetString()!));
        Assert.Empty(_registry.Tags(ImagePath));
    }

    [Theory]
    [InlineData("docker", "wr0ng-pa55word-4d1")]
    [InlineData("buildctl", "wr0ng-pa55word-4d1")]
    [InlineData("docker", null)]
    [InlineData("buildctl", null)]
    public void A_refused_login_fails_the_build_with_exit_1_and_shows_no_password(string engine, string? password)
    {
        var (exitCode, output, digest) = Build(engine, _registry, Labels, password: password, anonymous: password is null);

        Assert.Equal(1, exitCode);
        Assert.Contains("failed to push", output);
        Assert.Contains(password is null ? "401 Unauthorized" : "failed to fetch oauth token", output);
        Assert.Null(digest);
        Assert.Empty(_registry.ManifestRevisions(ImagePath));
        if (password is not null)
        {
            Assert.DoesNotContain(password, output);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{password}")), output);
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_registry_on_plain_http_is_pushed_to_with_registry_insecure(string engine)
    {
        using var plain = new RegistryServer(mode: RegistryMode.PlainHttp);

        var (exitCode, output, digest) = Build(engine, plain, Labels, "linux/arm64", insecure: true);

        Assert.True(exitCode == 0, output);
        Assert.Contains(digest, plain.ManifestRevisions(ImagePath));
        Assert.Equal(Labels.ToDictionary(label => label.Key, label => label.Value), plain.Labels(ImagePath, digest!));
        Assert.DoesNotContain(plain.Secret, output);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void With_standin_push_no_a_pushing_build_pushes_nothing_and_reports_the_hash_of_its_call(string engine)
    {
        var (exitCode, output, digest) = Build(engine, _registry, Labels, environment: new() { ["DOCKER_STANDIN_PUSH"] = "no" });

        Assert.True(exitCode == 0, output);
        var call = Directory.GetFiles(Path.Combine(_folder, "calls"), "*.args").Single();
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(call))), digest);
        Assert.Empty(_registry.ManifestRevisions(ImagePath));
    }

    public void Dispose()
    {
        _registry.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// Runs one stand-in with the command line the add-in sends for a build that pushes by digest, its credentials in a
    /// private Docker config, and returns its exit code, output and the digest of its metadata file (null when it wrote none).
    /// </summary>
    private (int ExitCode, string Output, string? Digest) Build(
        string engine, RegistryServer registry, IEnumerable<(string Key, string Value)> labels, string? platforms = null,
        bool insecure = false, string? password = null, bool anonymous = false, Dictionary<string, string?>? environment = null)
    {
        var build = Path.Combine(_folder, $"build-{++_builds}");
        var dockerConfig = Path.Combine(build, "docker-config");
        Directory.CreateDirectory(dockerConfig);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.UserName}:{password ?? registry.Secret}"));
        File.WriteAllText(Path.Combine(dockerConfig, "config.json"), anonymous
            ? "{\"auths\":{}}"
            : JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [registry.Address] = new { auth } } }));
        var metadata = Path.Combine(build, "metadata.json");
        var output = $"type=image,name={registry.Address}/{ImagePath},push-by-digest=true,name-canonical=true,push=true" +
                     (insecure ? ",registry.insecure=true" : string.Empty);
        var arguments = engine == "docker"
            ? new List<string> { "buildx", "build", "--builder", "gitlab-docker", "--provenance=false", "--progress=plain" }
            :
            [
                "--addr", "tcp://buildkitd:1234", "build", "--frontend", "dockerfile.v0",
                "--local", $"context={_folder}", "--local", $"dockerfile={_folder}",
            ];
        if (platforms is not null)
        {
            arguments.AddRange(engine == "docker" ? ["--platform", platforms] : ["--opt", $"platform={platforms}"]);
        }

        foreach (var (key, value) in labels)
        {
            arguments.AddRange(engine == "docker" ? ["--label", $"{key}={value}"] : ["--opt", $"label:{key}={value}"]);
        }

        arguments.AddRange(engine == "docker"
            ? ["--metadata-file", metadata, "--output", output, _folder]
            : ["--output", output, "--metadata-file", metadata, "--progress=plain"]);

        var variables = new Dictionary<string, string?>(registry.JobVariables.ToDictionary(pair => pair.Key, pair => (string?)pair.Value))
        {
            ["DOCKER_STANDIN_LOG"] = Path.Combine(_folder, "calls"),
            ["DOCKER_CONFIG"] = dockerConfig,
        };
        foreach (var (name, value) in environment ?? [])
        {
            variables[name] = value;
        }

        var (exitCode, text) = Command.Run(Path.Combine(Repository.StandIns, engine), arguments, _folder, variables, TimeSpan.FromMinutes(2));
        string? digest = null;
        if (File.Exists(metadata))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(metadata));
            digest = document.RootElement.GetProperty("containerimage.digest").GetString();
        }

        return (exitCode, text, digest);
    }

    /// <summary>The os and architecture in the config of a single-platform manifest.</summary>
    private (string? Os, string? Architecture) Platform(string digest)
    {
        using var config = JsonDocument.Parse(_registry.Blobs(ImagePath, digest)[0]);
        return (config.RootElement.GetProperty("os").GetString(), config.RootElement.GetProperty("architecture").GetString());
    }
}
