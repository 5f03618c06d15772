using System.Globalization;
using System.Text;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Checks <see cref="RefSlug"/>'s lowercase mapping against the Unicode Character Database of Debian's
/// <c>unicode-data</c> package: the in-code table against SpecialCasing.txt, and the whole mapping against
/// SpecialCasing.txt with UnicodeData.txt.
/// </summary>
public class RefSlugCaseMappingTests
{
    private const string Folder = "/usr/share/unicode";

    [Fact]
    public void The_special_table_is_what_SpecialCasing_adds_to_the_runtime_mapping()
    {
        var derived = UnconditionalLowercase()
            .Where(entry => entry.Value != Rune.ToLowerInvariant(entry.Key).ToString())
            .ToDictionary();

        Assert.Equal(Show(derived), Show(RefSlug.SpecialLowercase));
    }

    [Fact]
    public void Every_code_point_lowercases_with_the_full_mapping()
    {
        var special = UnconditionalLowercase();
        var differences = new List<string>();
        foreach (var (rune, simple) in SimpleLowercase())
        {
            var expected = special.TryGetValue(rune, out var full) ? full : simple;
            var actual = string.Concat(RefSlug.Lowercase(rune.ToString()));
            if (actual != expected)
            {
                differences.Add($"U+{rune.Value:X4}: Unicode {Codes(expected)}, RefSlug {Codes(actual)}");
            }
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences.Take(20)));
    }

    /// <summary>SpecialCasing.txt's lowercase mappings that hold in every context and language.</summary>
    private static Dictionary<Rune, string> UnconditionalLowercase()
    {
        var table = new Dictionary<Rune, string>();
        foreach (var fields in Fields("SpecialCasing.txt"))
        {
            // code; lower; title; upper; [condition list;] # comment
            if (fields.Length >= 4 && (fields.Length < 5 || fields[4].Length == 0))
            {
                table[Parse(fields[0])] = string.Concat(fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse));
            }
        }

        Assert.True(table.Count > 50, $"SpecialCasing.txt has only {table.Count} unconditional entries");
        return table;
    }

    /// <summary>UnicodeData.txt's simple lowercase mapping (field 13) of every code point it lists; none maps to itself.</summary>
    private static IEnumerable<(Rune Rune, string Lower)> SimpleLowercase()
    {
        foreach (var fields in Fields("UnicodeData.txt"))
        {
            var value = int.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (Rune.IsValid(value))
            {
                yield return (new Rune(value), fields[13].Length == 0 ? new Rune(value).ToString() : Parse(fields[13]).ToString());
            }
        }
    }

    private static IEnumerable<string[]> Fields(string file)
    {
        var path = Path.Combine(Folder, file);
        Assert.True(File.Exists(path),
            $"{path} is missing: install the Unicode Character Database (Debian: apt-get install unicode-data).");
        return File.ReadLines(path)
            .Select(line => line.Split('#')[0].Trim())
            .Where(line => line.Length > 0)
            .Select(line => line.Split(';').Select(field => field.Trim()).ToArray());
    }

    private static Rune Parse(string hex) => new(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static string Codes(string text) => string.Join(' ', text.EnumerateRunes().Select(rune => $"U+{rune.Value:X4}"));

    private static string Show(IReadOnlyDictionary<Rune, string> table) =>
        string.Join(", ", table.OrderBy(entry => entry.Key.Value).Select(entry => $"U+{entry.Key.Value:X4} → {Codes(entry.Value)}"));
}
