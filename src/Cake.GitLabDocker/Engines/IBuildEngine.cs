namespace Cake.GitLabDocker;

/// <summary>
/// An engine turns a plan into engine commands and runs them. The credentials of a call live in a private file of the
/// call's own, never in the user's Docker config or auth file; disposing the engine deletes that file.
/// </summary>
internal interface IBuildEngine : IDisposable
{
    /// <summary>
    /// Gives the call's commands these credentials, in the call's private credentials file (an engine with a login
    /// command may also check them with it, writing only to that file). Nothing is left once the engine is disposed.
    /// </summary>
    void Login(RegistryCredentials credentials, BuildInputs inputs);

    /// <summary>
    /// Logs in to the engine's own credentials store (the user's Docker config or credential helper, Buildah's auth
    /// file), where the login stays after the call: what <c>GitLabDockerLogin</c> asks for. The password goes on standard input.
    /// </summary>
    void LoginForLater(RegistryCredentials credentials, BuildInputs inputs);

    /// <summary>
    /// Starts what the build will check and needs no login for (Buildah's storage check), so that it runs beside the login;
    /// called before the logins of a call that may build. Most engines have nothing to start.
    /// </summary>
    void StartChecks(BuildInputs inputs)
    {
    }

    /// <summary>Builds (and, when the plan says so, pushes) the image. Returns the pushed digest, or <see langword="null"/>.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="inputs">The build inputs.</param>
    string? Build(GitLabDockerBuildPlan plan, BuildInputs inputs);

    /// <summary>Returns the digest of an image in the registry, or <see langword="null"/> when it does not exist.</summary>
    string? Inspect(string reference, BuildInputs inputs);
}
