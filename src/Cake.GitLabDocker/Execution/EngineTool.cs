using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.GitLabDocker;

/// <summary>
/// Runs an engine's executable (<c>docker</c> or <c>buildah</c>) through Cake's tool machinery, so <c>ToolPath</c>,
/// timeouts and the redacted <c>Executing:</c> log behave as in every Cake tool.
/// </summary>
internal sealed class EngineTool : Tool<EngineCallSettings>, IEngineProcess
{
    private readonly string _executable;
    private readonly EngineCallSettings _settings;

    public EngineTool(
        IFileSystem fileSystem,
        ICakeEnvironment environment,
        IProcessRunner processRunner,
        IToolLocator tools,
        string executable,
        ToolSettings settings,
        bool ownToolPath = true)
        : base(fileSystem, environment, processRunner, tools)
    {
        _executable = executable;
        _settings = EngineCallSettings.From(settings, ownToolPath);
    }

    /// <inheritdoc />
    public bool Executes => true;

    /// <inheritdoc />
    public (int ExitCode, string Output) Capture(EngineCommand command)
    {
        var output = new List<string>();
        var exitCode = Execute(command with { IsProbe = true }, output);
        return (exitCode, string.Join('\n', output).Trim());
    }

    /// <inheritdoc />
    public int Run(EngineCommand command) => Execute(command, output: null);

    private int Execute(EngineCommand command, List<string>? output)
    {
        if (GetToolPath(_settings) is null)
        {
            throw new CakeException(
                $"Could not find the '{_executable}' executable on PATH. Install it in the job image " +
                (_settings.ToolPath is null && _executable == "skopeo" ? "(ReuseCommitImage and GitLabDockerPromote use skopeo with Buildah)." : "or set GitLabDockerBuildSettings.ToolPath to its full path."));
        }

        var processSettings = new ProcessSettings
        {
            RedirectStandardOutput = command.IsProbe,
            RedirectStandardError = command.IsProbe,
        };
        if (command.StandardInput is not null)
        {
            processSettings.StandardInput = command.StandardInput;
        }

        var process = RunProcess(_settings, command.Arguments, processSettings);
        var exited = _settings.ToolTimeout is { } timeout
            ? process.WaitForExit((int)timeout.TotalMilliseconds)
            : WaitForever(process);
        if (!exited)
        {
            process.Kill();
            throw new CakeException(
                $"{_executable} {command.Step} did not finish within {_settings.ToolTimeout}: " +
                $"'{_executable} {command.Arguments.RenderSafe()}'. Raise GitLabDockerBuildSettings.ToolTimeout if the build is slow.");
        }

        var exitCode = process.GetExitCode();
        if (output is not null)
        {
            output.AddRange(process.GetStandardOutput());
        }

        if (command.IsProbe || exitCode == 0)
        {
            return exitCode;
        }

        throw new CakeException(exitCode,
            $"{_executable} {command.Step} failed with exit code {exitCode}: '{_executable} {command.Arguments.RenderSafe()}'." +
            (command.Hint is null ? string.Empty : " " + command.Hint));
    }

    /// <inheritdoc />
    protected override string GetToolName() => _executable;

    /// <inheritdoc />
    protected override IEnumerable<string> GetToolExecutableNames() => [_executable, _executable + ".exe"];

    private static bool WaitForever(IProcess process)
    {
        process.WaitForExit();
        return true;
    }
}
