using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Docker's tag grammar, <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>, and the rules that make derived tags fit it.
/// </summary>
internal static partial class DockerTag
{
    /// <summary>The longest tag Docker accepts.</summary>
    public const int MaxLength = 128;

    private const int HashLength = 8;

    /// <summary>Returns whether a value is a valid tag.</summary>
    public static bool IsValid(string tag) => Pattern().IsMatch(tag);

    /// <summary>Returns the tag, or throws a <see cref="CakeException"/> naming where it came from.</summary>
    public static string Require(string tag, string source) =>
        IsValid(tag)
            ? tag
            : throw new CakeException(
                $"{source} '{ImageName.Printable(tag)}' is not a valid Docker tag: a tag is 1 to {MaxLength} characters from " +
                "[A-Za-z0-9_.-] and cannot start with '.' or '-'.");

    /// <summary>
    /// Turns a Git tag into a Docker tag: SemVer build metadata's <c>+</c> becomes <c>_</c> (a character SemVer never
    /// uses, so the mapping is reversible); a tag longer than 128 characters is shortened with a hash suffix. Any other
    /// character Docker forbids is refused, naming <paramref name="source"/>.
    /// </summary>
    public static string FromGitTag(string gitTag, string source)
    {
        var tag = Fit(gitTag.Replace('+', '_'), gitTag);
        return IsValid(tag)
            ? tag
            : throw new CakeException(
                $"{source} '{ImageName.Printable(gitTag)}' cannot be a Docker tag: a tag uses only [A-Za-z0-9_.-] " +
                "(a '+' becomes '_'), and cannot start with '.' or '-'. Name the Git tag like 'v1.2.3', or set " +
                "GitLabDockerBuildSettings.Push = false for this pipeline.");
    }

    /// <summary>
    /// Returns <paramref name="tag"/> when it fits <paramref name="maxLength"/>; otherwise its first characters, a
    /// <c>-</c> and the first 8 hex digits of the SHA-256 of <paramref name="original"/>, so two long names that share a
    /// prefix never collide.
    /// </summary>
    public static string Fit(string tag, string original, int maxLength = MaxLength) =>
        tag.Length <= maxLength ? tag : $"{tag[..(maxLength - HashLength - 1)]}-{Hash(original)}";

    /// <summary>Returns the first 8 hex digits of the SHA-256 of a name's UTF-8 bytes.</summary>
    public static string Hash(string name) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..HashLength];

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex Pattern();
}
