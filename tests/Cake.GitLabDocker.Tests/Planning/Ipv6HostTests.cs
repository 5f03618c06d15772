namespace Cake.GitLabDocker.Tests;

/// <summary>A registry on a bracketed IPv6 address, from <c>CI_REGISTRY</c> to every reference the engines receive.</summary>
public sealed class Ipv6HostTests : IDisposable
{
    private const string Registry = "[2001:db8::1]:5000";
    private const string Image = Registry + "/group/app";
    private static readonly string Digest = "sha256:" + new string('c', 64);

    private readonly string _work = Directory.CreateTempSubdirectory("gitlab-docker-ipv6-").FullName;
    private readonly RecordingProcess _process = new();

    private static Dictionary<string, string?> On(Dictionary<string, string?> variables) =>
        Variables.With(variables, ("CI_REGISTRY", Registry), ("CI_REGISTRY_IMAGE", Image), ("CI_COMMIT_SHORT_SHA", "1a2b3c4d"));

    [Fact]
    public void The_default_branch_pushes_and_caches_on_the_ipv6_registry()
    {
        var plan = Inputs.Plan(On(Variables.DefaultBranch()));

        Assert.Equal(Image, plan.Image);
        Assert.Equal([$"{Image}:latest"], plan.Tags);
        Assert.Equal([$"{Image}:latest-buildcache"], plan.CacheFrom);
        Assert.Equal($"{Image}:latest-buildcache", plan.CacheTo);
        Assert.Equal(Registry, plan.Registry);
        Assert.All(plan.Tags.Concat(plan.CacheFrom), reference => Assert.Matches(Grammar.Reference(), reference));
    }

    [Fact]
    public void Buildah_keeps_its_cache_beside_the_image_on_the_ipv6_registry()
    {
        var plan = Inputs.Plan(On(Variables.DefaultBranch()), new GitLabDockerBuildSettings { Engine = GitLabDockerEngine.Buildah });

        var command = BuildahCommands.Build(plan, Inputs.Default()).Arguments.Render();

        Assert.Contains($"--cache-from \"{Image}/buildcache\" --cache-to \"{Image}/buildcache\"", command);
        Assert.Matches(Grammar.Repository(), BuildahCache.Repository(plan.CacheTo!));
    }

    [Theory]
    [InlineData("buildah")]
    [InlineData("buildx")]
    public void Promotion_tags_the_commit_images_digest(string engine)
    {
        var registry = new MemoryRegistry();
        _process.Outputs["inspect"] = Digest;
        _process.Outputs["imagetools inspect"] = Digest;
        _process.DigestFileContent = Digest;
        var variables = Variables.With(On(Variables.Tag("v1.4.0")), ("GITLAB_DOCKER_ENGINE", engine));
        var runner = new GitLabDockerRunner(new RecordingLog(), variables.Reader(), path => _work + "/" + path.FullPath.TrimStart('.', '/'),
            (_, _) => _process, registry: _ => registry);

        var result = runner.Build(new GitLabDockerBuildSettings().WithReuseCommitImage().WithDotenvFile("image.env"));

        Assert.Equal(Digest, result.Digest);
        Assert.Equal([$"{Image}:v1.4.0={Digest}"], registry.Writes);
        Assert.Equal(
            $"GITLAB_DOCKER_IMAGE={Image}:v1.4.0@{Digest}\nGITLAB_DOCKER_DIGEST={Digest}\nGITLAB_DOCKER_TAGS={Image}:v1.4.0\n",
            File.ReadAllText(Path.Combine(_work, "image.env")));
    }

    [Fact]
    public void The_dotenv_report_keeps_the_brackets()
    {
        var report = DotenvReport.Render([$"[::1]:5000/app:v1", "[::1]:5000/app:latest"], Digest);

        Assert.StartsWith($"GITLAB_DOCKER_IMAGE=[::1]:5000/app:v1@{Digest}\n", report);
        Assert.EndsWith("GITLAB_DOCKER_TAGS=[::1]:5000/app:v1,[::1]:5000/app:latest\n", report);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
