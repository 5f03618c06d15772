using System.Diagnostics;
using System.Text.RegularExpressions;
using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Hostile values in every GitLab variable and setting that reaches a command line, for both engines. Each case must
/// end in references Docker accepts, with every value passed as exactly one argument (checked by starting a real
/// process with the command line exactly as Cake renders it), or in a <see cref="CakeException"/> that names the
/// variable or setting, raised before any engine command ran. Git, the only other process, only ever gets fixed arguments.
/// </summary>
[Trait("Category", "Reliability")]
public sealed partial class HostileInputTests : IDisposable
{
    private static readonly (string Name, string Value)[] Values =
    [
        ("empty", ""), ("spaces", "   "), ("newlines", "a\nb\r\nc"), ("10 000 characters", new string('a', 10_000)),
        ("double quotes", "say \"hi\""), ("single quotes", "it's"), ("backticks", "`id`"), ("semicolon", "a;b"),
        ("and-and", "a && b"), ("command substitution", "$(id)"), ("flag", "--push"), ("flag with value", "-t evil:latest"),
        ("parent path", "../../etc"), ("uppercase path", "Group/App"), ("RTL mark", "\u202eabc"), ("Unicode", "日本語-ß"),
        ("latest", "latest"), ("other host", "registry.other.example/group/app"),
    ];

    private static readonly string[] GitArguments =
        ["rev-parse --verify --quiet HEAD", "log -1 --format=%cI HEAD", "symbolic-ref --quiet --short HEAD",
         "describe --tags --exact-match HEAD", "symbolic-ref --quiet --short refs/remotes/origin/HEAD"];

    private readonly string _recorder;

    public HostileInputTests()
    {
        _recorder = Path.Combine(Directory.CreateTempSubdirectory("gitlab-docker-argv-").FullName, "argv");
        File.WriteAllText(_recorder, "#!/bin/sh\nprintf '%s\\0' \"$@\"\n");
        Command.Succeed("chmod", ["+x", _recorder], Path.GetDirectoryName(_recorder)!);
    }

