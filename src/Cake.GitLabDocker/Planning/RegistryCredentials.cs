namespace Cake.GitLabDocker;

/// <summary>
/// A registry login. The password is kept out of <see cref="ToString"/> so it cannot reach a log by accident.
/// </summary>
internal sealed class RegistryCredentials(string registry, string username, string password)
{
    /// <summary>Gets the registry host to log in to.</summary>
    public string Registry { get; } = registry;

    /// <summary>Gets the user name.</summary>
    public string Username { get; } = username;

    /// <summary>Gets the password; only ever written to the engine's standard input.</summary>
    public string Password { get; } = password;

    /// <inheritdoc />
    public override string ToString() => $"{Username}@{Registry} (password [REDACTED])";
}
