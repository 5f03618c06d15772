using Cake.Core;
using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// The <c>skopeo</c> command lines the daemonless engine uses to promote an image registry to registry, byte for byte.
/// skopeo reads the login Buildah wrote (<c>REGISTRY_AUTH_FILE</c> or the containers auth file). Pure.
/// </summary>
internal static class SkopeoCommands
{
    public static EngineCommand Inspect(string reference, BuildInputs inputs) => new(
        "inspect",
        Tls(new ProcessArgumentBuilder().Append("inspect"), inputs, string.Empty)
            .Append("--format").AppendQuoted("{{.Digest}}")
            .AppendQuoted($"docker://{reference}"))
    {
        Assumed = $"{reference} is not in the registry",
    };

    private static ProcessArgumentBuilder Tls(ProcessArgumentBuilder args, BuildInputs inputs, string side)
    {
        if (!inputs.TlsVerify)
        {
            args.Append($"--{side}tls-verify=false");
        }

        if (inputs.CertDirectory is not null)
        {
            args.Append($"--{side}cert-dir").AppendQuoted(inputs.CertDirectory);
        }

        return args;
    }
}
