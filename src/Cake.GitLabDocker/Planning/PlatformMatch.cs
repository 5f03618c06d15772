namespace Cake.GitLabDocker;

/// <summary>
/// Compares platforms the way containerd's matcher does after normalising (<c>platforms.Normalize</c>): <c>x86_64</c> is
/// <c>amd64</c>, <c>aarch64</c> is <c>arm64</c> whose <c>v8</c> is the default, <c>arm</c> without a variant is
/// <c>arm/v7</c>, <c>armhf</c> is <c>arm/v7</c>, <c>armel</c> is <c>arm/v6</c>, <c>i386</c> is <c>386</c>. Pure.
/// </summary>
internal static class PlatformMatch
{
    /// <summary>
    /// Whether an image of platform <paramref name="actual"/> answers for <paramref name="expected"/>: the same OS and
    /// architecture, and the same variant unless <paramref name="expected"/> leaves it open (<c>linux/amd64</c> accepts
    /// <c>linux/amd64/v3</c>; <c>linux/arm64/v8</c> and <c>linux/arm64</c> are one platform).
    /// </summary>
    public static bool Matches(string expected, string actual)
    {
        var (os, arch, variant) = Normalize(expected);
        var (actualOs, actualArch, actualVariant) = Normalize(actual);
        var variantOpen = expected.Count(c => c == '/') == 1 && arch != "arm";
        return os == actualOs && arch == actualArch && (variantOpen || variant == actualVariant);
    }

    /// <summary>Returns the OS, architecture and variant of <c>os/arch[/variant]</c>, normalised.</summary>
    public static (string Os, string Architecture, string Variant) Normalize(string platform)
    {
        var parts = platform.ToLowerInvariant().Split('/');
        var os = parts[0];
        var arch = parts.Length > 1 ? parts[1] : string.Empty;
        var variant = parts.Length > 2 ? parts[2] : string.Empty;
        return arch switch
        {
            "i386" => (os, "386", string.Empty),
            "x86_64" or "x86-64" or "amd64" => (os, "amd64", variant == "v1" ? string.Empty : variant),
            "aarch64" or "arm64" => (os, "arm64", variant is "8" or "v8" or "v8.0" ? string.Empty : variant),
            "armhf" => (os, "arm", "v7"),
            "armel" => (os, "arm", "v6"),
            "arm" => (os, "arm", variant switch
            {
                "" or "7" => "v7",
                "5" or "6" or "8" => "v" + variant,
                _ => variant,
            }),
            _ => (os, arch, variant),
        };
    }
}
