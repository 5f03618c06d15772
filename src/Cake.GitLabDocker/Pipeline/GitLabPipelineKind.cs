namespace Cake.GitLabDocker;

/// <summary>
/// The kind of pipeline the build runs in. It decides which tags are pushed and which cache refs are read and written.
/// </summary>
public enum GitLabPipelineKind
{
    /// <summary>A tag pipeline (<c>CI_COMMIT_TAG</c> is set): pushes <c>IMAGE:$CI_COMMIT_TAG</c> and reads the cache.</summary>
    Tag,

    /// <summary>A branch pipeline on the default branch: pushes <c>IMAGE:latest</c>, reads and writes <c>IMAGE:latest-buildcache</c>.</summary>
    DefaultBranch,

    /// <summary>A branch pipeline on any other branch: a validation build that reads the cache and pushes nothing.</summary>
    Branch,

    /// <summary>A merge-request pipeline: a validation build that reads the cache and pushes nothing.</summary>
    MergeRequest,

    /// <summary>Not running on GitLab CI (for example <c>./build.sh</c> on a laptop): builds into the local engine only.</summary>
    Local,
}

/// <summary>The pipeline kinds in the words of a job log.</summary>
internal static class GitLabPipelineKindWords
{
    /// <summary>Returns the kind as a log sentence names it, for example <c>merge-request</c>.</summary>
    public static string Words(this GitLabPipelineKind kind) => kind switch
    {
        GitLabPipelineKind.DefaultBranch => "default-branch",
        GitLabPipelineKind.MergeRequest => "merge-request",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
