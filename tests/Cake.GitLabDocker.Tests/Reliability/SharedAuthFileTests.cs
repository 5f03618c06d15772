using System.Text;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Six default-branch Buildah jobs at once sharing one <c>REGISTRY_AUTH_FILE</c>, as jobs of a shell runner with
/// <c>concurrent</c> above 1 share one user's: each keeps its credentials in a private file of its own, so no job logs
/// another out, and the base image on another private registry pulls with the login the shared file already has. All
/// succeed and the shared file is byte for byte what it was.
/// </summary>
[Trait("Category", "Reliability")]
[Trait("Category", "EndToEnd")]
public sealed class SharedAuthFileTests(PackedAddin addin) : IClassFixture<PackedAddin>, IDisposable
{
    private const int Jobs = 6;

    private readonly RegistryServer _registry = new();
    private readonly RegistryServer _baseRegistry = new("base-user", "base-s3cret w0rd");
    private readonly string _folder = Directory.CreateTempSubdirectory("gitlab-docker-shared-auth-").FullName;
    private readonly ConcurrentJobs _jobs = new();

    [Fact]
    public async Task Six_jobs_at_once_on_one_auth_file_all_push_and_leave_it_unchanged()
    {
        var baseImage = BaseImage.Push(_baseRegistry, _jobs.Own(new BuildahStorage()));
        var shared = Path.Combine(_folder, "auth.json");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_baseRegistry.UserName}:{_baseRegistry.Secret}"));
        File.WriteAllText(shared, $"{{\n\t\"auths\": {{\n\t\t\"{_baseRegistry.Address}\": {{\n\t\t\t\"auth\": \"{auth}\"\n\t\t}}\n\t}}\n}}\n");
        var before = File.ReadAllBytes(shared);
        var projects = Enumerable.Range(0, Jobs)
            .Select(_ => _jobs.Own(new GitLabCiLocal(addin, _registry, _jobs.Own(new BuildahStorage()), baseImage, authFile: shared)))
            .ToList();

        var results = await ConcurrentJobs.RunAll(
            projects.Select(project => (Func<(int, string)>)(() => project.TryRun(new Dictionary<string, string> { ["CI_COMMIT_BRANCH"] = "main" }))),
            "shared auth file", $"{Jobs} default-branch Buildah jobs at once on one REGISTRY_AUTH_FILE, base image on another private registry");
        Assert.Equal(before, File.ReadAllBytes(shared));
        Assert.Contains(_registry.Digest(GitLabCiLocal.Project, "latest"), results.Select(result => PipelineLog.Digest(result.Output)));
        Assert.Equal(["auth.json"], Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    public void Dispose()
    {
        _jobs.Dispose();
        _registry.Dispose();
        _baseRegistry.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

}
