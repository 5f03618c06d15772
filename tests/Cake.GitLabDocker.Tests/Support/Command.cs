using System.Diagnostics;
using System.Text;

namespace Cake.GitLabDocker.Tests;

/// <summary>Runs a real process for the integration tests and keeps its output.</summary>
internal static class Command
{
    /// <summary>GitLab, Docker and Buildah variables of the machine running the tests, kept away from the child.</summary>
    private static readonly string[] InheritedPrefixes = ["CI_", "GITLAB_", "BUILDX_", "DOCKER_", "CAKE_", "STORAGE_DRIVER", "BUILDAH_"];

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static (int ExitCode, string Output) Run(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(name => InheritedPrefixes.Any(name.StartsWith)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>Runs and fails the test with the output when the exit code is not 0.</summary>
    public static string Succeed(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var (exitCode, output) = Run(fileName, arguments, workingDirectory, environment);
        return exitCode == 0 ? output : throw new InvalidOperationException($"{fileName} exited with {exitCode}:\n{output}");
    }
}
