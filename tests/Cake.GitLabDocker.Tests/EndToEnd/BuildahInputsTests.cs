using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Build secrets and multi-platform images end to end: <c>examples/hello</c> with another Dockerfile, run by
/// <c>gitlab-ci-local</c> through <c>dotnet cake</c> and Buildah into the real registry.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class BuildahInputsTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const string Image = GitLabCiLocal.Project;
    private const string Secret = "bld-s3cr3t-\"$(id)`x`-7f3a9c";

    private readonly RegistryServer _registry = new();
    private readonly BuildahStorage _storage = new();

    [Fact]
    public void A_build_secret_reaches_the_run_step_and_no_layer_cache_or_log()
    {
        const string dockerfile = """
            ARG BASE_IMAGE=docker.io/library/busybox:1.36
            FROM ${BASE_IMAGE}
            RUN --mount=type=secret,id=token sha256sum /run/secrets/token | cut -c1-16 > /secret-proof
            """;
        var baseImage = BaseImage.Push(_registry, _storage);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage,
            "settings.WithSecret(\"token\", \"DEPLOY_TOKEN\");", new Dictionary<string, string> { ["Dockerfile"] = dockerfile });

        var log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main", ["DEPLOY_TOKEN"] = Secret });

        var proof = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secret)))[..16];
        var blobs = _registry.Blobs(Image, "latest");
        Assert.Contains(blobs, blob => Encoding.UTF8.GetString(blob).Contains(proof, StringComparison.Ordinal));
        var cache = _registry.Tags(Image + "/buildcache").SelectMany(tag => _registry.Blobs(Image + "/buildcache", tag)).ToList();
        Assert.NotEmpty(cache);
        Assert.All(blobs.Concat(cache), blob => Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(blob), StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, log);
        Assert.DoesNotContain("s3cr3t", log);
        Assert.Contains("Build secrets (values stay in the environment): token from $DEPLOY_TOKEN.", log);
    }

    [Fact]
    public void Two_platforms_push_one_index_with_both_images()
    {
        const string dockerfile = """
            FROM scratch
            COPY src/message.txt /message.txt
            """;
        var baseImage = BaseImage.Push(_registry, _storage);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage,
            "settings.WithPlatform(\"linux/amd64\").WithPlatform(\"linux/arm64\");", new Dictionary<string, string> { ["Dockerfile"] = dockerfile });

        var log = project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" });

        using var index = JsonDocument.Parse(_registry.Manifest(Image, "latest"));
        var manifests = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal(["amd64", "arm64"],
            manifests.Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()).Order(StringComparer.Ordinal));
        Assert.All(manifests, m => Assert.Equal("linux", m.GetProperty("platform").GetProperty("os").GetString()));
        Assert.Contains($"Image digest: {_registry.Digest(Image, "latest")}", log);

        // Rebuilding in the same storage must not add the platforms to the list a second time.
        project.Run(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" });
        using var again = JsonDocument.Parse(_registry.Manifest(Image, "latest"));
        Assert.Equal(2, again.RootElement.GetProperty("manifests").GetArrayLength());
    }

    [Fact]
    public void Proxy_variables_set_in_the_job_reach_the_build()
    {
        const string dockerfile = """
            ARG BASE_IMAGE=docker.io/library/busybox:1.36
            FROM ${BASE_IMAGE}
            ARG HTTP_PROXY
            RUN echo "proxy=${HTTP_PROXY}" > /proxy-seen
            """;
        const string proxy = "http://proxy-user:pr0xy-pw@proxy.invalid:3128";
        var baseImage = BaseImage.Push(_registry, _storage);
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage, null, new Dictionary<string, string> { ["Dockerfile"] = dockerfile });

        project.Run(new Dictionary<string, string>
        {
            ["CI_COMMIT_BRANCH"] = "main",
            ["HTTP_PROXY"] = proxy,
            ["NO_PROXY"] = "127.0.0.1,localhost",
        });

        Assert.Contains(_registry.Blobs(Image, "latest"), blob => Encoding.UTF8.GetString(blob).Contains("proxy=" + proxy, StringComparison.Ordinal));
    }

    [Fact]
    public void Base_images_pull_through_the_dependency_proxy_with_its_own_login()
    {
        using var proxy = new RegistryServer("proxy-user", "pr0xy pass;$(id)`y`'\"");
        var baseImage = BaseImage.Push(proxy, _storage);
        _storage.Wipe();
        using var project = new GitLabCiLocal(addin, _registry, _storage, baseImage);

        var log = project.Run(new Dictionary<string, string>
        {
            ["CI_COMMIT_BRANCH"] = "main",
            ["CI_DEPENDENCY_PROXY_SERVER"] = proxy.Address,
            ["CI_DEPENDENCY_PROXY_USER"] = proxy.UserName,
            ["CI_DEPENDENCY_PROXY_PASSWORD"] = proxy.Secret,
        });

        Assert.Contains($"Logs in to the Dependency Proxy {proxy.Address} as proxy-user (password on standard input, into a private auth file for this call).", log);
        Assert.Contains($"Image digest: {_registry.Digest(Image, "latest")}", log);
        Assert.DoesNotContain(proxy.Secret, log);
        Assert.DoesNotContain("pr0xy", log);
    }

    public void Dispose()
    {
        _storage.Dispose();
        _registry.Dispose();
    }
}
