namespace Cake.GitLabDocker.Tests;

/// <summary>Where a commit stands against another, asked of a real clone: full, shallow, and after a force-push.</summary>
public sealed class CommitAncestryTests : IDisposable
{
    private readonly GitRepository _origin = new();
    private readonly List<string> _folders = [];

    [Fact]
    public void In_a_full_clone_descendants_are_newer_and_ancestors_older()
    {
        var old = _origin.Head;
        _origin.Commit("second");
        var head = _origin.Head;

        Assert.Equal(Ancestry.Newer, new CommitAncestry(GitRepository.Runner(_origin.Folder), head).Of(old));
        Assert.Equal(Ancestry.Older, new CommitAncestry(GitRepository.Runner(_origin.Folder), old).Of(head));
    }

    [Fact]
    public void A_commit_beyond_a_shallow_clones_depth_is_unknown()
    {
        var old = _origin.Head;
        for (var i = 0; i < 3; i++)
        {
            _origin.Commit($"change {i}");
        }

        var clone = Clone("--depth", "2");

        Assert.Equal(Ancestry.Unknown, new CommitAncestry(GitRepository.Runner(clone), _origin.Head).Of(old));
    }

    [Fact]
    public void After_a_force_push_the_dropped_commit_is_unknown()
    {
        _origin.Commit("base");
        _origin.Commit("dropped later");
        var dropped = _origin.Head;
        _origin.Git("reset", "-q", "--hard", "HEAD~1");
        _origin.Commit("rewritten");

        var clone = Clone();

        Assert.Equal(Ancestry.Unknown, new CommitAncestry(GitRepository.Runner(clone), _origin.Head).Of(dropped));
        // Still in the origin's object store, but on no common line: still unknown.
        Assert.Equal(Ancestry.Unknown, new CommitAncestry(GitRepository.Runner(_origin.Folder), _origin.Head).Of(dropped));
    }

    [Fact]
    public void Without_git_nothing_is_known()
    {
        Assert.Equal(Ancestry.Unknown, new CommitAncestry(null, _origin.Head).Of(_origin.Head));
    }

    public void Dispose()
    {
        _origin.Dispose();
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string Clone(params string[] options)
    {
        var folder = Directory.CreateTempSubdirectory("gitlab-docker-clone-").FullName;
        _folders.Add(folder);
        Command.Succeed("git", ["clone", "-q", .. options, "file://" + _origin.Folder, folder], folder);
        return folder;
    }
}
