using Cake.Core;
using Cake.Core.IO;

namespace Cake.GitLabDocker.Tests;

/// <summary>The hook the runner starts its read-ahead from: called before every engine command, runs and probes alike.</summary>
public sealed class StartingProcessTests
{
    [Fact]
    public void The_action_is_called_before_each_command_starts()
    {
        var events = new List<string>();
        var inner = new RecordingProcess { OnRun = command => events.Add($"run {command.Step}") };
        var process = new StartingProcess(inner, () => events.Add($"starting after {inner.Commands.Count} command(s)"));

        process.Run(new EngineCommand("build", new ProcessArgumentBuilder().Append("build")));
        process.Probe(new EngineCommand("info", new ProcessArgumentBuilder().Append("info")));

        Assert.Equal(["starting after 0 command(s)", "run build", "starting after 1 command(s)"], events);
        Assert.Equal(["build", "info"], inner.Commands.Select(command => command.Step));
    }
}
