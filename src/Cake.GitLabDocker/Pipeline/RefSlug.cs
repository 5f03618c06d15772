using System.Text;

namespace Cake.GitLabDocker;

/// <summary>
/// GitLab's <c>CI_COMMIT_REF_SLUG</c> algorithm, for when the variable is not set (local runs, older runners):
/// Ruby's <c>str.downcase.gsub(/[^a-z0-9]/, '-')[0..62].gsub(/(\A-+|-+\z)/, '')</c>. That is: lowercase with Unicode's
/// full case mapping, every code point outside <c>[a-z0-9]</c> becomes <c>-</c> (no collapsing), cut to 63, then
/// leading and trailing <c>-</c> trimmed.
/// </summary>
internal static class RefSlug
{
    private const int MaxLength = 63;

    /// <summary>
    /// The unconditional full lowercase mappings of Unicode's SpecialCasing.txt that the runtime's simple mapping
    /// (<see cref="Rune.ToLowerInvariant"/>) does not give. A test derives this table from SpecialCasing.txt.
    /// </summary>
    internal static readonly IReadOnlyDictionary<Rune, string> SpecialLowercase = new Dictionary<Rune, string>
    {
        [new Rune(0x0130)] = "\u0069\u0307", // LATIN CAPITAL LETTER I WITH DOT ABOVE → i + COMBINING DOT ABOVE
    };

    /// <summary>Computes the slug of a branch or tag name.</summary>
    /// <param name="refName">The branch or tag name.</param>
    /// <returns>The slug; empty when nothing of the name survives.</returns>
    public static string From(string refName)
    {
        ArgumentNullException.ThrowIfNull(refName);
        var slug = new StringBuilder(Math.Min(refName.Length, MaxLength));

        // GitLab works on code points: a character outside the BMP becomes one '-', not two.
        foreach (var lower in Lowercase(refName))
        {
            if (slug.Length == MaxLength)
            {
                break;
            }

            slug.Append(lower.Value is >= 'a' and <= 'z' or >= '0' and <= '9' ? (char)lower.Value : '-');
        }

        return slug.ToString().Trim('-');
    }

    /// <summary>
    /// Lowercases with Unicode's full case mapping, as Ruby's <c>String#downcase</c> does: one code point may become
    /// several (<c>İ</c> → <c>i</c> + U+0307), so the cut at 63 counts the lowered code points.
    /// </summary>
    /// <param name="value">The text to lowercase.</param>
    /// <returns>The lowered code points, in order.</returns>
    internal static IEnumerable<Rune> Lowercase(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            if (SpecialLowercase.TryGetValue(rune, out var full))
            {
                foreach (var part in full.EnumerateRunes())
                {
                    yield return part;
                }
            }
            else
            {
                yield return Rune.ToLowerInvariant(rune);
            }
        }
    }
}
