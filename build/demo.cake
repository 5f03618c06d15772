// The Demo target of build.cake: the add-in's main job on this machine in a few minutes, without GitLab.
// It packs the add-in, starts a distribution registry on 127.0.0.1 with htpasswd auth, and runs examples/hello's
// build.cake with the real dotnet cake and Buildah as a default-branch, release-tag and feature-branch pipeline would,
// then shows what the registry holds and how long each run took. Everything it makes lives in one private temporary
// folder (the package, the registry's data, Buildah's storage and auth file, the project copy) and is removed at the
// end, failed or not.
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;

public sealed class Demo : IDisposable
{
    public const string Version = "0.0.0-demo";
    private const string User = "demo";
    private const string Project = "group/hello";

    // Variables of the machine that would change what the example does: GitLab's, the add-in's, Cake's, the engines'.
    private static readonly string[] Inherited =
        ["CI_", "GITLAB_", "CAKE_", "BUILDX_", "BUILDKIT", "DOCKER_", "BUILDAH_", "STORAGE_DRIVER", "REGISTRY_AUTH_FILE", "CONTAINERS_"];

    private readonly string _root;
    private readonly string _work;
    private readonly string _password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);
    private readonly List<Timing> _timings = [];
    private Process _registry;
    private HttpClient _http;
    private string _address;
    private string _baseImage;
    private string _commit;
    private string _commitTime;
    private Dictionary<string, string> _held = new(StringComparer.Ordinal);
    private Dictionary<string, int> _cacheTags = new(StringComparer.Ordinal);

    private Demo(string root)
    {
        _root = root;
        _work = System.IO.Directory.CreateTempSubdirectory("gitlab-docker-demo-").FullName;
        Say($"Work folder: {_work} (removed at the end)");
    }

    private string Packages => System.IO.Path.Combine(_work, "packages");
    private string App => System.IO.Path.Combine(_work, "hello");
    private string Storage => System.IO.Path.Combine(_work, "buildah");
    private string StorageConfig => System.IO.Path.Combine(_work, "storage.conf");
    private string AuthFile => System.IO.Path.Combine(_work, "auth.json");
    private string Image => $"{_address}/{Project}";

    /// <summary>Runs the whole demo from the repository at <paramref name="root"/>.</summary>
    public static void Run(string root)
    {
        Heading("Tools (.ci/install-tools --demo)");
        Exec(System.IO.Path.Combine(root, ".ci", "install-tools"), ["--demo"], root);

        // Ctrl+C reaches every process of the terminal's group: the registry and the running step stop by themselves.
        // The demo itself stays to fail that step and clean up, instead of leaving its folder behind.
        ConsoleCancelEventHandler stay = (_, e) =>
        {
            e.Cancel = true;
            Console.WriteLine("Interrupted: stopping after the current step and cleaning up.");
        };
        Console.CancelKeyPress += stay;
        try
        {
            using var demo = new Demo(root);
            demo.Show();
        }
        finally
        {
            Console.CancelKeyPress -= stay;
        }
    }

    private void Show()
    {
        Heading($"Pack the add-in as Cake.GitLabDocker {Version}");
        Pack();

        Heading("A registry on 127.0.0.1 (CNCF distribution, htpasswd, generated password)");
        StartRegistry();

        Heading("A busybox base image built FROM scratch with Buildah (nothing is pulled from the internet)");
        PushBaseImage();

        Heading("examples/hello, copied; its #addin line names the demo package");
        PrepareProject();

        Heading("Default branch 'main', dry run: the plan, nothing runs");
        RunCake("main", tag: null, dryRun: true);

        Heading("Default branch 'main', cold: a new job, no registry cache yet");
        Pipeline("default branch, cold", "main", tag: null);

        Heading("Default branch 'main', warm: a new job (local storage wiped), so every step comes from the registry cache");
        Pipeline("default branch, warm (storage wiped)", "main", tag: null);

        Heading("Release tag v1.0.0: a new job, reads the cache, pushes the tag");
        Pipeline("release tag v1.0.0", branch: null, tag: "v1.0.0");

        Heading("Feature branch 'feature/login': a validation build, nothing pushed");
        Pipeline("feature branch feature/login", "feature/login", tag: null);

        Heading("Timing (this run; each build on an empty local storage, as a new CI job starts)");
        Say("| pipeline | pushed | Image task (s) | whole dotnet cake run (s) | Dockerfile steps from the registry cache |");
        Say("|---|---|---|---|---|");
        foreach (var timing in _timings)
        {
            Say($"| {timing.Name} | {timing.Pushed} | {timing.ImageTask:0.0} | {timing.Total:0.0} | {timing.Pulled} of {timing.Steps} |");
        }

        Say("'Image task' is the add-in's work (login, build, push) as Cake reports it; the whole run adds the start of");
        Say("dotnet cake (build.cake was compiled once, by the dry run: the runs use Cake's compiled-script cache).");
        Say("Steps count the Dockerfile's own (not FROM, not the LABEL steps Buildah adds for the OCI labels, which make no");
        Say("layer and are redone when a label changes, such as the ref name of a tag or branch).");
    }

    private void Pack()
    {
        // A copy of the add-in's sources, so the demo never writes to the repository's bin/ and obj/ folders (a test
        // run may be using them).
        var sources = System.IO.Path.Combine(_work, "src");
        CopyFolder(System.IO.Path.Combine(_root, "src", "Cake.GitLabDocker"), System.IO.Path.Combine(sources, "src", "Cake.GitLabDocker"));
        foreach (var file in new[] { "Directory.Build.props", "global.json", "README.md" })
        {
            System.IO.File.Copy(System.IO.Path.Combine(_root, file), System.IO.Path.Combine(sources, file));
        }

        Exec("dotnet", ["pack", System.IO.Path.Combine(sources, "src", "Cake.GitLabDocker"), "-c", "Release", "-o", Packages,
            $"-p:Version={Version}", "-nologo", "-v:q"], sources);
        Say($"Package: {System.IO.Path.Combine(Packages, $"Cake.GitLabDocker.{Version}.nupkg")}");
    }

    private void StartRegistry()
    {
        var folder = System.IO.Path.Combine(_work, "registry");
        System.IO.Directory.CreateDirectory(folder);
        var htpasswd = System.IO.Path.Combine(folder, "htpasswd");
        System.IO.File.WriteAllText(htpasswd, Exec("htpasswd", ["-iBn", User], folder, input: _password, echo: false).Output);

        // A port that was free a moment ago can be taken before the registry binds it: then it exits and starts again.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            _address = $"127.0.0.1:{port}";
            var config = System.IO.Path.Combine(folder, "config.yml");
            System.IO.File.WriteAllText(config, $"""
                version: 0.1
                storage:
                  filesystem:
                    rootdirectory: {System.IO.Path.Combine(folder, "data")}
                  delete:
                    enabled: true
                http:
                  addr: {_address}
                auth:
                  htpasswd:
                    realm: demo
                    path: {htpasswd}
                log:
                  level: warn
                """);
            _registry = Process.Start(new ProcessStartInfo("docker-registry", ["serve", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            _registry.OutputDataReceived += (_, _) => { };
            _registry.ErrorDataReceived += (_, _) => { };
            _registry.BeginOutputReadLine();
            _registry.BeginErrorReadLine();
            _http?.Dispose();
            _http = new HttpClient { BaseAddress = new Uri($"http://{_address}/") };
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{_password}")));
            var clock = Stopwatch.StartNew();
            while (!_registry.HasExited && !Answers() && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(100);
            }

            if (!_registry.HasExited && Answers())
            {
                Say($"Registry: {_address}, pid {_registry.Id}, user '{User}' with a generated password, data in {folder}");
                return;
            }

            StopRegistry();
            if (attempt == 5)
            {
                throw new InvalidOperationException($"docker-registry did not answer on {_address} (5 attempts)");
            }
        }
    }

    private void PushBaseImage()
    {
        System.IO.File.WriteAllText(StorageConfig, $"""
            [storage]
            driver = "vfs"
            graphroot = "{System.IO.Path.Combine(Storage, "root")}"
            runroot = "{System.IO.Path.Combine(Storage, "run")}"
            """);
        var folder = System.IO.Path.Combine(_work, "base");
        System.IO.Directory.CreateDirectory(folder);
        var busybox = new[] { "/bin/busybox", "/usr/bin/busybox" }.FirstOrDefault(System.IO.File.Exists)
            ?? throw new InvalidOperationException("busybox is not installed (.ci/install-tools installs busybox-static).");
        System.IO.File.Copy(busybox, System.IO.Path.Combine(folder, "busybox"));
        System.IO.File.WriteAllText(System.IO.Path.Combine(folder, "Containerfile"), """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            ENV PATH=/bin
            """);
        _baseImage = $"{_address}/base/busybox:1";
        var environment = BuildahEnvironment();
        Exec("buildah", ["login", "--tls-verify=false", "--username", User, "--password-stdin", _address], folder, environment, _password);
        Exec("buildah", ["--storage-driver", "vfs", "build", "--isolation", "chroot", "--tag", _baseImage, folder], folder, environment);
        Exec("buildah", ["--storage-driver", "vfs", "push", "--tls-verify=false", _baseImage, $"docker://{_baseImage}"], folder, environment);
        Exec("buildah", ["logout", _address], folder, environment);
        Say($"Base image: {_baseImage}");
        ShowRegistry();
    }

    private void PrepareProject()
    {
        CopyFolder(System.IO.Path.Combine(_root, "examples", "hello"), App);
        var script = System.IO.Path.Combine(App, "build.cake");
        var text = System.IO.File.ReadAllText(script);
        var addin = Regex.Match(text, @"^#addin nuget:\?package=Cake\.GitLabDocker&version=[^\s]+$", RegexOptions.Multiline);
        if (!addin.Success)
        {
            throw new InvalidOperationException("examples/hello/build.cake has no '#addin nuget:?package=Cake.GitLabDocker&version=…' line.");
        }

        var line = $"#addin nuget:?package=Cake.GitLabDocker&version={Version}";
        System.IO.File.WriteAllText(script, text.Replace(addin.Value, line, StringComparison.Ordinal));
        Say($"{App}/build.cake: '{addin.Value}' -> '{line}' (found through CAKE_NUGET_SOURCE={Packages})");

        // A real commit, so the pipelines carry a real CI_COMMIT_SHA as GitLab's do.
        Exec("git", ["init", "-q", "-b", "main"], App, echo: false);
        Exec("git", ["add", "-A"], App, echo: false);
        Exec("git", ["-c", "user.email=demo@example.invalid", "-c", "user.name=Demo", "commit", "-q", "-m", "hello"], App, echo: false);
        _commit = Exec("git", ["rev-parse", "HEAD"], App, echo: false).Output.Trim();
        _commitTime = Exec("git", ["log", "-1", "--format=%cI"], App, echo: false).Output.Trim();
        Exec("dotnet", ["tool", "restore"], App, Environment(null, null));
    }

    private void Pipeline(string name, string branch, string tag)
    {
        WipeStorage();
        var clock = Stopwatch.StartNew();
        var output = RunCake(branch, tag, dryRun: false);
        var total = clock.Elapsed.TotalSeconds;

        var task = Regex.Match(output, @"^\s*Image\s+(\d+):(\d+):(\d+(?:\.\d+)?)\s+Succeeded", RegexOptions.Multiline) is { Success: true } m
            ? int.Parse(m.Groups[1].Value) * 3600 + int.Parse(m.Groups[2].Value) * 60 + double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)
            : double.NaN;
        // The Dockerfile's own steps: not FROM, and not the LABEL steps Buildah adds for the add-in's labels (no layer;
        // rebuilt whenever a label changes, as the ref name does between pipelines).
        var steps = Regex.Matches(output, @"STEP \d+/\d+: (?!FROM|LABEL)").Count;
        var pulled = Regex.Matches(output, @"STEP \d+/\d+: (?!FROM|LABEL)[^\n]*\n\s*--> Cache pulled from remote ").Count;
        var digest = Regex.Match(output, @"Image digest: (sha256:[0-9a-f]{64})") is { Success: true } d ? d.Groups[1].Value : null;
        var pushed = tag ?? (branch == "main" ? "latest" : null);
        _timings.Add(new Timing(name, pushed ?? "nothing (validation build)", task, total, pulled, steps));

        ShowRegistry();
        if (pushed is not null)
        {
            var held = Digest(Project, pushed);
            Say(held == digest
                ? $"The digest the build reported is the one the registry holds for {Project}:{pushed}."
                : $"WARNING: the build reported {digest ?? "no digest"}, the registry holds {held} for {Project}:{pushed}.");
        }
    }

    /// <summary>Runs the example's build.cake with the real dotnet cake, as a GitLab job of this ref would.</summary>
    private string RunCake(string branch, string tag, bool dryRun)
    {
        var arguments = new List<string> { "cake", "--target=Image" };
        if (dryRun)
        {
            arguments.Add("--gitlab-docker-dry-run");
        }

        Say($"$ {string.Join(' ', new[] { tag is null ? $"CI_COMMIT_BRANCH={branch}" : $"CI_COMMIT_TAG={tag}", "dotnet" }.Concat(arguments))}");
        return Exec("dotnet", arguments, App, Environment(branch, tag)).Output;
    }

    /// <summary>The job's environment: GitLab's variables for this ref, the example's, and Buildah's private files.</summary>
    private Dictionary<string, string> Environment(string branch, string tag)
    {
        var environment = BuildahEnvironment();
        environment["GITLAB_CI"] = "true";
        environment["CI_SERVER"] = "yes";
        environment["CI_PIPELINE_SOURCE"] = "push";
        environment["CI_PROJECT_PATH"] = Project;
        environment["CI_PROJECT_TITLE"] = "hello";
        environment["CI_PROJECT_URL"] = $"https://gitlab.example.com/{Project}";
        environment["CI_REGISTRY"] = _address;
        environment["CI_REGISTRY_IMAGE"] = Image;
        environment["CI_REGISTRY_USER"] = User;
        environment["CI_REGISTRY_PASSWORD"] = _password;
        environment["CI_DEFAULT_BRANCH"] = "main";
        environment["CI_COMMIT_SHA"] = _commit;
        environment["CI_COMMIT_TIMESTAMP"] = _commitTime;
        environment["GITLAB_DOCKER_ENGINE"] = "buildah";
        environment["GITLAB_DOCKER_TLS_VERIFY"] = "false";
        environment["BASE_IMAGE"] = _baseImage;
        environment["CAKE_NUGET_SOURCE"] = Packages;
        environment["CAKE_SETTINGS_ENABLESCRIPTCACHE"] = "true";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["NO_COLOR"] = "1";
        if (branch is not null || tag is not null)
        {
            environment[tag is null ? "CI_COMMIT_BRANCH" : "CI_COMMIT_TAG"] = tag ?? branch;
            environment["CI_COMMIT_REF_NAME"] = tag ?? branch;
        }

        return environment;
    }

    /// <summary>Buildah's storage and auth file in the work folder, so nothing of the user's own is read or written.</summary>
    private Dictionary<string, string> BuildahEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            ["CONTAINERS_STORAGE_CONF"] = StorageConfig,
            ["REGISTRY_AUTH_FILE"] = AuthFile,
        };

        // Rootless Buildah keeps a blob cache under $XDG_DATA_HOME (else ~/.local/share); as root it is system-wide.
        if (System.Environment.UserName != "root")
        {
            environment["XDG_DATA_HOME"] = System.IO.Path.Combine(_work, "xdg-data");
        }

        return environment;
    }

    /// <summary>Lists every repository, tag and digest the registry holds, marking what this pipeline changed.</summary>
    private void ShowRegistry()
    {
        var now = new Dictionary<string, string>(StringComparer.Ordinal);
        var caches = new Dictionary<string, int>(StringComparer.Ordinal);
        using var catalog = JsonDocument.Parse(_http.GetStringAsync("v2/_catalog").GetAwaiter().GetResult());
        foreach (var repository in catalog.RootElement.GetProperty("repositories").EnumerateArray().Select(item => item.GetString()))
        {
            using var list = JsonDocument.Parse(_http.GetStringAsync($"v2/{repository}/tags/list").GetAwaiter().GetResult());
            var tags = list.RootElement.GetProperty("tags") is { ValueKind: JsonValueKind.Array } array
                ? array.EnumerateArray().Select(item => item.GetString()).ToList()
                : [];
            if (repository.EndsWith("/buildcache", StringComparison.Ordinal))
            {
                caches[repository] = tags.Count;
                continue;
            }

            foreach (var tag in tags)
            {
                now[$"{repository}:{tag}"] = Digest(repository, tag);
            }
        }

        Say($"The registry {_address} now holds (GET /v2/_catalog, /v2/<repository>/tags/list, HEAD /v2/<repository>/manifests/<tag>):");
        var width = now.Keys.Append("").Max(key => key.Length);
        foreach (var (reference, digest) in now.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var change = !_held.TryGetValue(reference, out var before) ? "  <- new" : before != digest ? "  <- moved" : "";
            Say($"  {reference.PadRight(width)}  {digest}{change}");
        }

        foreach (var (repository, count) in caches.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var added = count - _cacheTags.GetValueOrDefault(repository);
            Say($"  {repository}: {count} cache tags, one per cached build step (Buildah's layer cache){(added > 0 ? $"  <- {added} new" : "")}");
        }

        if (now.Count == _held.Count && now.Keys.All(_held.ContainsKey) && now.All(pair => _held[pair.Key] == pair.Value) && caches.All(pair => _cacheTags.GetValueOrDefault(pair.Key) == pair.Value))
        {
            Say("  (nothing changed)");
        }

        _held = now;
        _cacheTags = caches;
    }

    /// <summary>The manifest digest of a tag (HEAD, asking for every manifest type the engines push).</summary>
    private string Digest(string repository, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/{tag}");
        foreach (var type in new[]
                 {
                     "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
                     "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json",
                 })
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = _http.SendAsync(request).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    private bool Answers()
    {
        try
        {
            using var response = _http.GetAsync("v2/").GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Deletes Buildah's local images and layers, as a new CI job starts with none.</summary>
    private void WipeStorage()
    {
        if (System.IO.Directory.Exists(Storage))
        {
            Delete(Storage);
        }
    }

    private void StopRegistry()
    {
        if (_registry is null)
        {
            return;
        }

        if (!_registry.HasExited)
        {
            _registry.Kill(entireProcessTree: true);
        }

        _registry.WaitForExit();
        _registry.Dispose();
        _registry = null;
    }

    /// <summary>Stops the registry and removes the work folder (Buildah's storage included), whatever happened before.</summary>
    public void Dispose()
    {
        Heading("Clean-up");
        var pid = _registry?.Id;
        try
        {
            StopRegistry();
            Say(pid is null ? "No registry was running." : $"Registry stopped (pid {pid}).");
        }
        finally
        {
            _http?.Dispose();
            Delete(_work);
            Say($"Removed {_work}.");
        }
    }

    /// <summary>Deletes a folder; rootless Buildah's files belong to sub-IDs, so those go through 'buildah unshare'.</summary>
    private static void Delete(string folder)
    {
        try
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Exec("buildah", ["unshare", "rm", "-rf", folder], "/", echo: false);
            if (System.IO.Directory.Exists(folder))
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(source, file);
            var first = relative.Split(System.IO.Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj" or "tools" or ".gitlab-ci-local" || relative == "gitlab-docker.env")
            {
                continue;
            }

            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.Combine(target, relative)));
            System.IO.File.Copy(file, System.IO.Path.Combine(target, relative));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Heading(string text)
    {
        Console.WriteLine();
        Console.WriteLine($"==> {text}");
    }

    private static void Say(string text) => Console.WriteLine(text);

    /// <summary>
    /// Runs a process with the machine's environment less its GitLab, Cake and engine variables, plus these; echoes its
    /// output indented as it comes; fails on a non-zero exit code.
    /// </summary>
    private static (int ExitCode, string Output) Exec(
        string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment = null, string input = null, bool echo = true)
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

        foreach (var name in start.Environment.Keys.Where(name => Inherited.Any(name.StartsWith)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        void Line(string line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
                if (echo)
                {
                    Console.WriteLine("    " + line);
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A child that exits without reading its input closes the pipe: its exit code says what went wrong, not the pipe.
        try
        {
            if (input is not null)
            {
                process.StandardInput.Write(input);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        process.WaitForExit();
        lock (output)
        {
            return process.ExitCode == 0
                ? (0, output.ToString())
                : throw new InvalidOperationException($"{System.IO.Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}"
                    + (echo ? "" : ":\n" + output));
        }
    }

    private sealed record Timing(string Name, string Pushed, double ImageTask, double Total, int Pulled, int Steps);
}
