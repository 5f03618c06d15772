using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// The move of the cache buildx or BuildKit exported to <see cref="GitLabDockerBuildPlan.CacheExport"/> on to
/// <see cref="GitLabDockerBuildPlan.CacheTo"/> (see <see cref="TagWriter.CacheMoveFor"/>): it starts as soon as the check of
/// the tag it goes with lets that tag hold this pipeline's image, and runs beside that tag's write. Without such a tag
/// (no floating tag in the plan) it starts at once. Disposing waits for a move that is still running.
/// </summary>
internal sealed class CacheMove : IDisposable
{
    private readonly JobLog _jobLog;
    private readonly IImageRegistry _registry;
    private readonly string _staged;
    private readonly string _cache;
    private readonly string? _tag;
    private Task<string?>? _copy;

    /// <summary>Makes the move; see <see cref="TagWriter.CacheMoveFor"/>.</summary>
    /// <param name="jobLog">The job log: one line when the cache is not moved.</param>
    /// <param name="registry">The registry client; it is used from another thread while the tags are written.</param>
    /// <param name="staged">The staged cache (<see cref="GitLabDockerBuildPlan.CacheExport"/>).</param>
    /// <param name="cache">The cache ref (<see cref="GitLabDockerBuildPlan.CacheTo"/>).</param>
    /// <param name="tag">The tag the cache goes with, or <see langword="null"/> when it goes with none.</param>
    public CacheMove(JobLog jobLog, IImageRegistry registry, string staged, string cache, string? tag)
    {
        (_jobLog, _registry, _staged, _cache, _tag) = (jobLog, registry, staged, cache, tag);
        if (tag is null)
        {
            Start();
        }
    }

    /// <summary>Called when the check of <paramref name="tag"/> lets it hold this pipeline's image: starts the move if the cache goes with it.</summary>
    public void Allow(string tag)
    {
        if (tag == _tag)
        {
            Start();
        }
    }

    /// <summary>
    /// Waits for the move and says when the cache stays: the tag it goes with was left on another image, or the build
    /// left no staged cache. Throws the move's <see cref="CakeException"/> when the registry refused it.
    /// </summary>
    /// <param name="outcome">What the tag writes did.</param>
    public void Finish(TagOutcome outcome)
    {
        if (_copy is null || (_tag is not null && !outcome.Written.Contains(_tag)))
        {
            _jobLog.Line($"The cache {_cache} is not written: {outcome.Kept.FirstOrDefault(kept => kept.Tag == _tag).Why}");
            return;
        }

        if (_copy.GetAwaiter().GetResult() is null)
        {
            _jobLog.Line($"The build left no cache at {_staged}, so {_cache} stays as it was.");
        }
    }

    /// <summary>Waits for a move still running (a tag write failed meanwhile); its own failure is left unsaid.</summary>
    public void Dispose()
    {
        try
        {
            _copy?.Wait();
        }
        catch (AggregateException)
        {
            // The job fails on the tag write already.
        }
    }

    private void Start() => _copy ??= Task.Run(() => _registry.Copy(_staged, _cache));
}
