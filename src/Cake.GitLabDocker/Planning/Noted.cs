namespace Cake.GitLabDocker;

/// <summary>A rule's result and the notes that explain it in the job log, in order.</summary>
/// <typeparam name="T">The result's type.</typeparam>
/// <param name="Value">The result.</param>
/// <param name="Notes">What the rule decided, in words.</param>
internal sealed record Noted<T>(T Value, IReadOnlyList<string> Notes);