    /// <summary>Where a value goes: the pipeline and settings of the case, and the argument it must become (if any).</summary>
    private static readonly (string Input, Func<string, (Dictionary<string, string?> Variables, GitLabDockerBuildSettings Settings, string? Argument)> Case)[] Inputs =
    [
        ("CI_COMMIT_TAG", v => (Variables.Tag(v), new GitLabDockerBuildSettings().WithSemVerTags().WithLatestOnRelease(), null)),
        ("CI_COMMIT_BRANCH", v => (Variables.Branch(v), new GitLabDockerBuildSettings().WithBranchImages(), null)),
        ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", v => (Variables.With(Variables.MergeRequest(), ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", v)),
            new GitLabDockerBuildSettings().WithMergeRequestImages(), null)),
        ("CI_DEFAULT_BRANCH", v => (Variables.With(Variables.DefaultBranch(), ("CI_DEFAULT_BRANCH", v)), new GitLabDockerBuildSettings(), null)),
        ("CI_REGISTRY_IMAGE", v => (Variables.With(Variables.DefaultBranch(), ("CI_REGISTRY_IMAGE", v)), new GitLabDockerBuildSettings(), null)),
        ("CI_REGISTRY", v => (Variables.With(Variables.DefaultBranch(), ("CI_REGISTRY", v)), new GitLabDockerBuildSettings(), null)),
        ("CI_REGISTRY_USER", v => (Variables.With(Variables.DefaultBranch(), ("CI_REGISTRY_USER", v)), new GitLabDockerBuildSettings(), v)),
        ("CI_COMMIT_SHORT_SHA", v => (Variables.With(Variables.DefaultBranch(), ("CI_COMMIT_SHORT_SHA", v)), new GitLabDockerBuildSettings().WithCommitTag(), null)),
        ("CI_PROJECT_TITLE", v => (Variables.With(Variables.DefaultBranch(), ("CI_PROJECT_TITLE", v)), new GitLabDockerBuildSettings(),
            string.IsNullOrWhiteSpace(v) ? null : "org.opencontainers.image.title=" + v)),
        ("BuildArgs value", v => (Variables.DefaultBranch(), new GitLabDockerBuildSettings().WithBuildArg("NOTE", v), "NOTE=" + v)),
        ("Labels value", v => (Variables.DefaultBranch(), new GitLabDockerBuildSettings().WithLabel("note", v), "note=" + v)),
        ("AdditionalTags entry", v => (Variables.DefaultBranch(), new GitLabDockerBuildSettings().WithAdditionalTag(v), null)),
        ("local run, CI_COMMIT_BRANCH", v => (Variables.With(Variables.Local(), ("CI_COMMIT_BRANCH", v), ("CI_DEFAULT_BRANCH", v)),
            new GitLabDockerBuildSettings { Image = "registry.example/team/app" }.WithBranchImages(), null)),
    ];

    [Fact]
    public void Every_case_ends_in_valid_references_or_a_named_refusal_with_each_value_one_argument()
    {
        var failures = new List<string>();
        int tried = 0, refused = 0, built = 0;
        foreach (var engine in new[] { "buildx", "buildah" })
        {
            foreach (var (input, make) in Inputs)
            {
                foreach (var (name, value) in Values)
                {
                    tried++;
                    var (variables, settings, argument) = make(value);

                    // buildx takes the user name in its private Docker config, on no command line.
                    argument = engine == "buildx" && input == "CI_REGISTRY_USER" ? null : argument;
                    var outcome = Run(Variables.With(variables, ("GITLAB_DOCKER_ENGINE", engine)), settings, argument);
                    if (outcome.Failure is not null)
                    {
                        failures.Add($"{engine} / {input} / {name}: {outcome.Failure}");
                    }

                    refused += outcome.Refused ? 1 : 0;
                    built += outcome.Refused ? 0 : 1;
                }
            }
        }

        ReliabilityFigures.Record("hostile input", tried, tried - failures.Count,
            $"{Values.Length} values × {Inputs.Length} inputs × 2 engines: {built} built with valid refs, {refused} refused by name");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private (string? Failure, bool Refused) Run(Dictionary<string, string?> variables, GitLabDockerBuildSettings settings, string? argument)
    {
        var process = new RecordingProcess();
        var git = new List<string>();
        var work = Path.GetDirectoryName(_recorder)!;
        var runner = new GitLabDockerRunner(new RecordingLog(), variables.Reader(), path => work + "/" + path.FullPath.TrimStart('.', '/'),
            (_, _) => process, arguments => { git.Add(string.Join(' ', arguments)); return null; },
            registry: _ => new MemoryRegistry());
        GitLabDockerBuildResult result;
        try
        {
            result = runner.Build(settings);
        }
        catch (CakeException error)
        {
            return !Grammar.NamesTheFix().IsMatch(error.Message) ? ($"refusal names no variable or setting: {error.Message}", true)
                : process.Commands.Count > 0 ? ($"refused after {process.Commands.Count} engine commands", true)
                : (null, true);
        }
        catch (Exception error)
        {
            return ($"{error.GetType().Name}: {error.Message}", false);
        }

        if (git.FirstOrDefault(call => !GitArguments.Contains(call)) is { } unexpected)
        {
            return ($"git ran with '{unexpected}'", false);
        }

        // Buildah keeps its cache in a repository beside the image (no tag); every other ref has a tag.
        foreach (var reference in result.Tags.Concat(result.CacheFrom).Append(result.CacheTo).OfType<string>())
        {
            if (!Grammar.Reference().IsMatch(reference)
                && !(result.Engine == GitLabDockerEngine.Buildah && result.CacheFrom.Append(result.CacheTo).Contains(reference) && Grammar.Repository().IsMatch(reference)))
            {
                return ($"invalid reference '{ImageName.Printable(reference)}'", false);
            }
        }

        foreach (var command in process.Commands)
        {
            var argv = Argv(command.Arguments.Render());
            if (argv.Count != command.Arguments.Count())
            {
                return ($"'{command.Step}' has {command.Arguments.Count()} arguments but the process received {argv.Count}", false);
            }

            if (argument is not null && command.Step is "build" or "buildx build" or "login"
                && command.Arguments.Render().Contains(Render(argument), StringComparison.Ordinal) && !argv.Contains(argument))
            {
                return ($"'{ImageName.Printable(argument)}' did not reach '{command.Step}' as one argument", false);
            }
        }

        if (argument is not null && !process.Commands.Any(command => Argv(command.Arguments.Render()).Contains(argument)))
        {
            return ($"'{ImageName.Printable(argument)}' reached no command as one argument", false);
        }

        return (null, false);
    }

    /// <summary>Starts a real process with the command line as Cake passes it and returns the argv it received.</summary>
    private List<string> Argv(string commandLine)
    {
        using var process = Process.Start(new ProcessStartInfo(_recorder, commandLine) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Length == 0 ? [] : output.TrimEnd('\0').Split('\0').ToList();
    }

    private static string Render(string value) => new Cake.Core.IO.Arguments.QuotedArgument(new Cake.Core.IO.Arguments.TextArgument(value)).Render();

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_recorder)!, recursive: true);
}
