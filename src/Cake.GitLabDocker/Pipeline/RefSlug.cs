using System.Text;

namespace Cake.GitLabDocker;

/// <summary>
/// GitLab's <c>CI_COMMIT_REF_SLUG</c> algorithm, for when the variable is not set (local runs, older runners):
/// lowercase, every character outside <c>[a-z0-9]</c> becomes <c>-</c> (no collapsing), cut to 63 characters,
/// then leading and trailing <c>-</c> trimmed.
/// </summary>
internal static class RefSlug
{
    private const int MaxLength = 63;

    /// <summary>Computes the slug of a branch or tag name.</summary>
    /// <param name="refName">The branch or tag name.</param>
    /// <returns>The slug; empty when nothing of the name survives.</returns>
    public static string From(string refName)
    {
        ArgumentNullException.ThrowIfNull(refName);
        var slug = new StringBuilder(Math.Min(refName.Length, MaxLength));

        // GitLab works on code points: a character outside the BMP becomes one '-', not two.
        foreach (var rune in refName.EnumerateRunes())
        {
            if (slug.Length == MaxLength)
            {
                break;
            }

            var lower = Rune.ToLowerInvariant(rune);
            slug.Append(lower.Value is >= 'a' and <= 'z' or >= '0' and <= '9' ? (char)lower.Value : '-');
        }

        return slug.ToString().Trim('-');
    }
}
