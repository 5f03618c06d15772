using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>An engine process that records commands instead of running them.</summary>
internal sealed class RecordingProcess : IEngineProcess
{
    private readonly HashSet<string> _existing = new(StringComparer.Ordinal);

    public List<EngineCommand> Commands { get; } = [];

    /// <summary>Fails the commands whose step is this, with exit code 1 (<see cref="FailTimes"/> times, else always).</summary>
    public string? FailStep { get; set; }

    /// <summary>How many times <see cref="FailStep"/> fails before its commands succeed; null fails every time.</summary>
    public int? FailTimes { get; set; }

    /// <summary>Called with each command that runs, before it fails or succeeds (to look at what exists during the call).</summary>
    public Action<EngineCommand>? OnRun { get; set; }

    /// <summary>The message of the failures this process makes, or <see langword="null"/> for "STEP failed".</summary>
    public string? FailMessage { get; set; }

    /// <summary>Fails every command this matches, with exit code 1.</summary>
    public Func<EngineCommand, bool>? FailWhen { get; set; }

    /// <summary>Answers 0 to these probes, each named "step:name", for example "buildx inspect:gitlab-docker".</summary>
    public RecordingProcess Existing(params string[] names)
    {
        _existing.UnionWith(names);
        return this;
    }

    public IEnumerable<string> Lines => Commands.Select(command => command.Arguments.Render());

    public bool Executes => true;

    /// <summary>Standard output of captured probes by step (for example "inspect"); a step not here exits 1.</summary>
    public Dictionary<string, string> Outputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Standard error of failing probes by step: the probe exits 1 and says this.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The digest written to every --digestfile.</summary>
    public string DigestFileContent { get; set; } = "sha256:" + new string('b', 64);

    /// <summary>Answers from <see cref="Outputs"/> by step, else from <see cref="Existing"/> by "step:last argument"; else exits 1.</summary>
    public ProbeResult Probe(EngineCommand command)
    {
        Commands.Add(command);
        if (Errors.TryGetValue(command.Step, out var error))
        {
            return new ProbeResult(1, string.Empty, error);
        }

        if (Outputs.TryGetValue(command.Step, out var output))
        {
            return new ProbeResult(0, output);
        }

        var name = command.Arguments.Render().Split(' ')[^1].Trim('"');
        if (!_existing.Contains($"{command.Step}:{name}"))
        {
            return new ProbeResult(1, string.Empty);
        }

        // An existing builder answers with its driver, as buildx inspect does: the managed names tell which.
        return new ProbeResult(0, command.Step != "buildx inspect" ? string.Empty
            : "Name: " + name + "\nDriver: " + (name.EndsWith("-remote", StringComparison.Ordinal) ? "remote"
                : name.EndsWith("-kubernetes", StringComparison.Ordinal) ? "kubernetes" : "docker-container"));
    }

    /// <summary>Standard error lines every successful run returns (what a real engine printed).</summary>
    public List<string> ErrorLines { get; } = [];

    public IReadOnlyList<string> Run(EngineCommand command)
    {
        Commands.Add(command);
        OnRun?.Invoke(command);
        if ((command.Step == FailStep && FailTimes is not <= 0) || FailWhen?.Invoke(command) == true)
        {
            FailTimes--;
            throw new CakeException(1, FailMessage ?? $"{command.Step} failed");
        }

        if (ValueAfter(command, "--metadata-file") is { } metadata)
        {
            File.WriteAllText(metadata, "{\"containerimage.digest\":\"sha256:" + new string('a', 64) + "\"}");
        }

        if (ValueAfter(command, "--digestfile") is { } digestFile)
        {
            File.WriteAllText(digestFile, DigestFileContent);
        }

        return ErrorLines;
    }

    /// <summary>Returns the (unquoted) argument after a flag, or <see langword="null"/> when the flag is absent.</summary>
    public static string? ValueAfter(EngineCommand command, string flag) =>
        command.Arguments.Select(argument => argument.Render().Trim('"'))
            .SkipWhile(argument => argument != flag).Skip(1).FirstOrDefault();
}
