using Cake.Core;
using Cake.Core.Annotations;

namespace Cake.GitLabDocker;

public static partial class GitLabDockerAliases
{
    /// <summary>
    /// Logs the engine in to <c>$CI_REGISTRY</c> as <c>$CI_REGISTRY_USER</c>, giving <c>$CI_REGISTRY_PASSWORD</c> on
    /// standard input, in the engine's own credentials store (<c>docker login</c>: your Docker config or credential
    /// helper; <c>buildah login</c>: your auth file), where the login stays after the call; log out yourself when done.
    /// <see cref="GitLabDockerBuild(ICakeContext)"/> needs none of this: it gives the engine the job's credentials in a
    /// private file of the call's own and never writes your files. Use this before other registry work of your own.
    /// The BuildKit engine has no login: it says so and does nothing.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <example>
    /// <code>
    /// Task("Login").Does(() => GitLabDockerLogin());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static void GitLabDockerLogin(this ICakeContext context) =>
        GitLabDockerLogin(context, new GitLabDockerBuildSettings());

    /// <summary>
    /// Logs the engine in, where the login stays (see <see cref="GitLabDockerLogin(ICakeContext)"/>), to the registry of
    /// the settings (<see cref="GitLabDockerBuildSettings.Registry"/>,
    /// <see cref="GitLabDockerBuildSettings.Username"/>, <see cref="GitLabDockerBuildSettings.Password"/>, each
    /// falling back to GitLab's variables).
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The settings.</param>
    /// <example>
    /// <code>
    /// GitLabDockerLogin(new GitLabDockerBuildSettings { Engine = GitLabDockerEngine.Buildah });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static void GitLabDockerLogin(this ICakeContext context, GitLabDockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Runner(context).Login(settings);
    }

    /// <summary>
    /// Logs the engine in, where the login stays (see <see cref="GitLabDockerLogin(ICakeContext)"/>), with settings set in a callback.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="configure">Sets the settings.</param>
    /// <example>
    /// <code>
    /// GitLabDockerLogin(s => s.WithCredentials("registry.example.com", "deploy", EnvironmentVariable("DEPLOY_TOKEN")));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static void GitLabDockerLogin(this ICakeContext context, Action<GitLabDockerBuildSettings> configure) =>
        GitLabDockerLogin(context, Configure(configure));
}
