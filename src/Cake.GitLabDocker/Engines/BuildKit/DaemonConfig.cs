using System.Text;

namespace Cake.GitLabDocker;

/// <summary>
/// The registry's TLS settings for the throw-away daemon of <c>buildctl-daemonless.sh</c>, which reads them only from its
/// own config (<c>buildkitd.toml</c>): the CA certificates (<c>*.crt</c>) and client certificate (<c>NAME.cert</c> with
/// <c>NAME.key</c>) of <see cref="GitLabDockerBuildSettings.CertDirectory"/>, and <c>insecure = true</c> for
/// <c>TlsVerify = false</c>. The config goes to the daemon as <c>--config</c> in <c>BUILDKITD_FLAGS</c>, in a private
/// folder deleted after the call. A daemon the job only reaches (<c>BUILDKIT_HOST</c>) has its own config.
/// </summary>
internal sealed class DaemonConfig : IDisposable
{
    /// <summary>The variable the daemonless script passes to <c>buildkitd</c>.</summary>
    public const string FlagsVariable = "BUILDKITD_FLAGS";

    private readonly string _folder;

    private DaemonConfig(string folder, string flags)
    {
        _folder = folder;
        Flags = flags;
    }

    /// <summary>Gets the value of <c>BUILDKITD_FLAGS</c> for the call: the job's own flags and <c>--config</c>.</summary>
    public string Flags { get; }

    /// <summary>
    /// Writes the config when the registry needs one, or returns <see langword="null"/>: no CertDirectory and TLS verified,
    /// or the job's <c>BUILDKITD_FLAGS</c> name a config of their own already (which is then used as it is, with a note).
    /// </summary>
    public static DaemonConfig? For(string registry, BuildInputs inputs, string? jobFlags, JobLog jobLog)
    {
        if (inputs.CertDirectory is null && inputs.TlsVerify)
        {
            return null;
        }

        if (jobFlags is not null && jobFlags.Contains("--config", StringComparison.Ordinal))
        {
            jobLog.Line($"{FlagsVariable} names a buildkitd config already: the daemon takes the TLS settings for {registry} from it " +
                        "([registry.\"HOST:PORT\"] ca, keypair, insecure), not from CertDirectory or TlsVerify.");
            return null;
        }

        var toml = new StringBuilder();
        toml.Append("[registry.").Append(Quoted(registry)).Append("]\n");
        if (!inputs.TlsVerify)
        {
            toml.Append("  insecure = true\n");
        }

        var folder = inputs.CertDirectory;
        if (folder is not null && Directory.Exists(folder))
        {
            var authorities = Directory.EnumerateFiles(folder, "*.crt").Order(StringComparer.Ordinal).Select(Quoted).ToList();
            if (authorities.Count > 0)
            {
                toml.Append("  ca = [").AppendJoin(", ", authorities).Append("]\n");
            }

            foreach (var certificate in Directory.EnumerateFiles(folder, "*.cert").Order(StringComparer.Ordinal))
            {
                toml.Append("  [[registry.").Append(Quoted(registry)).Append(".keypair]]\n")
                    .Append("    key = ").Append(Quoted(Path.ChangeExtension(certificate, ".key"))).Append('\n')
                    .Append("    cert = ").Append(Quoted(certificate)).Append('\n');
            }
        }

        var configFolder = Directory.CreateTempSubdirectory("gitlab-docker-buildkitd-").FullName;
        var path = Path.Combine(configFolder, "buildkitd.toml");
        File.WriteAllText(path, toml.ToString());
        var flags = string.IsNullOrWhiteSpace(jobFlags) ? $"--config={path}" : $"{jobFlags.Trim()} --config={path}";
        return new DaemonConfig(configFolder, flags);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A config left in the temporary folder holds no secret; the build's own outcome matters more.
        }
    }

    /// <summary>A TOML basic string.</summary>
    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
