namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A folder holding a consumer's <c>build.cake</c>, run with the real <c>dotnet cake</c> and the stand-in
/// <c>docker</c> first on <c>PATH</c>. Each call of the stand-in is recorded in <see cref="Calls"/>.
/// A job given a <see cref="RegistryServer"/> runs against it as a GitLab job runs against its project's registry:
/// the made-up registry of <see cref="Variables"/> (<c>CI_REGISTRY</c>, <c>CI_REGISTRY_IMAGE</c>, <c>CI_REGISTRY_USER</c>,
/// <c>CI_REGISTRY_PASSWORD</c>, where they hold <see cref="Variables.Job"/>'s values) is replaced by the server's, its
/// <see cref="RegistryServer.JobVariables"/> (the test CA as <c>SSL_CERT_FILE</c>) are added, and the stand-ins push there.
/// </summary>
internal sealed class CakeJob : IDisposable
{
    /// <summary>The job's repository in a <see cref="RegistryServer"/>: under <c>group/</c>, where the job may push.</summary>
    public const string ImagePath = "group/app";

    private readonly PackedAddin _addin;
    private readonly RegistryServer? _registry;

    public CakeJob(PackedAddin addin, string script, RegistryServer? registry = null)
    {
        _addin = addin;
        _registry = registry;
        Folder = Directory.CreateTempSubdirectory("gitlab-docker-job-").FullName;
        CallLog = Path.Combine(Folder, ".calls");
        // The build context: the add-in checks that it holds a Dockerfile before anything runs.
        File.WriteAllText(Path.Combine(Folder, "Dockerfile"), "FROM scratch\n");
        File.WriteAllText(Path.Combine(Folder, "build.cake"),
            $"#addin nuget:?package=Cake.GitLabDocker&version={PackedAddin.Version}\n" + script);
    }

    public string Folder { get; }

    /// <summary>Gets the job's <c>CI_REGISTRY</c>: the server's address, or the made-up one of <see cref="Variables"/>.</summary>
    public string Registry => _registry?.Address ?? Variables.Job()["CI_REGISTRY"]!;

    /// <summary>Gets the job's <c>CI_REGISTRY_IMAGE</c>.</summary>
    public string Image => _registry is null ? Variables.Image : $"{_registry.Address}/{ImagePath}";

    /// <summary>Gets the job's <c>CI_REGISTRY_USER</c>.</summary>
    public string User => _registry?.UserName ?? Variables.Job()["CI_REGISTRY_USER"]!;

    /// <summary>Gets the job's <c>CI_REGISTRY_PASSWORD</c>.</summary>
    public string Password => _registry?.Secret ?? Variables.Password;

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
        if (_registry is not null)
        {
            var madeUp = Variables.Job();
            foreach (var (name, value) in new[] { ("CI_REGISTRY", Registry), ("CI_REGISTRY_IMAGE", Image), ("CI_REGISTRY_USER", User), ("CI_REGISTRY_PASSWORD", Password) })
            {
                if (environment.TryGetValue(name, out var set) && set is not null && set == madeUp[name])
                {
                    environment[name] = value;
                }
            }

            foreach (var (name, value) in _registry.JobVariables)
            {
                environment.TryAdd(name, value);
            }
        }

        return environment;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
