using Cake.Core;
using Cake.Core.IO;
using Path = System.IO.Path;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// <see cref="EngineTool"/> against real processes: standard input to a child that is gone, output after a timed wait,
/// timeouts that stop a whole process tree, and the redacted log line.
/// </summary>
public sealed class EngineToolTests : IDisposable
{
    /// <summary>More than a pipe buffer (64 KiB), so a child that never reads makes every write hit a closed pipe.</summary>
    private static readonly string LargeSecret = "s3cr3t-" + new string('x', 100 * 1024);

    private readonly StandInFolder _standIns = new();

    [Fact]
    public void A_child_that_exits_before_reading_its_input_fails_with_its_exit_code_every_time()
    {
        var tool = RealEngineTool.For(_standIns.Script("docker", "echo 'unknown flag: --password-stdin' >&2\nexit 3"));
        var command = new EngineCommand("login", new ProcessArgumentBuilder().Append("login"), LargeSecret, Hint: "The hint.");

        for (var run = 0; run < 50; run++)
        {
            var error = Assert.Throws<CakeException>(() => tool.Run(command));
            Assert.Equal(3, error.ExitCode);
            Assert.Equal("docker login failed with exit code 3:\n  unknown flag: --password-stdin\nThe hint.\nCommand: 'docker login'", error.Message);
        }
    }

    [Fact]
    public void The_engines_last_error_lines_come_first_then_the_hint_for_their_cause_then_the_command()
    {
        var tool = RealEngineTool.For(_standIns.Script("docker", "seq 1 20 >&2\necho 'Error: s3cr3t refused' >&2\nexit 2"));
        var command = new EngineCommand("push", new ProcessArgumentBuilder().Append("push"), "s3cr3t", Hint: "Generic.")
        {
            Diagnose = error => error.Contains("refused", StringComparison.Ordinal) ? "It was refused." : null,
        };

        var error = Assert.Throws<CakeException>(() => tool.Run(command));

        Assert.Equal("docker push failed with exit code 2:\n  14\n  15\n  16\n  17\n  18\n  19\n  20\n  Error: [REDACTED] refused\n" +
                     "It was refused.\nCommand: 'docker push'", error.Message);
    }

    [Fact]
    public void Standard_error_is_shown_as_it_comes_and_returned()
    {
        var log = new RecordingLog();
        var tool = RealEngineTool.For(_standIns.Script("docker", "echo progress >&2\necho done"), log);

        var lines = tool.Run(new EngineCommand("build", new ProcessArgumentBuilder().Append("build")));

        Assert.Equal(["progress"], lines);
        Assert.Contains("progress", log.Lines);
    }

    [Fact]
    public void A_child_that_reads_its_input_gets_all_of_it_and_succeeds()
    {
        var received = Path.Combine(_standIns.Path, "received");
        var tool = RealEngineTool.For(_standIns.Script("docker", $"cat > '{received}'"));

        tool.Run(new EngineCommand("login", new ProcessArgumentBuilder().Append("login"), LargeSecret));

        Assert.Equal(LargeSecret, File.ReadAllText(received));
    }

