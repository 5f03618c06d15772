using System.Text.RegularExpressions;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Docker's tag grammar: <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.
/// </summary>
internal static partial class DockerTag
{
    /// <summary>Returns whether a value is a valid tag.</summary>
    public static bool IsValid(string tag) => Pattern().IsMatch(tag);

    /// <summary>Returns the tag, or throws a <see cref="CakeException"/> naming where it came from.</summary>
    public static string Require(string tag, string source) =>
        IsValid(tag)
            ? tag
            : throw new CakeException(
                $"{source} '{ImageName.Printable(tag)}' is not a valid Docker tag: a tag is 1 to 128 characters from " +
                "[A-Za-z0-9_.-] and cannot start with '.' or '-'. Rename the Git tag (for example 'v1.2.3').");

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex Pattern();
}
