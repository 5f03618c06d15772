namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A folder holding a consumer's <c>build.cake</c>, run with the real <c>dotnet cake</c> and the stand-in
/// <c>docker</c> first on <c>PATH</c>. Each call of the stand-in is recorded in <see cref="Calls"/>.
/// </summary>
internal sealed class CakeJob : IDisposable
{
    private readonly PackedAddin _addin;

    public CakeJob(PackedAddin addin, string script)
    {
        _addin = addin;
        Folder = Directory.CreateTempSubdirectory("gitlab-docker-job-").FullName;
        CallLog = Path.Combine(Folder, ".calls");
        // The build context: the add-in checks that it holds a Dockerfile before anything runs.
        File.WriteAllText(Path.Combine(Folder, "Dockerfile"), "FROM scratch\n");
        File.WriteAllText(Path.Combine(Folder, "build.cake"),
            $"#addin nuget:?package=Cake.GitLabDocker&version={PackedAddin.Version}\n" + script);
    }

    public string Folder { get; }

    private string CallLog { get; }

    /// <summary>The recorded calls in order: each call's arguments and standard input (null when none was read).</summary>
    public List<(string[] Arguments, string? StandardInput)> Calls =>
        Directory.Exists(CallLog)
            ? Directory.GetFiles(CallLog, "*.args").Order(StringComparer.Ordinal).Select(file =>
                (File.ReadAllText(file).TrimEnd('\0').Split('\0'),
                 File.Exists(Path.ChangeExtension(file, ".stdin")) ? File.ReadAllText(Path.ChangeExtension(file, ".stdin")) : null))
                .ToList()
            : [];

    /// <summary>The user's Docker config folder of the job (<c>DOCKER_CONFIG</c> unless the variables name another), with the buildx plugin.</summary>
    public string DockerConfig => Path.Combine(Folder, ".docker");

    /// <summary>Each recorded call's <c>DOCKER_CONFIG</c> and whether the buildx plugin was found through it.</summary>
    public List<(string DockerConfig, bool Plugin)> Configs =>
        Directory.Exists(CallLog)
            ? Directory.GetFiles(CallLog, "*.config").Order(StringComparer.Ordinal)
                .Select(file => File.ReadAllLines(file)).Select(lines => (lines[0], lines[1] == "yes")).ToList()
            : [];

    /// <summary>The folder where the stand-in records calls (and leaves <c>hanging</c> for <c>DOCKER_STANDIN_HANG</c>).</summary>
    public string CallFolder => CallLog;

    /// <summary>
    /// Starts <c>dotnet cake</c> in a session of its own (<c>setsid</c>), as a GitLab runner starts a job, so the whole
    /// job can be sent a signal as the runner does when the job is cancelled.
    /// </summary>
    public System.Diagnostics.Process Start(Dictionary<string, string?> variables)
    {
        var start = new System.Diagnostics.ProcessStartInfo("setsid")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Command.Dotnet, "tool", "run", "dotnet-cake", Path.Combine(Folder, "build.cake") })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in JobEnvironment(variables, null))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public (int ExitCode, string Output) Run(
        Dictionary<string, string?> variables, string? path = null, IEnumerable<string>? arguments = null, string? script = null)
    {
        return Command.Run(Command.Dotnet,
            ["tool", "run", "dotnet-cake", script ?? Path.Combine(Folder, "build.cake"), "--verbosity=diagnostic", .. arguments ?? []],
            Repository.Root, JobEnvironment(variables, path));
    }

    private Dictionary<string, string?> JobEnvironment(Dictionary<string, string?> variables, string? path)
    {
        Directory.CreateDirectory(Path.Combine(DockerConfig, "cli-plugins"));
        File.WriteAllText(Path.Combine(DockerConfig, "cli-plugins", "docker-buildx"), string.Empty);
        var environment = new Dictionary<string, string?>(variables)
        {
            // Never the machine's own ~/.docker: the add-in links its plugins and builder state into the private config.
            ["DOCKER_CONFIG"] = variables.GetValueOrDefault("DOCKER_CONFIG") ?? DockerConfig,
            ["PATH"] = path ?? Repository.StandIns + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
            ["CAKE_NUGET_SOURCE"] = _addin.Folder,
            ["DOCKER_STANDIN_LOG"] = CallLog,
            ["NO_COLOR"] = "1",
        };
        return environment;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
