using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>What the end-to-end tests read from a job log: the reported digest and Buildah's build steps.</summary>
internal static partial class PipelineLog
{
    /// <summary>Returns the digest the example's build.cake reports ("Image digest: sha256:…").</summary>
    public static string Digest(string log) =>
        DigestLine().Match(log) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no digest in:\n" + log);

    /// <summary>Returns Buildah's step lines, for example "[1/2] STEP 2/5: COPY deps.txt /src/".</summary>
    public static IReadOnlyList<string> Steps(string log) => StepLine().Matches(log).Select(match => match.Value).ToList();

    /// <summary>Returns whether the log shows any Buildah build step.</summary>
    public static bool Built(string log) => AnyStep().IsMatch(log);

    /// <summary>Counts the steps Buildah took from the remote cache.</summary>
    public static int CachePulled(string log) => CachePulledLine().Matches(log).Count;

    [GeneratedRegex(@"Image digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex DigestLine();

    [GeneratedRegex(@"\[\d+/\d+\] STEP \d+/\d+: [^\n]*")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"STEP \d+/\d+")]
    private static partial Regex AnyStep();

    [GeneratedRegex(@"--> Cache pulled from remote ")]
    private static partial Regex CachePulledLine();
}