    [Fact]
    public void A_probe_with_a_timeout_keeps_all_of_its_output()
    {
        var tool = RealEngineTool.For(_standIns.Script("docker", "seq 1 2000\necho sha256:done"), timeout: TimeSpan.FromMinutes(5));
        var expected = string.Join('\n', Enumerable.Range(1, 2000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\nsha256:done";

        for (var run = 0; run < 50; run++)
        {
            Assert.Equal(new ProbeResult(0, expected), tool.Probe(new EngineCommand("inspect", new ProcessArgumentBuilder().Append("inspect"))));
        }
    }

    [Fact]
    public void A_probe_answers_with_its_exit_code_and_never_throws_for_it()
    {
        var tool = RealEngineTool.For(_standIns.Script("docker", "echo missing\nexit 1"), timeout: TimeSpan.FromMinutes(5));

        Assert.Equal(new ProbeResult(1, "missing"), tool.Probe(new EngineCommand("inspect", new ProcessArgumentBuilder().Append("inspect"))));
    }

    [Fact]
    public void A_started_probe_runs_beside_the_next_command_and_answers_when_asked()
    {
        // The probe waits for a file only the next command writes: run one after the other, it would never end.
        var marker = Path.Combine(_standIns.Path, "next-command-ran");
        var tool = RealEngineTool.For(_standIns.Script("docker", $$"""
            if [ "$1" = info ]; then
              while [ ! -e '{{marker}}' ]; do sleep 0.05; done
              echo overlay
            else
              touch '{{marker}}'
            fi
            """), timeout: TimeSpan.FromMinutes(2));

        var answer = tool.StartProbe(new EngineCommand("storage check", new ProcessArgumentBuilder().Append("info")));
        tool.Run(new EngineCommand("login", new ProcessArgumentBuilder().Append("login")));

        Assert.Equal(new ProbeResult(0, "overlay"), answer());
    }

    [Fact]
    public void A_step_past_its_timeout_is_stopped_with_every_process_it_started()
    {
        var pidFile = Path.Combine(_standIns.Path, "grandchild.pid");
        var tool = RealEngineTool.For(
            _standIns.Script("docker", $"sleep 600 &\necho $! > '{pidFile}'\nwait"), timeout: TimeSpan.FromSeconds(5));

        var error = Assert.Throws<CakeException>(() => tool.Run(new EngineCommand("build", new ProcessArgumentBuilder().Append("build"))));

        Assert.StartsWith("docker build did not finish within 00:00:05 and was stopped with every process it started: 'docker build'.", error.Message);
        Assert.Contains("GitLabDockerBuildSettings.ToolTimeout", error.Message);
        Assert.True(File.Exists(pidFile), "the stand-in did not start its child within the timeout");
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Wait.Until(() => !IsRunning(grandchild), TimeSpan.FromSeconds(30)), $"process {grandchild} outlived the timeout");
    }

    [Fact]
    public void A_probe_past_its_timeout_is_an_error_too()
    {
        var tool = RealEngineTool.For(_standIns.Script("docker", "exec sleep 600"), timeout: TimeSpan.FromSeconds(1));

        var error = Assert.Throws<CakeException>(() => tool.Probe(new EngineCommand("inspect", new ProcessArgumentBuilder().Append("inspect"))));

        Assert.Contains("did not finish within", error.Message);
    }

    [Fact]
    public void The_command_line_is_logged_with_secrets_redacted_and_standard_input_never()
    {
        var log = new RecordingLog();
        var tool = RealEngineTool.For(_standIns.Script("docker", "cat > /dev/null"), log);

        tool.Run(new EngineCommand("login", new ProcessArgumentBuilder().Append("login").AppendSecret("--token=hidden"), "the-password"));

        Assert.Equal([$"Executing: {_standIns.Path}/docker login [REDACTED]"], log.Lines);
    }

    [Fact]
    public void The_tool_gets_the_users_environment_and_working_directory_and_cakes_own_variables()
    {
        var seen = Path.Combine(_standIns.Path, "seen");
        var tool = RealEngineTool.For(new EngineCallSettings
        {
            ToolPath = _standIns.Script("docker", $"echo \"$PWD $CAKE $FROM_USER\" > '{seen}'"),
            WorkingDirectory = _standIns.Path,
            EnvironmentVariables = new Dictionary<string, string> { ["FROM_USER"] = "yes" },
        });

        tool.Run(new EngineCommand("version", new ProcessArgumentBuilder().Append("version")));

        Assert.Equal($"{_standIns.Path} True yes", File.ReadAllText(seen).Trim());
    }

    [Fact]
    public void A_missing_executable_names_it_and_the_setting()
    {
        var tool = RealEngineTool.For(Path.Combine(_standIns.Path, "absent"));

        var error = Assert.Throws<CakeException>(() => tool.Run(new EngineCommand("build", new ProcessArgumentBuilder())));

        Assert.Contains("GitLabDockerBuildSettings.ToolPath", error.Message);
    }

    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            // A killed child whose parent is gone may stay a zombie ('Z') until it is reaped: it runs no more.
            return File.Exists(stat) && File.ReadAllText(stat).Split(')')[^1].Trim()[0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _standIns.Dispose();
}
