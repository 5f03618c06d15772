using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Every alias resolves its call the same way: the same bad input is refused by each with the same message before
/// any process starts, and a dry run of each starts none.
/// </summary>
public sealed class ResolutionTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("gitlab-docker-resolution-").FullName;
    private readonly List<string> _started = [];

    public static TheoryData<string, string> BadInputs => new()
    {
        { "builder endpoint", "GitLabDockerBuildSettings.BuilderEndpoint 'http://buildkitd:1234' must start with tcp:// or unix://" },
        { "builder driver", "GitLabDockerBuildSettings.BuilderDriver 'podman' is not a driver the add-in manages" },
        { "push retries", "GitLabDockerBuildSettings.PushRetries is -1" },
        { "engine variable", "GITLAB_DOCKER_ENGINE is 'kaniko', which is not an engine" },
        { "tls variable", "GITLAB_DOCKER_TLS_VERIFY is 'maybe'" },
        { "image", "GitLabDockerBuildSettings.Image 'Registry.Example.com/Group/App Name' is not a valid image repository" },
        { "commit tag", "CI_COMMIT_TAG is 'latest', a tag this add-in keeps" },
        { "build arg", "GitLabDockerBuildSettings.BuildArgs entry 'A=B' cannot be passed to the engine" },
        { "secret", "GitLabDockerBuildSettings.Secrets['npm'] reads the variable NPM_TOKEN, which is not set in this job" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Every_alias_refuses_a_bad_input_with_the_same_message_before_any_process(string input, string expected)
    {
        var messages = Aliases.Select(alias =>
        {
            var (settings, variables) = Bad(input);
            return Assert.Throws<CakeException>(() => alias.Call(Runner(variables), settings)).Message;
        }).ToList();

        Assert.All(messages, message => Assert.StartsWith(expected, message));
        Assert.Single(messages.Distinct());
        Assert.Empty(_started);
    }

    [Theory]
    [InlineData("Plan")]
    [InlineData("Build")]
    [InlineData("Promote")]
    [InlineData("Login")]
    public void A_dry_run_of_every_alias_starts_no_process(string name)
    {
        var log = new RecordingLog();

        Aliases.Single(alias => alias.Name == name).Call(Runner(Tag(), log), new GitLabDockerBuildSettings().WithDryRun());

        Assert.Empty(_started);
        Assert.DoesNotContain(log.Lines, line => line.Contains(Variables.Password, StringComparison.Ordinal));
    }

    [Fact]
    public void The_dry_run_argument_counts_for_login_too()
    {
        var log = new RecordingLog();

        Runner(Variables.Tag(), log, dryRunArgument: true).Login(new GitLabDockerBuildSettings());

        Assert.Empty(_started);
        Assert.Contains(log.Lines, line => line.StartsWith("Would run: docker login", StringComparison.Ordinal));
    }

    [Fact]
    public void The_plan_alias_checks_the_build_inputs_the_build_would_use()
    {
        var error = Assert.Throws<CakeException>(() =>
            Runner(Variables.Tag()).Plan(new GitLabDockerBuildSettings { PushRetries = -1 }));

        Assert.Contains("PushRetries", error.Message);
    }

    [Fact]
    public void Promote_outside_a_tag_pipeline_is_refused_even_in_a_dry_run()
    {
        var error = Assert.Throws<CakeException>(() =>
            Runner(Variables.DefaultBranch()).Promote(new GitLabDockerBuildSettings().WithDryRun()));

        Assert.Contains("runs in tag pipelines", error.Message);
    }

    private static readonly (string Name, Action<GitLabDockerRunner, GitLabDockerBuildSettings> Call)[] Aliases =
    [
        ("Plan", (runner, settings) => runner.Plan(settings)),
        ("Build", (runner, settings) => runner.Build(settings)),
        ("Promote", (runner, settings) => runner.Promote(settings)),
        ("Login", (runner, settings) => runner.Login(settings)),
    ];

    private static (GitLabDockerBuildSettings Settings, Dictionary<string, string?> Variables) Bad(string input)
    {
        var settings = new GitLabDockerBuildSettings();
        var variables = Tag();
        switch (input)
        {
            case "builder endpoint": settings.BuilderEndpoint = "http://buildkitd:1234"; break;
            case "builder driver": settings.BuilderDriver = "podman"; break;
            case "push retries": settings.PushRetries = -1; break;
            case "engine variable": variables["GITLAB_DOCKER_ENGINE"] = "kaniko"; break;
            case "tls variable": variables["GITLAB_DOCKER_TLS_VERIFY"] = "maybe"; break;
            case "image": settings.Image = "Registry.Example.com/Group/App Name"; break;
            case "commit tag": variables = Tag("latest"); break;
            case "build arg": settings.BuildArgs["A=B"] = "x"; break;
            case "secret": settings.Secrets["npm"] = "NPM_TOKEN"; break;
            default: throw new ArgumentOutOfRangeException(nameof(input), input, null);
        }

        return (settings, variables);
    }

    /// <summary>A tag pipeline of a commit, so <c>GitLabDockerPromote</c> has a commit image to look for.</summary>
    private static Dictionary<string, string?> Tag(string tag = "v1.2.3") =>
        Variables.With(Variables.Tag(tag), ("CI_COMMIT_SHA", "0123456789abcdef0123456789abcdef01234567"), ("CI_COMMIT_SHORT_SHA", "01234567"));

    private GitLabDockerRunner Runner(Dictionary<string, string?> variables, RecordingLog? log = null, bool dryRunArgument = false) => new(
        log ?? new RecordingLog(),
        variables.Reader(),
        path => _work + "/" + path.FullPath.TrimStart('.', '/'),
        (executable, _) =>
        {
            _started.Add(executable);
            return new RecordingProcess();
        },
        dryRunArgument: dryRunArgument);

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
