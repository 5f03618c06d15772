namespace Cake.GitLabDocker.Tests;

/// <summary>Runs pipelines at once, as jobs of one shell runner with <c>concurrent</c> above 1, and checks that every one passed.</summary>
internal sealed class ConcurrentJobs : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>Keeps <paramref name="disposable"/> to dispose with the others, last first.</summary>
    public T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Runs every job at once; records the figure; fails with the log of each job that failed.</summary>
    public static async Task<IReadOnlyList<(int ExitCode, string Output)>> RunAll(
        IEnumerable<Func<(int ExitCode, string Output)>> jobs, string figure, string details)
    {
        var results = await Task.WhenAll(jobs.Select(job => Task.Run(job)));
        var failed = results.Select((result, i) => (Job: i + 1, Result: result)).Where(run => run.Result.ExitCode != 0).ToList();
        ReliabilityFigures.Record(figure, results.Length, results.Length - failed.Count, details);
        Assert.True(failed.Count == 0, string.Join("\n\n", failed.Select(run => $"job {run.Job}:\n{run.Result.Output}")));
        return results;
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }
}
