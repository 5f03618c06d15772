namespace Cake.GitLabDocker.Tests;

/// <summary>A real Git repository in a temporary folder, as a developer's clone would be.</summary>
internal sealed class GitRepository : IDisposable
{
    public GitRepository(string? folder = null)
    {
        Folder = folder ?? Directory.CreateTempSubdirectory("gitlab-docker-git-").FullName;
        Git("init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(Folder, "README"), "hello\n");
        Git("add", "README");
        Commit("first");
    }

    public string Folder { get; }

    public string Head => Git("rev-parse", "HEAD").Trim();

    public void Commit(string message) =>
        Git("-c", "user.email=dev@example.invalid", "-c", "user.name=Dev", "commit", "-q", "--allow-empty", "-m", message);

    /// <summary>Makes <c>origin/HEAD</c> name <paramref name="branch"/>, as <c>git clone</c> does.</summary>
    public void CloneOrigin(string branch = "main")
    {
        Git("update-ref", $"refs/remotes/origin/{branch}", "HEAD");
        Git("symbolic-ref", "refs/remotes/origin/HEAD", $"refs/remotes/origin/{branch}");
    }

    public string Git(params string[] arguments) => Command.Succeed("git", arguments, Folder);

    /// <summary>Runs git as the add-in's runner does: standard output trimmed, or null on failure.</summary>
    public static Func<string[], string?> Runner(string folder) => arguments =>
        Command.Run("git", arguments, folder) is (0, var output) ? output.Trim() : null;

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
