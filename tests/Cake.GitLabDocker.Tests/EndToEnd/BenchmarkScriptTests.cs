using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The two benchmark scripts the README quotes still run and print their tables: one round each, Buildah rows only (no
/// BuildKit daemon here), with the add-in this test run packed. Times are printed, never checked; the job benchmark
/// itself fails when a job missed the registry cache, did not run the cached script, or let the password out.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class BenchmarkScriptTests(PackedAddin addin) : IClassFixture<PackedAddin>
{
    [Fact]
    public void The_job_benchmark_prints_a_warm_job_beside_the_same_commands_by_hand_and_from_a_Cake_task_for_both_buildah_storages()
    {
        var output = RunScript("job", "1");

        // The headline: each engine's job through the add-in beside the same commands by hand, and where the difference goes.
        Assert.Contains("| engine | by hand (s) | add-in, Image task (s) | add-in over by hand (s) | same commands, under Cake minus by hand (s) | add-in's own time (s) |", output);
        Assert.Matches(new Regex(@"\| buildah \(overlay\) \| \d+\.\d+ \| \d+\.\d+ \| -?\d+\.\d+ \| -?\d+\.\d+ \| -?\d+\.\d+ \|"), output);
        Assert.Matches(new Regex(@"\| buildah \(vfs\) \| \d+\.\d+ \| \d+\.\d+ \| -?\d+\.\d+ \| -?\d+\.\d+ \| -?\d+\.\d+ \|"), output);
        // What Cake costs the same script run from a Cake task, and the add-in beyond that.
        const string cakeTable = "| engine | from a Cake task (s) | Cake task over by hand (s) | add-in over the Cake task (s) | " +
                                 "commands: Cake task minus by hand (s) | commands: add-in minus Cake task (s) |";
        Assert.Matches(new Regex(Regex.Escape(cakeTable) + @"\n\|(---\|){6}\n" +
                                 @"\| buildah \(overlay\) \| \d+\.\d+ \|( -?\d+\.\d+ \|){4}\n\| buildah \(vfs\) \| \d+\.\d+ \|( -?\d+\.\d+ \|){4}\n"), output);
        Assert.Matches(new Regex(@"buildah \(vfs\), from a Cake task: buildah login [\d.]+ · buildah build [\d.]+ · buildah push"), output);
        Assert.Contains("| engine | Cake's first task (s) | whole job, script compiled (s) | whole job, cached script (s) | cached/compiled |", output);
        Assert.Matches(new Regex(@"buildah \(overlay\), by hand: +buildah (login [\d.]+ · buildah info|info [\d.]+ · buildah login) [\d.]+ · buildah build"), output);
        Assert.Contains("Buildah storage: overlay", output);
        Assert.DoesNotContain("| buildx |", output);
    }

    [Fact]
    public void The_cache_benchmark_prints_every_build_for_both_buildah_storages()
    {
        var output = RunScript("cache", "1");

        foreach (var row in new[] { "buildah-overlay", "buildah-vfs" })
        {
            foreach (var build in new[] { "cold", "warm", "source-change", "release-rebuild", "release-promote", "feature-first" })
            {
                Assert.Matches(new Regex($@"\| {row} \| {build} \| \d+\.\d \| \d\.\d\d \|"), output);
            }
        }
    }

    private string RunScript(string name, string argument)
    {
        var (exitCode, output) = Command.Run(Path.Combine(Repository.Root, "benchmarks", name, "run.sh"), [argument], Repository.Root,
            new Dictionary<string, string?> { ["GITLAB_DOCKER_PACKAGES"] = addin.Folder, ["BUILDKIT_HOST"] = null },
            TimeSpan.FromMinutes(15));
        Assert.True(exitCode == 0, output);
        return output;
    }
}
