using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Retries a registry write (a push or a copy) that failed, waiting 1 s, 2 s, 4 s… between attempts, so a transient
/// 5xx or a reset connection does not fail a release. The last failure is rethrown with the number of attempts.
/// </summary>
internal sealed class RetryPolicy(int retries, Action<string> log, Action<TimeSpan>? sleep = null)
{
    /// <summary>The default number of retries after the first attempt.</summary>
    public const int DefaultRetries = 3;

    public static RetryPolicy None { get; } = new(0, _ => { });

    /// <summary>Runs <paramref name="attempt"/>, retrying a failure that <paramref name="retryable"/> accepts (every failure when none is given).</summary>
    public void Run(string what, Action attempt, Func<CakeException, bool>? retryable = null)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                attempt();
                return;
            }
            catch (CakeException failure) when (number <= retries && (retryable?.Invoke(failure) ?? true))
            {
                var delay = TimeSpan.FromSeconds(Math.Pow(2, number - 1));
                log($"{what} failed (attempt {number} of {retries + 1}, exit code {failure.ExitCode}): retrying in {delay.TotalSeconds:0} s.");
                (sleep ?? Thread.Sleep)(delay);
            }
            catch (CakeException failure) when (retries > 0 && number > 1)
            {
                throw new CakeException(failure.ExitCode, $"{failure.Message} ({what} failed {number} times.)", failure);
            }
        }
    }
}
