using Cake.Core;
using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// Runs <c>git</c> quietly in the working directory for <see cref="LocalGit"/>. Its arguments are fixed by the add-in.
/// </summary>
internal static class GitProcess
{
    /// <summary>Returns git's trimmed standard output, or <see langword="null"/> when git is missing or fails.</summary>
    public static string? Run(ICakeContext context, string[] arguments)
    {
        var git = context.Tools.Resolve("git") ?? context.Tools.Resolve("git.exe");
        if (git is null)
        {
            return null;
        }

        var builder = new ProcessArgumentBuilder();
        foreach (var argument in arguments)
        {
            builder.Append(argument);
        }

        var result = ChildProcess.Run(git.FullPath, new ProcessSettings
        {
            Arguments = builder,
            WorkingDirectory = context.Environment.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }, timeout: null);
        return result.ExitCode == 0 ? result.Output.Trim() : null;
    }
}
