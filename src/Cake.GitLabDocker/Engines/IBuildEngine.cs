namespace Cake.GitLabDocker;

/// <summary>
/// An engine turns a plan into engine commands and runs them.
/// </summary>
internal interface IBuildEngine
{
    /// <summary>Logs in to the registry, giving the password on standard input.</summary>
    void Login(RegistryCredentials credentials, BuildInputs inputs);

    /// <summary>
    /// Removes a login this call made, so the credentials do not outlive the job on a shell runner or a laptop. Never
    /// throws: a logout that fails is a warning.
    /// </summary>
    void Logout(RegistryCredentials credentials, BuildInputs inputs);

    /// <summary>Builds (and, when the plan says so, pushes) the image. Returns the pushed digest, or <see langword="null"/>.</summary>
    string? Build(GitLabDockerBuildPlan plan, BuildInputs inputs);

    /// <summary>Returns the digest of an image in the registry, or <see langword="null"/> when it does not exist.</summary>
    string? Inspect(string reference, BuildInputs inputs);

    /// <summary>Copies the image <paramref name="source"/> at <paramref name="digest"/> to the targets, in order, without rebuilding. Returns the digest.</summary>
    string Promote(string source, string digest, IReadOnlyList<string> targets, BuildInputs inputs);
}
