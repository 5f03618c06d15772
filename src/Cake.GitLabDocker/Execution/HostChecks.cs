namespace Cake.GitLabDocker;

/// <summary>
/// What the resolution asks of the machine before any process starts: whether an executable is on <c>PATH</c>, a unix
/// socket, a file or a folder exists. The aliases answer from the real machine; tests answer as they need.
/// </summary>
/// <param name="OnPath">Whether an executable is on <c>PATH</c>.</param>
/// <param name="SocketExists">Whether a unix socket file exists.</param>
/// <param name="FileExists">Whether a file exists.</param>
/// <param name="DirectoryExists">Whether a folder exists.</param>
internal sealed record HostChecks(
    Func<string, bool> OnPath,
    Func<string, bool> SocketExists,
    Func<string, bool> FileExists,
    Func<string, bool> DirectoryExists)
{
    /// <summary>Checks nothing: no executable is on <c>PATH</c>, every socket, file and folder exists.</summary>
    public static HostChecks None { get; } = new(_ => false, _ => true, _ => true, _ => true);

    /// <summary>The real machine's answers.</summary>
    public static HostChecks Of(Cake.Core.ICakeContext context) => new(
        executable => context.Tools.Resolve(executable) is not null,
        File.Exists,
        File.Exists,
        Directory.Exists);
}
