using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.GitLabDocker;

/// <summary>
/// Runs an engine's executable (<c>docker</c>, <c>buildah</c>, <c>skopeo</c>) with Cake's tool settings: <c>ToolPath</c>,
/// <c>ToolTimeout</c>, working directory, environment, <c>SetupProcessSettings</c> and the redacted <c>Executing:</c> log
/// behave as in every Cake tool. The process itself is run by <see cref="ChildProcess"/>, which (unlike Cake's runner)
/// keeps a child that stops reading its input, output after a timed wait, and a timeout's whole process tree in hand.
/// </summary>
internal sealed class EngineTool : Tool<EngineCallSettings>, IEngineProcess
{
    private readonly IFileSystem _fileSystem;
    private readonly ICakeEnvironment _environment;
    private readonly ICakeLog _log;
    private readonly string _executable;
    private readonly EngineCallSettings _settings;
    private readonly Task<FilePath>? _found;
    private FilePath? _resolvedPath;

    public EngineTool(
        IFileSystem fileSystem,
        ICakeEnvironment environment,
        IProcessRunner processRunner,
        IToolLocator tools,
        ICakeLog log,
        string executable,
        ToolSettings settings,
        bool ownToolPath = true)
        : base(fileSystem, environment, processRunner, tools)
    {
        _fileSystem = fileSystem;
        _environment = environment;
        _log = log;
        _executable = executable;
        _settings = EngineCallSettings.From(settings, ownToolPath);

        // Cake's search (a glob of the tools folder, then PATH) takes milliseconds the first time in a process: the engine's
        // own executable is looked for beside the engine's preparation. Skopeo, which most jobs never run, is looked for when used.
        _found = ownToolPath ? Task.Run(Find) : null;
    }

    /// <inheritdoc />
    public bool Executes => true;

    /// <summary>How many of the engine's last error lines an error shows.</summary>
    private const int ShownErrorLines = 8;

    /// <summary>How many of the engine's last error lines are kept for diagnosis.</summary>
    private const int KeptErrorLines = 200;

    /// <inheritdoc />
    public IReadOnlyList<string> Run(EngineCommand command)
    {
        var lines = new Queue<string>();
        var exitCode = Execute(command, capture: false, line =>
        {
            var shown = Redact(line, command);
            _log.Write(Verbosity.Quiet, LogLevel.Information, "{0}", shown);
            lock (lines)
            {
                lines.Enqueue(shown);
                if (lines.Count > KeptErrorLines)
                {
                    lines.Dequeue();
                }
            }
        }).ExitCode!.Value;

        List<string> errors;
        lock (lines)
        {
            errors = lines.ToList();
        }

        if (exitCode == 0)
        {
            return errors;
        }

        var last = errors.Where(line => line.Trim().Length > 0).TakeLast(ShownErrorLines).ToList();
        var hint = command.HintFor(string.Join('\n', errors));
        throw new CakeException(exitCode,
            $"{_executable} {command.Step} failed with exit code {exitCode}" +
            (last.Count == 0 ? "." : ":" + string.Concat(last.Select(line => "\n  " + line.Trim()))) +
            (hint is null ? string.Empty : "\n" + hint) +
            $"\nCommand: '{Line(command)}'");
    }

    /// <inheritdoc />
    public ProbeResult Probe(EngineCommand command) => StartProbe(command)();

    /// <inheritdoc />
    public Func<ProbeResult> StartProbe(EngineCommand command)
    {
        var running = Start(command, capture: true, errorLine: null);
        return () =>
        {
            var result = Finish(running, command);
            return new ProbeResult(result.ExitCode!.Value, result.Output.Trim(), result.Error.Trim());
        };
    }

    /// <inheritdoc />
    protected override string GetToolName() => _executable;

    /// <inheritdoc />
    protected override IEnumerable<string> GetToolExecutableNames() => [_executable, _executable + ".exe"];

    private ChildProcessResult Execute(EngineCommand command, bool capture, Action<string>? errorLine) =>
        Finish(Start(command, capture, errorLine), command);

    private ChildProcess.RunningChild Start(EngineCommand command, bool capture, Action<string>? errorLine)
    {
        var executable = Executable();
        var processSettings = new ProcessSettings
        {
            Arguments = command.Arguments,
            WorkingDirectory = (_settings.WorkingDirectory ?? _environment.WorkingDirectory).MakeAbsolute(_environment),
            NoWorkingDirectory = _settings.NoWorkingDirectory,
            EnvironmentVariables = WithCakeVariables(_settings.EnvironmentVariables, command.Environment),
            RedirectStandardOutput = capture,
            RedirectStandardError = capture,
        };
        if (command.StandardInput is not null)
        {
            processSettings.StandardInput = command.StandardInput;
        }

        _settings.SetupProcessSettings?.Invoke(processSettings);
        _log.Verbose(Verbosity.Diagnostic, "Executing: {0}", $"{executable.FullPath} {command.Arguments.RenderSafe()}");

        return ChildProcess.Start(executable.FullPath, processSettings, _settings.ToolTimeout, errorLine);
    }

    private ChildProcessResult Finish(ChildProcess.RunningChild running, EngineCommand command)
    {
        var result = running.Finish();
        return result.TimedOut
            ? throw new CakeException(
                $"{_executable} {command.Step} did not finish within {_settings.ToolTimeout} and was stopped with every process it " +
                $"started: '{Line(command)}'. Raise GitLabDockerBuildSettings.ToolTimeout if the step is slow.")
            : result;
    }

    /// <summary>
    /// Resolves the executable once per engine call (Cake's resolution searches the tools folder, then PATH): every
    /// command of one alias call runs the same file.
    /// </summary>
    private FilePath Executable() => _resolvedPath ??= _found?.GetAwaiter().GetResult() ?? Find();

    /// <summary>Finds the executable as every Cake tool does, or throws the <see cref="CakeException"/> that says where it looked.</summary>
    private FilePath Find()
    {
        var executable = GetToolPath(_settings);
        if (executable is null || !_fileSystem.Exist(executable))
        {
            throw new CakeException(
                $"Could not find the '{_executable}' executable {(_settings.ToolPath is null ? "on PATH" : $"at '{executable}'")}. " +
                "Install it in the job image " + (_settings.ToolPath is null && _executable == "skopeo"
                    ? "(ReuseCommitImage and GitLabDockerPromote use skopeo with Buildah)."
                    : "or set GitLabDockerBuildSettings.ToolPath to its full path."));
        }

        return executable;
    }

    /// <summary>The variables Cake's own runner sets for every tool, then the user's, then the call's own.</summary>
    private Dictionary<string, string> WithCakeVariables(IDictionary<string, string>? variables, IReadOnlyDictionary<string, string>? call)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CAKE"] = "True",
            ["CAKE_VERSION"] = _environment.Runtime.CakeVersion.ToString(3),
        };
        foreach (var (name, value) in (variables ?? new Dictionary<string, string>()).Concat(call ?? new Dictionary<string, string>()))
        {
            all[name] = value;
        }

        return all;
    }

    /// <summary>The engine's own lines never show the secret it was given on standard input.</summary>
    private static string Redact(string line, EngineCommand command) =>
        string.IsNullOrEmpty(command.StandardInput) ? line : line.Replace(command.StandardInput, "[REDACTED]", StringComparison.Ordinal);

    private string Line(EngineCommand command) => $"{_executable} {command.Arguments.RenderSafe()}";
}
