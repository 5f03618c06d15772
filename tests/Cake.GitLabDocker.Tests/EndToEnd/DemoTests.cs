using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The newcomer's first command, <c>./build.sh --target=Demo</c> (build/demo.cake), run as the README gives it: what it
/// says the registry holds, its timing table, and that it leaves nothing behind, failed or not.
/// </summary>
/// <remarks>
/// The Demo target has no Build dependency and packs the add-in from a copy of its sources in its own temporary
/// folder, so running it here never rebuilds the solution nor writes to the bin/ and obj/ folders of the test run
/// that started it (<c>./build.sh --target=Test</c>).
/// </remarks>
[Trait("Category", "EndToEnd")]
public sealed partial class DemoTests
{
    [Fact]
    public void Pushes_latest_and_the_release_from_the_registry_cache_and_removes_everything_it_made()
    {
        var (exitCode, output) = RunDemo();

        Assert.True(exitCode == 0, output);

        // The dry run's plan table, then the tags and digests the registry holds, each equal to the one the build reported.
        Has(output, "Pipeline   : DefaultBranch");
        Has(output, new Regex(@"group/hello:latest\s+sha256:[0-9a-f]{64}"));
        Has(output, new Regex(@"group/hello:v1\.0\.0\s+sha256:[0-9a-f]{64}"));
        Has(output, "The digest the build reported is the one the registry holds for group/hello:latest.");
        Has(output, "The digest the build reported is the one the registry holds for group/hello:v1.0.0.");
        Assert.DoesNotContain("WARNING: the build reported", output);
        Has(output, new Regex(@"group/hello/buildcache: [1-9]\d* cache tags"));
        Assert.DoesNotMatch(@"group/hello:feature", output);

        // The timing table: the cold build takes nothing from the registry cache; the warm one (local storage wiped) and
        // the release take every Dockerfile step from it.
        var (_, steps) = Row(output, "default branch, cold");
        Assert.True(steps > 0, output);
        Assert.Equal((0, steps), Row(output, "default branch, cold"));
        Assert.Equal((steps, steps), Row(output, "default branch, warm (storage wiped)"));
        Assert.Equal((steps, steps), Row(output, "release tag v1.0.0"));
        Has(output, "| feature branch feature/login | nothing (validation build) |");

        AssertCleanedUp(output);
    }

    [Fact]
    public void A_failed_step_still_stops_the_registry_and_removes_its_folder()
    {
        using var standIns = new StandInFolder();
        standIns.Script("buildah", "echo 'buildah: stand-in that fails' >&2\nexit 1");

        var (exitCode, output) = RunDemo(standIns.Path + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));

        Assert.True(exitCode != 0, output);
        Has(output, "buildah login");
        Has(output, "buildah: stand-in that fails");
        AssertCleanedUp(output);
    }

    /// <summary>Fails with the whole output (the demo's log) when the text is not in it.</summary>
    private static void Has(string output, string text) =>
        Assert.True(output.Contains(text, StringComparison.Ordinal), $"'{text}' is not in the demo's output:\n{output}");

    private static void Has(string output, Regex pattern) =>
        Assert.True(pattern.IsMatch(output), $"'{pattern}' matches nothing in the demo's output:\n{output}");

    private static (int ExitCode, string Output) RunDemo(string? path = null)
    {
        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = "1" };
        if (path is not null)
        {
            environment["PATH"] = path;
        }

        return Command.Run(Path.Combine(Repository.Root, "build.sh"), ["--target=Demo"], Repository.Root, environment, TimeSpan.FromMinutes(20));
    }

    /// <summary>The registry it started is gone, no process refers to its work folder any more, and the folder is deleted.</summary>
    private static void AssertCleanedUp(string output)
    {
        var work = WorkFolder().Match(output) is { Success: true } folder ? folder.Groups[1].Value : throw new InvalidOperationException(output);
        var pid = RegistryPid().Match(output) is { Success: true } registry ? int.Parse(registry.Groups[1].Value) : throw new InvalidOperationException(output);

        Has(output, $"Registry stopped (pid {pid}).");
        Has(output, $"Removed {work}.");
        Assert.False(Directory.Exists(work), $"{work} is left");
        var left = Directory.EnumerateDirectories("/proc")
            .Where(folder => int.TryParse(Path.GetFileName(folder), out _))
            .Select(folder => (Pid: Path.GetFileName(folder), CommandLine: ReadCommandLine(folder)))
            .Where(process => process.CommandLine.Contains(work, StringComparison.Ordinal))
            .ToList();
        Assert.True(left.Count == 0, "still running: " + string.Join("; ", left.Select(process => $"{process.Pid} {process.CommandLine}")));
    }

    private static string ReadCommandLine(string folder)
    {
        try
        {
            return File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty; // the process ended while we looked
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>Steps from the registry cache and Dockerfile steps in a row of the timing table.</summary>
    private static (int Pulled, int Steps) Row(string output, string pipeline)
    {
        var row = new Regex(@"^\| " + Regex.Escape(pipeline) + @" \|.*\| (\d+) of (\d+) \|\s*$", RegexOptions.Multiline).Match(output);
        Assert.True(row.Success, $"no timing row for '{pipeline}':\n{output}");
        return (int.Parse(row.Groups[1].Value), int.Parse(row.Groups[2].Value));
    }

    [GeneratedRegex(@"^Work folder: (\S+)", RegexOptions.Multiline)]
    private static partial Regex WorkFolder();

    [GeneratedRegex(@"^Registry: \S+, pid (\d+),", RegexOptions.Multiline)]
    private static partial Regex RegistryPid();
}
