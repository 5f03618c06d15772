using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A login (GitLabDockerLogin's, to the engine's own store) whose engine exits before reading the password (an old CLI that refuses <c>--password-stdin</c>): every
/// engine that logs in reports the login failure with its hint, never a broken pipe. The password is larger than a
/// pipe buffer, so the write meets a closed pipe every time instead of by chance.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ClosedPipeTests : IDisposable
{
    private const int Runs = 50;
    private static readonly RegistryCredentials Credentials = new("registry.example.com:5050", "gitlab-ci-token", "glcbt-" + new string('p', 100 * 1024));

    private readonly StandInFolder _standIns = new();

    public static TheoryData<string> Engines => new() { "docker", "buildah" };

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_login_that_exits_before_reading_the_password_fails_as_a_login_every_time(string executable)
    {
        var tool = RealEngineTool.For(_standIns.Script(executable, "echo 'unknown flag: --password-stdin' >&2\nexit 1"), name: executable);
        IBuildEngine engine = executable == "docker" ? new BuildxEngine(tool) : new BuildahEngine(tool);

        for (var run = 0; run < Runs; run++)
        {
            var error = Assert.Throws<CakeException>(() => engine.LoginForLater(Credentials, Inputs.Default()));

            Assert.Equal(1, error.ExitCode);
            Assert.StartsWith($"{executable} login failed with exit code 1:\n  unknown flag: --password-stdin\n{LoginHint.For(Credentials)}\nCommand: '{executable} ", error.Message);
            Assert.DoesNotContain("glcbt-", error.Message);
        }
    }

    public void Dispose() => _standIns.Dispose();
}
