using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Writes refs to the registry one after another in the plan's order (version tags before <c>latest</c>), each retried
/// by <see cref="RetryPolicy"/> (an engine's write; the registry client retries its own). On a failure the error says which refs were written and which were not; every write
/// must agree on one digest.
/// </summary>
internal sealed class OrderedWrites(JobLog jobLog, int retries, Action<TimeSpan>? sleep = null)
{
    /// <summary>
    /// Writes each target with <paramref name="write"/>, which makes one attempt and returns the digest it wrote. Returns
    /// the digest of the first write, checked against <paramref name="expected"/> when given.
    /// </summary>
    /// <param name="verb">What a write does, for logs and errors (<c>push</c>, <c>copy</c>).</param>
    /// <param name="targets">The refs, in order.</param>
    /// <param name="write">One attempt at one target.</param>
    /// <param name="expected">The digest every write must keep (a promotion), or <see langword="null"/>.</param>
    public string? Each(string verb, IReadOnlyList<string> targets, Func<string, string?> write, string? expected)
    {
        var retry = new RetryPolicy(retries, jobLog.Line, sleep);
        string? digest = null;
        var written = new List<string>();
        foreach (var target in targets)
        {
            string? targetDigest = null;
            try
            {
                // The registry client retries what a retry can change itself, and a refusal stays one.
                retry.Run($"{verb} {target}", () => targetDigest = write(target), failure => !RegistryFailure.IsRegistry(failure));
            }
            catch (CakeException failure)
            {
                throw new CakeException(failure.ExitCode,
                    $"{failure.Message} {(written.Count == 0 ? "Nothing was written" : "Written: " + string.Join(", ", written))}; " +
                    $"not written: {string.Join(", ", targets.Skip(written.Count))}.", failure);
            }

            if (expected is not null && targetDigest is not null && targetDigest != expected)
            {
                throw new CakeException($"The {verb} to {target} changed the digest ({expected} → {targetDigest}): the registry rewrote the manifest.");
            }

            digest ??= targetDigest ?? expected;
            written.Add(target);
        }

        return digest;
    }
}
